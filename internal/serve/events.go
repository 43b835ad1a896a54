package serve

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// An Event is one Server-Sent Event: a name and a JSON payload.
type Event struct {
	Name string
	Data []byte
}

// A Hub fans events out to the connected live-reload clients.
type Hub struct {
	// Heartbeat is how often an idle stream gets a comment line, so that
	// proxies (Caddy, nginx, phone carriers) keep it open.
	Heartbeat time.Duration

	mu      sync.Mutex
	clients map[chan Event]struct{}
	done    chan struct{}
	closed  bool
}

// NewHub returns a hub with a 15 s heartbeat.
func NewHub() *Hub {
	return &Hub{Heartbeat: 15 * time.Second, clients: map[chan Event]struct{}{}, done: make(chan struct{})}
}

// Send delivers an event to every client. A client too slow to take it is
// disconnected; its EventSource reconnects and, seeing a newer version in
// the hello event, reloads, so nothing is lost.
func (h *Hub) Send(name string, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		return
	}
	e := Event{Name: name, Data: data}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// Clients returns the number of connected clients.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Close ends every stream and refuses new ones; http.Server.Shutdown waits
// for handlers, and an event stream would otherwise never finish.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

func (h *Hub) subscribe() chan Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := make(chan Event, 16)
	h.clients[c] = struct{}{}
	return c
}

func (h *Hub) unsubscribe(c chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		delete(h.clients, c)
		close(c)
	}
}

func (h *Hub) serve(w http.ResponseWriter, r *http.Request, version string) {
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "text/event-stream")
		return
	}
	c := h.subscribe()
	if c == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(c)
	rc := http.NewResponseController(w)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	hello, _ := json.Marshal(map[string]string{"version": version})
	if !write(w, rc, Event{Name: "hello", Data: hello}, "retry: 1000\n") {
		return
	}
	beat := h.Heartbeat
	if beat <= 0 {
		beat = 15 * time.Second
	}
	t := time.NewTicker(beat)
	defer t.Stop()
	for {
		select {
		case e, ok := <-c:
			if !ok || !write(w, rc, e, "") {
				return
			}
		case <-t.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil || rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

func write(w http.ResponseWriter, rc *http.ResponseController, e Event, prefix string) bool {
	// JSON has no raw newlines, so the payload is always one data line.
	msg := prefix + "event: " + e.Name + "\ndata: " + string(e.Data) + "\n\n"
	if _, err := w.Write([]byte(msg)); err != nil {
		return false
	}
	return rc.Flush() == nil
}
