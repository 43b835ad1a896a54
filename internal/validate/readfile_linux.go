//go:build linux

package validate

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

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

// walkDir is site.WalkDir reading each folder with open, getdents and
// close instead of os.ReadDir, whose *os.File costs more system calls
// than the listing (see readSource), and a Nix tree has a folder per
// machine. Paths, order, entry types and SkipDir are as site.WalkDir's.
func walkDir(dir string, fn fs.WalkDirFunc) error {
	start := dir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		start = dir + string(filepath.Separator) // as site.WalkDir: follow a linked root
	}
	call := func(p string, d fs.DirEntry, err error) error {
		if p == start {
			p = dir
		}
		return fn(p, d, err)
	}
	// What filepath.WalkDir does, with readDir for os.ReadDir.
	info, err := os.Lstat(start)
	if err != nil {
		err = call(start, nil, err)
	} else {
		buf := make([]byte, 8192)
		err = walkRaw(start, fs.FileInfoToDirEntry(info), call, buf)
	}
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

func walkRaw(p string, d fs.DirEntry, fn fs.WalkDirFunc, buf []byte) error {
	if err := fn(p, d, nil); err != nil || !d.IsDir() {
		if err == filepath.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	dirs, err := readDir(p, buf)
	if err != nil {
		if err = fn(p, d, err); err != nil {
			if err == filepath.SkipDir && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, d1 := range dirs {
		if err := walkRaw(filepath.Join(p, d1.name), d1, fn, buf); err != nil {
			if err == filepath.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// readDir is os.ReadDir with raw system calls; buf is scratch.
func readDir(dir string, buf []byte) ([]*dirEntry, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	var out []*dirEntry
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			sortEntries(out)
			return out, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			break
		}
		// struct linux_dirent64: ino 8, off 8, reclen 2, type 1, name.
		for off := 0; off+19 <= n; {
			reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
			if reclen < 19 || off+reclen > n {
				break
			}
			typ, name := buf[off+18], buf[off+19:off+reclen]
			off += reclen
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if s := string(name); s != "." && s != ".." {
				e := &dirEntry{name: s, dir: dir}
				switch typ {
				case syscall.DT_DIR:
					e.typ = fs.ModeDir
				case syscall.DT_REG:
				case syscall.DT_LNK:
					e.typ = fs.ModeSymlink
				case syscall.DT_FIFO:
					e.typ = fs.ModeNamedPipe
				case syscall.DT_SOCK:
					e.typ = fs.ModeSocket
				case syscall.DT_CHR:
					e.typ = fs.ModeDevice | fs.ModeCharDevice
				case syscall.DT_BLK:
					e.typ = fs.ModeDevice
				default: // as os does: ask
					fi, err := os.Lstat(filepath.Join(dir, s))
					if err != nil {
						continue // gone since the listing
					}
					e.typ = fi.Mode().Type()
				}
				out = append(out, e)
			}
		}
	}
	sortEntries(out)
	return out, nil
}

func sortEntries(es []*dirEntry) {
	slices.SortFunc(es, func(a, b *dirEntry) int { return strings.Compare(a.name, b.name) })
}

// A dirEntry is an fs.DirEntry of readDir.
type dirEntry struct {
	name, dir string
	typ       fs.FileMode
}

func (e *dirEntry) Name() string               { return e.name }
func (e *dirEntry) IsDir() bool                { return e.typ.IsDir() }
func (e *dirEntry) Type() fs.FileMode          { return e.typ }
func (e *dirEntry) Info() (fs.FileInfo, error) { return os.Lstat(filepath.Join(e.dir, e.name)) }
func (e *dirEntry) String() string             { return fs.FormatDirEntry(e) }
