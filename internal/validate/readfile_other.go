//go:build !linux

package validate

import (
	"io/fs"
	"os"
	"time"

	"github.com/docsite/docsite/internal/site"
)

// statSource is os.Stat's size and modification time.
func statSource(name string) (size int64, mod time.Time, err error) {
	fi, err := os.Stat(name)
	if err != nil {
		return 0, time.Time{}, err
	}
	return fi.Size(), fi.ModTime(), nil
}

// walkDir is site.WalkDir.
func walkDir(dir string, fn fs.WalkDirFunc) error { return site.WalkDir(dir, fn) }
