package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWalkDirThroughLink: a folder reached through a symbolic link is
// walked, with paths under the link's name; links inside are not followed.
func TestWalkDirThroughLink(t *testing.T) {
	real := t.TempDir()
	os.MkdirAll(filepath.Join(real, "infra", "machines"), 0o755)
	os.WriteFile(filepath.Join(real, "infra", "machines", "a.nix"), []byte("{ }\n"), 0o644)
	os.Symlink(filepath.Join(real, "infra"), filepath.Join(real, "loop"))
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	var got []string
	err := WalkDir(link, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(link, p)
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".", "infra", "infra/machines", "infra/machines/a.nix", "loop"}
	if !slices.Equal(got, want) {
		t.Errorf("walked %q, want %q", got, want)
	}
}
