// Package rawio reads and writes whole files with as few system calls as
// the kernel allows. On Linux, opening an *os.File registers it with the
// runtime's poller, which for a regular file costs more system calls
// (epoll_ctl, fcntl) than the read or write itself; a build reads and
// writes every page and a config tree has a thousand sources. Elsewhere
// the package is package os.
package rawio

import "time"

// Stat is what ReadFile learned of the file it read.
type Stat struct {
	Size    int64 // as the file's metadata gave it before the read
	ModTime time.Time
	Regular bool
}
