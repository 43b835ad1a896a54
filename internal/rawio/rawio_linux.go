package rawio

import (
	"io/fs"
	"syscall"
	"time"
)

// ReadFile is os.Stat and os.ReadFile in one open, fstat, read and close.
// It reads a regular file up to the size fstat gave, without the read
// that would see EOF; anything else to EOF. Errors are *fs.PathError, as
// os's.
func ReadFile(name string) ([]byte, Stat, error) {
	fd, err := openRetry(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, Stat{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	var info Stat
	if syscall.Fstat(fd, &st) == nil {
		info = Stat{Size: st.Size, ModTime: time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)), Regular: st.Mode&syscall.S_IFMT == syscall.S_IFREG}
	}
	size := int64(0)
	if info.Regular {
		size = info.Size
	}
	data := make([]byte, 0, size+1) // one more: a grown file's EOF is seen without growing
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, Stat{}, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			return data, info, nil
		}
		data = data[:len(data)+n]
		if info.Regular && int64(len(data)) == info.Size {
			return data, info, nil // all fstat saw: spare the read that would see EOF
		}
	}
}

// WriteFile is os.WriteFile(name, data, 0o644) in one open, write and
// close.
func WriteFile(name string, data []byte) error {
	fd, err := openRetry(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func openRetry(name string, flag int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(name, flag, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
