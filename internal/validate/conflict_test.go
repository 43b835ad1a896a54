package validate

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// errorComment is an expectation written next to the claim it is about, as
// go/parser's tests write /* ERROR "rx" */: a stale result on this line
// whose message matches rx.
var errorComment = regexp.MustCompile(`<!-- ERROR "((?:[^"\\]|\\.)*)" -->`)

// TestConflicts runs each testdata/conflict/*.txtar: a small site (one
// section per file) whose config disagrees with itself. Every line with an
// ERROR comment must have a stale claim with a matching message, and no
// other line may have one.
func TestConflicts(t *testing.T) {
	paths, err := filepath.Glob("testdata/conflict/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			files := splitTxtar(string(data))
			for name, body := range files {
				dst := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := site.Load(filepath.Join(root, "site.toml"))
			if err != nil {
				t.Fatal(err)
			}
			rep, inv := checkSite(t, root, readPages(t, cfg))
			for _, d := range inv.Diags {
				t.Errorf("config: %s", d)
			}
			type line struct {
				file string
				n    int
			}
			want := map[line]*regexp.Regexp{}
			for name, body := range files {
				for i, l := range strings.Split(body, "\n") {
					if m := errorComment.FindStringSubmatch(l); m != nil {
						rx, err := regexp.Compile(strings.ReplaceAll(m[1], `\"`, `"`))
						if err != nil {
							t.Fatalf("%s:%d: %v", name, i+1, err)
						}
						want[line{name, i + 1}] = rx
					}
				}
			}
			seen := map[line]bool{}
			for _, r := range rep.Results {
				if r.Verdict != Stale {
					continue
				}
				l := line{r.Claim.Pos.File, r.Claim.Pos.Line}
				rx, ok := want[l]
				switch {
				case !ok:
					t.Errorf("%s: unexpected stale: %s", r.Claim.Pos, r.Message)
				case !rx.MatchString(r.Message):
					t.Errorf("%s: message %q does not match %q", r.Claim.Pos, r.Message, rx)
				default:
					seen[l] = true
				}
			}
			for l, rx := range want {
				if !seen[l] {
					t.Errorf("%s:%d: no stale claim matching %q", l.file, l.n, rx)
				}
			}
		})
	}
}

// splitTxtar returns the files of a txtar archive by name; the leading
// comment is dropped.
func splitTxtar(s string) map[string]string {
	files := map[string]string{}
	name := ""
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if t := strings.TrimRight(l, "\n"); strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			if name != "" {
				files[name] = b.String()
			}
			name = strings.TrimSpace(t[3 : len(t)-3])
			b.Reset()
			continue
		}
		b.WriteString(l)
	}
	if name != "" {
		files[name] = b.String()
	}
	return files
}
