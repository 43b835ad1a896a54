package serve

import (
	"bufio"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// stubSite stands in for the build in tests of the server's own machinery
// (events, versions, concurrency, the live script), so that they do not
// depend on how pages are rendered. Under root:
//
//	content/*.md      each a page: "# Title" then one <p> per line; a
//	                  line "claim: TEXT" becomes a claim span at its line
//	assets/style.css  copied
//	findings.txt      lines "FILE:LINE:COL: SEVERITY: MESSAGE" are
//	                  diagnostics; lines "mark KEY LINE:COL VERDICT MESSAGE"
//	                  are claim verdicts
type stubSite struct {
	root string
	nav  bool
}

func (s *stubSite) Watch() []string         { return []string{s.root} }
func (s *stubSite) Skip(p string) bool      { return false }
func (s *stubSite) BasePath() string        { return "/" }
func (s *stubSite) NavigateToChanged() bool { return s.nav }

func (s *stubSite) Rebuild(changed []string) *snapshot {
	files := map[string]*File{}
	pages := map[string]string{}
	mds, _ := filepath.Glob(filepath.Join(s.root, "content", "*.md"))
	for _, md := range mds {
		src, err := os.ReadFile(md)
		if err != nil {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(md), ".md")
		out, key, root := name+"/index.html", name+"/", "../"
		if name == "index" {
			out, key, root = "index.html", "", ""
		}
		var b strings.Builder
		title := name
		for i, line := range strings.Split(string(src), "\n") {
			switch {
			case strings.HasPrefix(line, "# "):
				title = line[2:]
				b.WriteString("<h1>" + html.EscapeString(title) + "</h1>\n")
			case strings.HasPrefix(line, "claim: "):
				b.WriteString("<p><span class=\"ds-claim\" data-claim=\"" + itoa(i+1) + ":8\">" + html.EscapeString(line[7:]) + "</span></p>\n")
			case line != "":
				b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
			}
		}
		page := "<!doctype html><html><head><title>" + html.EscapeString(title) + "</title>" +
			"<link rel=\"stylesheet\" href=\"" + root + "assets/style.css\">" +
			"<script src=\"" + root + "__docsite/live.js\" defer></script></head>" +
			"<body><main id=\"ds-main\">\n" + b.String() + "</main></body></html>\n"
		files[out] = NewFile(out, []byte(page))
		pages[md] = key
	}
	if css, err := os.ReadFile(filepath.Join(s.root, "assets", "style.css")); err == nil {
		files["assets/style.css"] = NewFile("assets/style.css", css)
	}
	var diags diag.List
	marks := map[string][]Mark{}
	if f, err := os.ReadFile(filepath.Join(s.root, "findings.txt")); err == nil {
		for _, line := range strings.Split(string(f), "\n") {
			if rest, ok := strings.CutPrefix(line, "mark "); ok {
				p := strings.SplitN(rest, " ", 4)
				if len(p) == 4 {
					key := strings.Trim(p[0], `"`)
					marks[key] = append(marks[key], Mark{At: p[1], Verdict: p[2], Message: p[3]})
				}
				continue
			}
			parts := strings.SplitN(line, ": ", 3)
			if len(parts) != 3 {
				continue
			}
			pos := strings.Split(parts[0], ":")
			if len(pos) != 3 {
				continue
			}
			sev := diag.Warning
			if parts[1] == "error" {
				sev = diag.Error
			}
			diags = append(diags, diag.Diagnostic{Pos: facts.Pos{File: pos[0], Line: atoi(pos[1]), Col: atoi(pos[2])}, Severity: sev, Message: parts[2]})
		}
	}
	read := func(file string) []byte {
		b, _ := os.ReadFile(filepath.Join(s.root, file))
		return b
	}
	return &snapshot{files: files, pages: pages, find: &Findings{NavigateToChanged: s.nav, Diagnostics: diags, Claims: marks, Source: read}}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// writeFiles writes name → content under root.
func writeFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sse is a test client of /__docsite/events.
type sse struct {
	events chan sseEvent
	resp   *http.Response
}

type sseEvent struct{ name, data string }

func dialEvents(t testing.TB, url string) *sse {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	s := &sse{events: make(chan sseEvent, 100), resp: resp}
	go func() {
		defer close(s.events)
		r := bufio.NewReader(resp.Body)
		var e sseEvent
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if e.name != "" {
					s.events <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, ":"):
				s.events <- sseEvent{name: "comment", data: line}
			case strings.HasPrefix(line, "event: "):
				e.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.data = line[6:]
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

// next returns the next event other than a comment, failing the test if
// none arrives in a long while (a hang, not a speed check).
func (s *sse) next(t testing.TB) sseEvent {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatal("event stream ended")
			}
			if e.name == "comment" {
				continue
			}
			return e
		case <-timeout:
			t.Fatal("no event within 20 s")
		}
	}
}

// expect reads events until one named name arrives after which cond
// holds: an edit may take more than one rebuild (a file written in two
// steps), so the test waits for the state, not for a count of events.
func (s *sse) expect(t testing.TB, name string, cond func() bool) sseEvent {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatal("event stream ended")
			}
			if e.name == name && (cond == nil || cond()) {
				return e
			}
		case <-timeout:
			t.Fatalf("no %s event with the expected outcome within 20 s", name)
		}
	}
}
