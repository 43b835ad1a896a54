package serve

import (
	"bytes"
	"hash/maphash"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A File is one file of a built site, held in memory. Files are immutable
// once in a Version, so versions may share them.
type File struct {
	Data []byte
	Type string // Content-Type, set from the extension, never sniffed
	ETag string // strong validator of Data, quoted
	// head is where the version meta tag is spliced into an HTML page
	// (just after <head…>), or -1.
	head int
}

// etagSeed keys the ETag hash. A 64-bit hash and the length tell versions
// of one file apart in a dev server; it is several times faster than a
// cryptographic hash on the search index every edit rewrites. Tags change
// across restarts, which costs one full fetch per file.
var etagSeed = maphash.MakeSeed()

// NewFile wraps data as the file at name (a slash path relative to the
// site root, e.g. "mini-vm/index.html").
func NewFile(name string, data []byte) *File {
	f := &File{
		Data: data,
		Type: contentType(name),
		ETag: `"` + strconv.FormatUint(maphash.Bytes(etagSeed, data), 36) + "-" + strconv.FormatInt(int64(len(data)), 36) + `"`,
		head: -1,
	}
	if strings.HasPrefix(f.Type, "text/html") {
		f.head = headEnd(data)
	}
	return f
}

// headEnd returns the offset just past the <head> start tag, or -1.
func headEnd(b []byte) int {
	lower := bytes.ToLower(b[:min(len(b), 4096)])
	i := bytes.Index(lower, []byte("<head"))
	if i < 0 || i+5 >= len(lower) || (lower[i+5] != '>' && lower[i+5] != ' ' && lower[i+5] != '\t' && lower[i+5] != '\n') {
		return -1
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return -1
	}
	return i + j + 1
}

// A Version is one complete, immutable build of the site. The server holds
// the current one behind an atomic pointer and swaps it whole, so a request
// sees exactly one version from start to end.
type Version struct {
	ID    string
	files map[string]*File
	find  *findingsJSON // /__docsite/findings.json
	meta  []byte        // the version meta tag spliced into pages
}

// NewVersion returns a version holding files (keyed by slash path relative
// to the site root, without a leading slash) and no findings. The map is
// owned by the version from then on.
func NewVersion(id string, files map[string]*File) *Version {
	return newVersion(id, files, (&Findings{}).encode(nil, nil))
}

func newVersion(id string, files map[string]*File, find *findingsJSON) *Version {
	// The version id goes into every page so the live script can tell a
	// page from an older build (and tests can tell versions apart).
	meta := []byte(`<meta name="docsite-version" content="` + id + `">`)
	return &Version{ID: id, files: files, find: find, meta: meta}
}

// File returns the file at name, or nil.
func (v *Version) File(name string) *File { return v.files[name] }

// Len returns the number of files.
func (v *Version) Len() int { return len(v.files) }

// Changed returns the names of the files that differ between old and v
// (added, removed or modified), sorted.
func (v *Version) Changed(old *Version) []string {
	var out []string
	if old == nil {
		for name := range v.files {
			out = append(out, name)
		}
	} else {
		for name, f := range v.files {
			if g := old.files[name]; g == nil || g.ETag != f.ETag {
				out = append(out, name)
			}
		}
		for name := range old.files {
			if v.files[name] == nil {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".webmanifest": "application/manifest+json",
}

// contentType maps an extension to a type from a fixed table: the system's
// mime database differs from machine to machine, and sniffing would let a
// page's bytes decide how the browser treats them.
func contentType(name string) string {
	if t, ok := types[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
