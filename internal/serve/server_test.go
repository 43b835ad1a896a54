package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func startStub(t *testing.T, files map[string]string) (*Server, string, string) {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, files)
	srv, err := start(&stubSite{root: root, nav: true}, "127.0.0.1", 0, Options{Heartbeat: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return srv, root, "http://" + srv.Addr().String()
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func decode(t testing.TB, data string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatalf("event data %q: %v", data, err)
	}
	return m
}

func TestLiveEvents(t *testing.T) {
	srv, root, url := startStub(t, map[string]string{
		"content/index.md": "# Home\nwelcome",
		"content/a.md":     "# A\nfirst",
		"content/b.md":     "# B\nbee",
		"assets/style.css": "body{}",
	})
	ev := dialEvents(t, url+"/__docsite/events")
	hello := ev.next(t)
	if hello.name != "hello" || decode(t, hello.data)["version"] != srv.Current().ID {
		t.Fatalf("first event %v, want hello with version %s", hello, srv.Current().ID)
	}

	// A page edit: reload naming the page, which is also the edited one.
	writeFiles(t, root, map[string]string{"content/a.md": "# A\nsecond"})
	e := ev.next(t)
	d := decode(t, e.data)
	if e.name != "reload" || d["edited"] != "a/" || d["all"] != false {
		t.Fatalf("after page edit: %s %s", e.name, e.data)
	}
	if _, body := get(t, url+"/a/"); !strings.Contains(body, "second") || !strings.Contains(body, `content="`+d["version"].(string)+`"`) {
		t.Errorf("served page after edit:\n%s", body)
	}

	// CSS only: swapped in place.
	writeFiles(t, root, map[string]string{"assets/style.css": "body{color:red}"})
	if e := ev.next(t); e.name != "css" || !strings.Contains(e.data, `"css":["assets/style.css"]`) {
		t.Fatalf("after CSS edit: %s %s", e.name, e.data)
	}

	// Findings only: pages stay, the overlay gets new findings.
	writeFiles(t, root, map[string]string{"findings.txt": "content/a.md:2:1: error: stale port 8097\nmark a/ 2:8 stale port is 8096\n"})
	if e := ev.next(t); e.name != "findings" {
		t.Fatalf("after findings change: %s %s", e.name, e.data)
	}
	_, body := get(t, url+"/__docsite/findings.json?page=a/")
	var f struct {
		Version     string
		Diagnostics []struct{ Severity, Message, Excerpt string }
		Claims      map[string][]Mark
	}
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Diagnostics) != 1 || f.Diagnostics[0].Excerpt != "2 | second\n  | ^" || f.Claims["a/"][0].Verdict != "stale" || f.Version != srv.Current().ID {
		t.Errorf("findings.json: %s", body)
	}

	// Saving without a change publishes nothing.
	srv.wait()
	n := srv.Builds()
	srv.Rebuild(nil)
	srv.wait()
	if srv.Builds() != n {
		t.Errorf("an identical rebuild published a new version")
	}

	// Heartbeats keep the stream open.
	for {
		select {
		case e := <-ev.events:
			if e.name == "comment" {
				return
			}
		case <-time.After(20 * time.Second):
			t.Fatal("no heartbeat")
		}
	}
}

func TestShutdownEndsStreams(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"content/index.md": "# Home"})
	srv, err := start(&stubSite{root: root}, "127.0.0.1", 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := dialEvents(t, "http://"+srv.Addr().String()+"/__docsite/events")
	ev.next(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown with an open event stream: %v", err)
	}
	for range ev.events {
	}
}
