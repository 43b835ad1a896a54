package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
)

// testSite is a small built site, as the build would hand it over.
func testSite(id string) *Version {
	page := func(title string) []byte {
		return []byte("<!doctype html><html><head><title>" + title + "</title></head><body><main>" + title + "</main></body></html>")
	}
	files := map[string][]byte{
		"index.html":          page("Home"),
		"mini-vm/index.html":  page("mini-vm"),
		"ops/bee/index.html":  page("bee"),
		"assets/style.css":    []byte("body{color:red}"),
		"assets/app.js":       []byte("console.log(1)"),
		"search-index.js":     []byte("window.DOCSITE_SEARCH=[]"),
		"img/logo.svg":        []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		"404.html":            page("Not found"),
		"notes/readme.txt":    []byte("plain"),
		"data/blob.unknownxt": []byte{0, 1, 2},
	}
	m := map[string]*File{}
	for name, data := range files {
		m[name] = NewFile(name, data)
	}
	return NewVersion(id, m)
}

func startHandler(t *testing.T, base string, site *Version) (*Handler, *httptest.Server) {
	t.Helper()
	h := NewHandler(base, NewHub())
	h.Publish(site)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv
}

// rawRequest writes the request line by hand, so the target reaches the
// server exactly as written.
func rawRequest(t *testing.T, addr, method, target string, header ...string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
	for _, h := range header {
		req += h + "\r\n"
	}
	if _, err := io.WriteString(c, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	return resp
}

func TestHTTPSpec(t *testing.T) {
	_, srv := startHandler(t, "/", testSite("7"))
	addr := strings.TrimPrefix(srv.URL, "http://")
	data, err := os.ReadFile("testdata/http.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.SplitN(line, " ", 4)
		if len(f) < 3 {
			t.Fatalf("testdata/http.txt:%d: want METHOD TARGET STATUS", i+1)
		}
		want, _ := strconv.Atoi(f[2])
		resp := rawRequest(t, addr, f[0], f[1])
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Errorf("testdata/http.txt:%d: %s %s: status %d, want %d", i+1, f[0], f[1], resp.StatusCode, want)
			continue
		}
		if len(f) == 4 {
			k, v, _ := strings.Cut(f[3], ":")
			if got := resp.Header.Get(k); got != strings.TrimSpace(v) {
				t.Errorf("testdata/http.txt:%d: %s %s: %s = %q, want %q", i+1, f[0], f[1], k, got, strings.TrimSpace(v))
			}
		}
		if f[0] == "HEAD" && len(body) != 0 {
			t.Errorf("testdata/http.txt:%d: HEAD sent a body", i+1)
		}
		if resp.StatusCode == 404 && resp.Header.Get("Content-Type") == "text/html; charset=utf-8" && !strings.Contains(string(body), "Not found") {
			t.Errorf("testdata/http.txt:%d: 404 is not the site's 404 page: %q", i+1, body)
		}
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"a/index.html": "text/html; charset=utf-8",
		"x.CSS":        "text/css; charset=utf-8",
		"x.woff2":      "font/woff2",
		"x.png":        "image/png",
		"x.json":       "application/json",
		"x":            "application/octet-stream",
		"x.exe":        "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestETag(t *testing.T) {
	h, srv := startHandler(t, "/", testSite("1"))
	get := func(path string, inm string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	for _, path := range []string{"/mini-vm/", "/assets/style.css"} {
		r1 := get(path, "")
		tag := r1.Header.Get("ETag")
		if r1.StatusCode != 200 || !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) {
			t.Fatalf("%s: status %d, ETag %q: want 200 and a strong ETag", path, r1.StatusCode, tag)
		}
		for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
			if r := get(path, inm); r.StatusCode != http.StatusNotModified {
				t.Errorf("%s If-None-Match %s: status %d, want 304", path, inm, r.StatusCode)
			}
		}
		if r := get(path, `"other"`); r.StatusCode != 200 {
			t.Errorf("%s If-None-Match other: status %d, want 200", path, r.StatusCode)
		}
	}
	// A new version: the CSS did not change, so its tag holds; pages carry
	// the version id, so theirs changes.
	cssTag := get("/assets/style.css", "").Header.Get("ETag")
	pageTag := get("/mini-vm/", "").Header.Get("ETag")
	h.Publish(testSite("2"))
	if r := get("/assets/style.css", cssTag); r.StatusCode != 304 {
		t.Errorf("unchanged CSS after rebuild: status %d, want 304", r.StatusCode)
	}
	if r := get("/mini-vm/", pageTag); r.StatusCode != 200 {
		t.Errorf("page after rebuild: status %d, want 200", r.StatusCode)
	}
}

func TestPageCarriesVersion(t *testing.T) {
	_, srv := startHandler(t, "/", testSite("42"))
	resp, err := http.Get(srv.URL + "/mini-vm/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `<head><meta name="docsite-version" content="42"><title>`
	if !strings.Contains(string(body), want) {
		t.Errorf("page lacks version meta after <head>:\n%s", body)
	}
	if resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(body))
	}
	// The 404 page resolves its links from the site root.
	resp, _ = http.Get(srv.URL + "/a/b/c")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(body), `<base href="/">`) {
		t.Errorf("404 page: status %d, body %s", resp.StatusCode, body)
	}
}

func TestBasePath(t *testing.T) {
	_, srv := startHandler(t, "/docs/", testSite("1"))
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, c := range []struct {
		target string
		status int
		loc    string
	}{
		{"/docs/", 200, ""},
		{"/docs/mini-vm/", 200, ""},
		{"/docs/mini-vm", 302, "mini-vm/"},
		{"/docs", 302, "docs/"},
		{"/docs?x=1", 302, "docs/?x=1"},
		{"/mini-vm/", 404, ""},
		{"/", 404, ""},
		{"/docs/__docsite/live.js", 200, ""},
		{"/__docsite/live.js", 404, ""},
		{"/docs/__docsite/findings.json", 200, ""},
		{"/docs/__docsite/other", 404, ""},
	} {
		resp := rawRequest(t, addr, "GET", c.target)
		if resp.StatusCode != c.status || resp.Header.Get("Location") != c.loc {
			t.Errorf("GET %s: %d %q, want %d %q", c.target, resp.StatusCode, resp.Header.Get("Location"), c.status, c.loc)
		}
	}
}

func TestNoLiveWithoutHub(t *testing.T) {
	h := NewHandler("/", nil)
	h.Publish(testSite("1"))
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, p := range []string{"/__docsite/live.js", "/__docsite/events", "/__docsite/findings.json"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s without live reload: %d, want 404", p, resp.StatusCode)
		}
	}
}
