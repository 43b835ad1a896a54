//go:build !linux

package rawio

import (
	"io"
	"os"
)

// ReadFile is os.ReadFile, with what Stat says of the file.
func ReadFile(name string) ([]byte, Stat, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, Stat{}, err
	}
	defer f.Close()
	var info Stat
	if fi, err := f.Stat(); err == nil {
		info = Stat{Size: fi.Size(), ModTime: fi.ModTime(), Regular: fi.Mode().IsRegular()}
	}
	data, err := io.ReadAll(f)
	return data, info, err
}

// WriteFile is os.WriteFile(name, data, 0o644).
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
