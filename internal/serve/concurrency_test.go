package serve

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var versionMeta = regexp.MustCompile(`<meta name="docsite-version" content="([^"]+)">`)

// Many clients fetch pages while the pages change under them: every
// response is whole and belongs to one version (the same version and page
// always have the same bytes), nothing fails, and once the edits stop the
// goroutines settle back.
func TestConcurrentRequestsDuringRebuilds(t *testing.T) {
	const pages, clients, edits = 20, 16, 40
	// 50 KB pages: a version that outlived its time would show in the heap.
	filler := strings.Repeat("filler text for the heap check\n", 1700)
	files := map[string]string{"assets/style.css": "body{}"}
	for i := range pages {
		files[fmt.Sprintf("content/p%d.md", i)] = fmt.Sprintf("# Page %d\ngen 0\n%s", i, filler)
	}
	root := t.TempDir()
	writeFiles(t, root, files)
	srv, err := start(&stubSite{root: root}, "127.0.0.1", 0, Options{Quiet: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + srv.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	runtime.GC()
	before := runtime.NumGoroutine()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	heapBefore := mem.HeapAlloc

	var (
		stop     atomic.Bool
		requests atomic.Int64
		mu       sync.Mutex
		seen     = map[string][32]byte{} // version + page → body hash
		versions = map[string]bool{}
		wg       sync.WaitGroup
	)
	// A few live-reload listeners, too.
	for range 4 {
		ev := dialEvents(t, url+"/__docsite/events")
		wg.Go(func() {
			for range ev.events {
				if stop.Load() {
					break
				}
			}
			ev.resp.Body.Close()
		})
	}
	for c := range clients {
		wg.Go(func() {
			for i := c; !stop.Load(); i++ {
				page := fmt.Sprintf("/p%d/", i%pages)
				resp, err := client.Get(url + page)
				if err != nil {
					t.Errorf("GET %s: %v", page, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					t.Errorf("GET %s: reading body: %v", page, err)
					return
				case resp.StatusCode != 200:
					t.Errorf("GET %s: status %d", page, resp.StatusCode)
					return
				case int64(len(body)) != resp.ContentLength || !strings.HasSuffix(string(body), "</html>\n"):
					t.Errorf("GET %s: incomplete body (%d of %d bytes)", page, len(body), resp.ContentLength)
					return
				}
				m := versionMeta.FindSubmatch(body)
				if m == nil {
					t.Errorf("GET %s: no version meta", page)
					return
				}
				key := string(m[1]) + page
				sum := sha256.Sum256(body)
				mu.Lock()
				if old, ok := seen[key]; ok && old != sum {
					t.Errorf("GET %s: version %s served two different bodies", page, m[1])
				}
				seen[key] = sum
				versions[string(m[1])] = true
				mu.Unlock()
			}
		})
	}
	for gen := 1; gen <= edits; gen++ {
		for i := range pages {
			if i%3 == gen%3 {
				writeFiles(t, root, map[string]string{fmt.Sprintf("content/p%d.md", i): "# Page " + strconv.Itoa(i) + "\ngen " + strconv.Itoa(gen) + "\n" + filler})
			}
		}
		if gen%10 == 0 {
			srv.Rebuild(nil) // and some rebuilds not from the watcher
		}
		time.Sleep(2 * time.Millisecond)
	}
	// Let the last rebuild land, then stop the clients.
	waitFor(t, func() bool {
		_, body := get(t, url+"/p0/")
		_, body2 := get(t, url+fmt.Sprintf("/p%d/", pages-1))
		return strings.Contains(body, "gen "+strconv.Itoa(edits-edits%3)) || strings.Contains(body2, "gen "+strconv.Itoa(edits))
	})
	stop.Store(true)
	srv.hub.Send("findings", map[string]string{"version": "end"}) // wake the listeners
	wg.Wait()
	client.CloseIdleConnections()
	t.Logf("%d requests, %d versions seen, %d published", requests.Load(), len(versions), srv.Builds())
	if len(versions) < 2 {
		t.Errorf("the clients saw %d versions; the test did not overlap requests and rebuilds", len(versions))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// Goroutines settle back (the server's own are gone after Shutdown),
	// and the heap holds one version, not every version published.
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
	runtime.GC()
	runtime.ReadMemStats(&mem)
	version := int64(pages * len(filler))
	if grown := int64(mem.HeapAlloc) - int64(heapBefore); grown > 4*version {
		t.Errorf("heap grew by %d KB over %d versions (one version is %d KB)", grown>>10, srv.Builds(), version>>10)
	} else {
		t.Logf("heap grew by %d KB over %d versions (one version is %d KB)", grown>>10, srv.Builds(), version>>10)
	}
}

// waitFor polls cond until it holds, failing after a long while: a hang,
// not a speed check.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 20 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
