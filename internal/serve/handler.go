package serve

import (
	_ "embed"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

//go:embed live.js
var liveJS []byte

// Prefix is where the dev server's own endpoints live, under the base path.
// Build never writes files there.
const Prefix = "__docsite/"

// Handler serves the current site Version from memory. It never touches
// the file system: a request can reach only a path the build produced.
type Handler struct {
	base    string // base path, "/" or "/docs/"
	current atomic.Pointer[Version]
	events  *Hub
	live    *File
}

// NewHandler returns a handler serving under basePath ("" or "/" for the
// root). With events non-nil, it also serves live reload under
// basePath+"__docsite/".
func NewHandler(basePath string, events *Hub) *Handler {
	h := &Handler{base: cleanBase(basePath), events: events, live: NewFile("live.js", liveJS)}
	h.current.Store(NewVersion("0", map[string]*File{}))
	return h
}

func cleanBase(b string) string {
	b = strings.Trim(b, "/")
	if b == "" {
		return "/"
	}
	return "/" + b + "/"
}

// Publish makes v the version every new request sees.
func (h *Handler) Publish(v *Version) { h.current.Store(v) }

// Current returns the version being served.
func (h *Handler) Current() *Version { return h.current.Load() }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v := h.current.Load() // one version for the whole request
	w.Header()["X-Content-Type-Options"] = nosniff
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !validPath(p, r.URL.RawPath) {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	if !strings.HasPrefix(p, h.base) {
		if p+"/" == h.base {
			redirect(w, r, p)
			return
		}
		h.notFound(w, r, v)
		return
	}
	name := p[len(h.base):]
	if h.events != nil && strings.HasPrefix(name, Prefix) {
		h.serveLive(w, r, v, name[len(Prefix):])
		return
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f := v.files[name]
	if f == nil {
		if v.files[name+"/index.html"] != nil {
			redirect(w, r, p)
			return
		}
		h.notFound(w, r, v)
		return
	}
	h.serveFile(w, r, v, f, http.StatusOK)
}

// validPath rejects what no built site contains and what a careless file
// server would resolve outside its root: NUL and control bytes, backslashes,
// dot segments, empty segments, and encoded slashes or backslashes (which
// the decoded path would hide). Lookups are in a map, so this is defence in
// depth and clearer errors, not the only guard.
func validPath(p, raw string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	if raw != "" {
		l := strings.ToLower(raw)
		if strings.Contains(l, "%2f") || strings.Contains(l, "%5c") || strings.Contains(l, "%00") {
			return false
		}
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if s == "." || s == ".." || (s == "" && i != len(segs)-1) {
			return false
		}
	}
	return true
}

// redirect sends /x to /x/ with a relative Location, so it holds behind a
// proxy that maps another prefix or scheme onto us. 302, not 301: in a dev
// server the page may turn into a file later, and browsers keep 301s.
func redirect(w http.ResponseWriter, r *http.Request, p string) {
	loc := p[strings.LastIndexByte(p, '/')+1:] + "/"
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	// A last segment like "x:y" would read as a scheme.
	if strings.Contains(loc[:strings.IndexByte(loc, '/')], ":") {
		loc = "./" + loc
	}
	w.Header().Set("Location", loc)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusFound)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, v *Version) {
	f := v.files["404.html"]
	if f == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	h.serveFile(w, r, v, f, http.StatusNotFound)
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, v *Version, f *File, status int) {
	hdr := w.Header()
	hdr["Content-Type"] = []string{f.Type}
	hdr["Cache-Control"] = noCache
	var extra []byte
	if f.head >= 0 && h.events != nil {
		extra = v.meta
		if status == http.StatusNotFound {
			// 404.html is rendered for the site root; make its relative
			// links resolve there whatever the missing path was.
			extra = append(slices.Clip(extra), `<base href="`+h.base+`">`...)
		}
	}
	etag := f.ETag
	if extra != nil {
		etag = etag[:len(etag)-1] + "-" + v.ID + `"`
	}
	if status == http.StatusOK {
		hdr["Etag"] = []string{etag}
		if match(r.Header.Get("If-None-Match"), etag) {
			delete(hdr, "Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	hdr["Content-Length"] = []string{strconv.Itoa(len(f.Data) + len(extra))}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if extra == nil {
		w.Write(f.Data)
		return
	}
	w.Write(f.Data[:f.head])
	w.Write(extra)
	w.Write(f.Data[f.head:])
}

var (
	noCache = []string{"no-cache"}
	nosniff = []string{"nosniff"}
)

// match reports whether an If-None-Match header matches etag, using the
// weak comparison RFC 9110 prescribes for If-None-Match.
func match(header, etag string) bool {
	for header != "" {
		header = strings.TrimLeft(header, " \t,")
		if header == "" {
			break
		}
		if header[0] == '*' {
			return true
		}
		end := strings.IndexByte(header, ',')
		if end < 0 {
			end = len(header)
		}
		tag := strings.TrimSpace(header[:end])
		header = header[end:]
		if strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

func (h *Handler) serveLive(w http.ResponseWriter, r *http.Request, v *Version, name string) {
	switch name {
	case "live.js":
		h.serveFile(w, r, v, h.live, http.StatusOK)
	case "events":
		h.events.serve(w, r, v.ID)
	case "findings.json":
		// ?page=KEY: the overlay and that page's claim verdicts only.
		f := &File{Data: v.find.page(v.ID, r.URL.Query().Get("page")), Type: "application/json", ETag: `"f-` + v.ID + `"`, head: -1}
		h.serveFile(w, r, v, f, http.StatusOK)
	default:
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}
