// Command latency measures how long a dev server takes from a file write
// to telling the browser: for docsite, the Server-Sent Event on
// /__docsite/events (and, for page edits, until the new text is served);
// for Hugo, the livereload WebSocket message. It edits the file n times,
// waiting for each event, and prints the median and 95th percentile.
//
//	latency -sse http://127.0.0.1:1313/__docsite/events -file content/a.md -page http://127.0.0.1:1313/a/
//	latency -livereload ws://127.0.0.1:1314/livereload -file content/a.md
//	latency -sse … -file infra/x.nix -from 'port = 8000;' -to 'port = 8001;'
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/websocket"
)

func main() {
	sse := flag.String("sse", "", "docsite event stream URL")
	lr := flag.String("livereload", "", "Hugo livereload WebSocket URL")
	file := flag.String("file", "", "file to edit")
	page := flag.String("page", "", "page URL that must show the edit (page edits)")
	from := flag.String("from", "", "text to toggle (config edits); without it a marker line is appended")
	to := flag.String("to", "", "replacement for -from")
	n := flag.Int("n", 50, "edits")
	label := flag.String("label", "", "label for the output")
	gap := flag.Duration("gap", time.Second, "pause between edits (the server's background check of the last edit may still run when it is short)")
	flag.Parse()

	events := make(chan time.Time, 64)
	switch {
	case *sse != "":
		go readSSE(*sse, events)
	case *lr != "":
		go readLivereload(*lr, events)
	default:
		fail("need -sse or -livereload")
	}
	time.Sleep(500 * time.Millisecond) // connected, initial events drained
	drain(events)

	orig, err := os.ReadFile(*file)
	if err != nil {
		fail(err.Error())
	}
	defer os.WriteFile(*file, orig, 0o644)
	var toEvent, toServed []time.Duration
	missed := 0
	for i := range *n {
		var data, marker string
		if *from != "" {
			a, b := *from, *to
			if i%2 == 1 {
				a, b = b, a
			}
			data = strings.Replace(string(mustRead(*file)), a, b, 1)
		} else {
			marker = fmt.Sprintf("latency-marker-%d-%d", time.Now().UnixNano(), i)
			data = string(orig) + "\n\n" + marker + "\n"
		}
		drain(events)
		start := time.Now()
		if err := os.WriteFile(*file, []byte(data), 0o644); err != nil {
			fail(err.Error())
		}
		select {
		case at := <-events:
			toEvent = append(toEvent, at.Sub(start))
		case <-time.After(10 * time.Second):
			missed++ // counted, not timed
			continue
		}
		if *page != "" && marker != "" {
			for {
				if strings.Contains(get(*page), marker) {
					toServed = append(toServed, time.Since(start))
					break
				}
				if time.Since(start) > 10*time.Second {
					fail(fmt.Sprintf("edit %d: new text not served in 10 s", i))
				}
			}
		}
		// The next edit is a separate save.
		time.Sleep(*gap)
		drain(events)
	}
	if missed > 0 {
		fmt.Printf("%-40s %d of %d edits brought no event within 10 s\n", *label, missed, *n)
	}
	if len(toEvent) == 0 {
		return
	}
	report(*label+" write→event", toEvent)
	if len(toServed) > 0 {
		report(*label+" write→served", toServed)
	}
}

func report(label string, d []time.Duration) {
	slices.Sort(d)
	p := func(q float64) time.Duration {
		return d[min(len(d)-1, int(q*float64(len(d))))].Round(100 * time.Microsecond)
	}
	fmt.Printf("%-40s n=%d  median %v  p95 %v  max %v\n", label, len(d), p(0.5), p(0.95), d[len(d)-1].Round(100*time.Microsecond))
}

func readSSE(url string, out chan<- time.Time) {
	resp, err := http.Get(url)
	if err != nil {
		fail(err.Error())
	}
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			fail("event stream: " + err.Error())
		}
		if strings.HasPrefix(line, "event: ") && !strings.HasPrefix(line, "event: hello") {
			out <- time.Now()
		}
	}
}

func readLivereload(url string, out chan<- time.Time) {
	ws, err := websocket.Dial(url, "", strings.Replace(strings.Replace(url, "ws://", "http://", 1), "/livereload", "/", 1))
	if err != nil {
		fail(err.Error())
	}
	websocket.Message.Send(ws, `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`)
	for {
		var msg string
		if err := websocket.Message.Receive(ws, &msg); err != nil {
			fail("livereload: " + err.Error())
		}
		if strings.Contains(msg, `"reload"`) {
			out <- time.Now()
		}
	}
}

func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func mustRead(p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		fail(err.Error())
	}
	return b
}

func drain(c chan time.Time) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "latency:", msg)
	os.Exit(1)
}
