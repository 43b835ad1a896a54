//go:build unix

package nix

import "syscall"

// cpuTime is the process's user+system CPU time in nanoseconds: on a
// shared, busy machine it measures the parser where wall time does not.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
