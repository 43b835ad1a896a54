//go:build linux

package validate

import (
	"io/fs"
	"os"
	"syscall"
	"time"
)

// readSource is os.Stat and os.ReadFile in one open, fstat, read and
// close, without an *os.File: opening one registers it with the runtime's
// poller, which for a regular file costs more system calls than the read,
// and a tree has a thousand sources. Once it has the size fstat gave, it
// does not read again to see EOF. A source that cannot be opened is
// left to os.Stat and os.ReadFile, so its error reads as it always did.
func readSource(name string) (src []byte, size int64, mod time.Time, err error) {
	fd, err := openRetry(name)
	if err != nil {
		return readSourceOS(name)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return readSourceOS(name)
	}
	data := make([]byte, 0, st.Size+1) // one more: a grown file's EOF is seen without growing
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, 0, time.Time{}, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		data = data[:len(data)+n]
		if int64(len(data)) == st.Size {
			break // all fstat saw: spare the read that would see EOF
		}
	}
	return data, st.Size, time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)), nil
}

// statSource is os.Stat's size and modification time.
func statSource(name string) (size int64, mod time.Time, err error) {
	var st syscall.Stat_t
	for {
		err = syscall.Stat(name, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		fi, err := os.Stat(name)
		if err != nil {
			return 0, time.Time{}, err
		}
		return fi.Size(), fi.ModTime(), nil
	}
	return st.Size, time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)), nil
}

func openRetry(name string) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
