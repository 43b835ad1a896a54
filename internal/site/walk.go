package site

import (
	"io/fs"
	"os"
	"path/filepath"
)

// WalkDir walks the folder dir like filepath.WalkDir, except that dir may
// be a symbolic link to a folder: a site checked out elsewhere and linked
// into place, or a content folder linked to docs/. filepath.WalkDir would
// visit only the link itself and find nothing. Paths passed to fn are
// under dir as given; links inside are not followed.
func WalkDir(dir string, fn fs.WalkDirFunc) error {
	start := dir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		start = dir + string(filepath.Separator) // the trailing separator makes Lstat follow it
	}
	return filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if p == start {
			p = dir
		}
		return fn(p, d, err)
	})
}
