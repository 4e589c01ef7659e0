package serve

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// assets are the dev server's own files, served under /__handboek/.
//
//go:embed assets
var assets embed.FS

// event is one Server-Sent Event to every open page.
type event struct {
	name string // "reload", "css" or "errors"
	data string // one line
}

// hub hands events to the open pages. A page that has not taken its last
// event yet gets only the newest one: every event says all the page needs.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	done    chan struct{} // closed by close: every stream ends
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}, done: make(chan struct{})} }

func (h *hub) subscribe() (chan event, func()) {
	c := make(chan event, 1)
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}
}

func (h *hub) broadcast(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case <-c: // drop the one not taken yet
		default:
		}
		c <- e
	}
}

// count returns the number of open pages.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// keepAlive is how often an idle stream gets a comment line, so that a page
// that went away is noticed.
const keepAlive = 20 * time.Second

// serveOwn serves the dev server's files: reload.js, overlay.css and the
// event stream.
func (s *Server) serveOwn(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "events":
		s.serveEvents(w, r)
		return
	case "reload.js", "overlay.css":
		data, err := assets.ReadFile("assets/" + name)
		if err == nil {
			w.Header().Set("Content-Type", contentType(name))
			w.Write(data)
			return
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// serveEvents streams events to one page until it goes or the server stops.
// The first event, "hello", carries the current version: a page that
// reconnects (after the server restarted, or a missed event) and finds a
// version other than the one it was served with reloads.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	c, unsubscribe := s.hub.subscribe()
	defer unsubscribe()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	send := func(name, data string) bool {
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	fmt.Fprint(w, "retry: 500\n")
	if !send("hello", s.state.Load().version) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case e := <-c:
			if !send(e.name, e.data) {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		}
	}
}

// jsonLine encodes v as one line of JSON (HTML-escaped, as always).
func jsonLine(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and maps of strings are encoded
	}
	return string(b)
}
