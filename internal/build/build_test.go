package build

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/want")

// loadSite reads the site.toml of a test site.
func loadSite(t testing.TB, dir string) *site.Config {
	t.Helper()
	cfg, err := loadSiteErr(dir)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func loadSiteErr(dir string) (*site.Config, error) { return site.Find(dir) }

// copyTree copies the folder src to dst (a test's scratch copy of a
// fixture site, so builds never write into testdata).
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGolden builds testdata/golden into memory with a theme that prints
// only each page's metadata and content, and compares every page with
// testdata/golden/want/<page>.html. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	cfg := loadSite(t, "testdata/golden")
	out := NewMemOutput()
	res, err := Build(cfg, Options{Output: out})
	if err != nil {
		t.Fatal(err)
	}
	var diags strings.Builder
	for _, d := range res.Diags {
		diags.WriteString(d.String() + "\n")
	}
	files := map[string][]byte{"diags.txt": []byte(diags.String())}
	for name, data := range out.Files() {
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			files[strings.ReplaceAll(strings.TrimSuffix(name, "/index.html"), "/", "__")+".html"] = data
		}
	}
	files["index.html"] = files["index.html.html"]
	delete(files, "index.html.html")
	if *update {
		os.RemoveAll("testdata/golden/want")
		os.MkdirAll("testdata/golden/want", 0o755)
		for name, data := range files {
			if err := os.WriteFile(filepath.Join("testdata/golden/want", name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	wantFiles, _ := filepath.Glob("testdata/golden/want/*")
	if len(wantFiles) != len(files) {
		var got []string
		for n := range files {
			got = append(got, n)
		}
		slices.Sort(got)
		t.Errorf("built %d files %q, want %d", len(files), got, len(wantFiles))
	}
	for _, wf := range wantFiles {
		name := filepath.Base(wf)
		want, _ := os.ReadFile(wf)
		got, ok := files[name]
		if !ok {
			t.Errorf("%s: not built", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, wf, lineDiff(string(want), string(got)))
		}
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)) && b.Len() < 2000; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
		}
	}
	return b.String()
}

var wantRE = regexp.MustCompile(`<!-- want: (.*) -->`)

// TestErrors builds testdata/errors, whose pages each end with the
// diagnostics expected for them: <!-- want: line:col: severity: message -->.
// An unreadable page (a dangling symlink) is added to the scratch copy.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/errors", dir)
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "content", "unreadable.md")); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/unreadable.md: error: cannot read: no such file or directory",
		// Files that are not pages, written where a page or the search index is.
		"content/clash/index.html: error: would be written to clash/index.html, as is the page built from content/clash.md",
		"static/search-index.js: error: would be written to search-index.js, as is the search index",
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content", "*.md"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, m := range wantRE.FindAllStringSubmatch(string(src), -1) {
			want = append(want, "content/"+filepath.Base(f)+":"+m[1])
		}
	}
	res, err := Build(loadSite(t, dir), Options{Output: NewMemOutput()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.String())
	}
	slices.Sort(want)
	slices.Sort(got)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing: %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected: %s", g)
		}
	}
}

// TestSite builds testdata/site on disk end to end and checks the result
// as a browser on file:// would see it.
func TestSite(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/site", dir)
	cfg := loadSite(t, dir)
	res := mustPublish(t, cfg, Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("errors: %v", res.Diags)
	}
	for _, p := range []string{"index.html", "mini/index.html", "mini-vm/index.html", "ops/index.html",
		"ops/bee/index.html", "ops/deep/index.html", "ops/deep/nested/index.html", "404.html",
		"img/diagram.svg", "robots.txt", "assets/chroma.css", "search-index.js", ManifestName} {
		if _, err := os.Stat(filepath.Join(cfg.Output, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(cfg.Output, "draft")); err == nil {
		t.Errorf("draft page built without -drafts")
	}
	checkOutput(t, cfg.Output, len(res.Pages))
}

// TestExampleSite builds the example site at the repository root, when
// there is one, and checks its output the same way.
func TestExampleSite(t *testing.T) {
	if _, err := os.Stat("../../site.toml"); err != nil {
		t.Skip("no example site at the repository root")
	}
	cfg, err := site.Load("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Output = filepath.Join(t.TempDir(), "public")
	res := mustPublish(t, cfg, Options{})
	for _, d := range res.Diags {
		t.Logf("%s", d)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("example site has errors")
	}
	checkOutput(t, cfg.Output, len(res.Pages))
}

func mustPublish(t testing.TB, cfg *site.Config, opts Options) *Result {
	t.Helper()
	res, err := Build(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Publish(); err != nil {
		t.Fatal(err)
	}
	return res
}

var (
	attrRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
	selfRE = regexp.MustCompile(`(?i)^(https?:)?//(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)([:/]|$)`)
)

// checkOutput checks a built site: every page of the site is an HTML
// file, every href and src that is not external resolves to a file of the
// output (a folder to its index.html, as on file://), every #fragment to
// an id in the target, and nothing points at localhost or at the site by
// an absolute URL.
func checkOutput(t *testing.T, out string, pages int) {
	t.Helper()
	ids := map[string]map[string]bool{}
	htmls := map[string]string{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, _ := os.ReadFile(p)
		if strings.HasSuffix(rel, ".html") {
			htmls[rel] = string(data)
			set := map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(string(data), -1) {
				set[m[1]] = true
			}
			ids[rel] = set
		}
		return nil
	})
	if len(htmls) != pages+1 { // + 404.html
		t.Errorf("%d HTML files for %d pages", len(htmls), pages)
	}
	exists := func(p string) bool {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(p)))
		return err == nil && !fi.IsDir()
	}
	for file, html := range htmls {
		for _, m := range attrRE.FindAllStringSubmatch(html, -1) {
			ref := strings.ReplaceAll(m[1], "&amp;", "&")
			if selfRE.MatchString(ref) {
				t.Errorf("%s: absolute URL to the local machine: %s", file, ref)
			}
			if isExternal(ref) {
				if strings.HasPrefix(ref, "file:") {
					t.Errorf("%s: file URL %s", file, ref)
				}
				continue
			}
			p, _, frag := splitDest(ref)
			var target string
			switch {
			case p == "":
				target = file
			case strings.HasPrefix(p, "/"):
				if file != "404.html" {
					t.Errorf("%s: absolute path %s", file, ref)
					continue
				}
				target = strings.TrimPrefix(p, "/")
			default:
				target = path.Join(path.Dir(file), p)
			}
			if target == "" || target == "." || strings.HasSuffix(p, "/") || p == "." || p == ".." {
				target = path.Join(target, "index.html")
			}
			if strings.HasPrefix(target, "../") {
				continue // a file outside the site, warned about by the build
			}
			if !exists(target) {
				t.Errorf("%s: link %s: no file %s", file, ref, target)
				continue
			}
			if id := strings.TrimPrefix(frag, "#"); id != "" && strings.HasSuffix(target, ".html") && !ids[target][id] {
				t.Errorf("%s: link %s: no id %q in %s", file, ref, id, target)
			}
		}
	}
}
