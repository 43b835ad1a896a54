package rawio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadWrite: what WriteFile writes, ReadFile reads back with the size
// and time os.Stat gives, for files empty, small and larger than a read's
// first buffer; a missing file and a folder fail as os fails.
func TestReadWrite(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 1 << 20} {
		data := bytes.Repeat([]byte("nix\n"), size/4+1)[:size]
		name := filepath.Join(dir, "f")
		if err := WriteFile(name, data); err != nil {
			t.Fatal(err)
		}
		got, st, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) || st.Size != fi.Size() || !st.ModTime.Equal(fi.ModTime()) || !st.Regular {
			t.Errorf("size %d: read %d bytes, %+v; os.Stat says %d bytes at %v", size, len(got), st, fi.Size(), fi.ModTime())
		}
		if fi.Mode().Perm()&0o600 != 0o600 {
			t.Errorf("size %d: written with mode %v", size, fi.Mode())
		}
	}
	if err := WriteFile(filepath.Join(dir, "f"), []byte("short")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := ReadFile(filepath.Join(dir, "f")); string(got) != "short" {
		t.Errorf("WriteFile does not truncate: read %q", got)
	}

	_, _, err := ReadFile(filepath.Join(dir, "missing"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) || pe.Op != "open" {
		t.Errorf("missing file: %v", err)
	}
	if _, _, err := ReadFile(dir); err == nil {
		t.Errorf("reading a folder: no error")
	}
	if err := WriteFile(filepath.Join(dir, "no", "such"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing folder: %v", err)
	}
}
