// Package serve is `handboek serve`: a dev server for editors who want to see
// a page change as they save it. It sits on top of the pipeline: it builds the
// site with one build.Builder (which re-parses only changed files), serves the
// last good build from memory, and rebuilds whenever watch reports a batch of
// changes.
//
// # What an editor sees
//
// The server listens on 127.0.0.1:1313 unless told otherwise; an address
// without a host (":8080") also means loopback, so the site is shared with
// the network only when asked for by name ("0.0.0.0:1313"). It prints the URL,
// and for every build its time ("rebuilt 312 pages in 45 ms") or its problems,
// one "path:line:col: message" a line, as `handboek build` does.
//
// Every HTML page it serves gets a small script (/__handboek/reload.js) that
// listens on a Server-Sent Events stream (/__handboek/events) and reloads the
// page after a build that changed the site. When only stylesheets changed, the
// script swaps them in place instead. Nothing of this is ever in the output
// of `handboek build`: it is added while serving.
//
// A build that fails does not replace the site: the last good build is served
// on, and every page, also one opened while the build is broken, shows an
// overlay with the problems (escaped; the script writes them as text). The
// next good build removes it. A panic inside a build becomes such a problem;
// the server does not stop.
//
// # What it serves
//
// Only files of the last good build, looked up by name in memory: there is no
// file system to escape from, and requests with "..", encoded dots, backslashes,
// control characters or overlong paths are refused before the lookup. A path
// of a folder page without its slash is redirected to it; a miss gets the
// site's 404.html with status 404. Every response says Cache-Control: no-store,
// so a browser never shows a stale page. Content types come from a fixed table.
//
// SIGINT and SIGTERM (the caller's context) end the event streams and shut
// the server down cleanly.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/watch"
)

// DefaultAddr is where the dev server listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:1313"

// Options configure the dev server.
type Options struct {
	Source string    // the site folder; required
	Addr   string    // host:port to listen on; "" for DefaultAddr, no host for loopback
	Drafts bool      // include draft pages
	Poll   bool      // poll the site folder instead of waiting for change events
	Out    io.Writer // the terminal: URL, build times, problems; default os.Stderr

	// Debounce is the quiet time that ends a burst of changes; 0 for watch's default.
	Debounce time.Duration
	// SearchDelay is the quiet time after a quick rebuild before the search
	// index is brought up to date; 0 for one second.
	SearchDelay time.Duration
}

// Server is a running dev server. Create it with [Listen], then [Server.Run].
type Server struct {
	opts  Options
	ln    net.Listener // from Listen
	url   string       // "http://127.0.0.1:1313/", from ln
	state atomic.Pointer[state]
	hub   *hub

	// For tests, which check that rebuilds use the builder's cache:
	parsed atomic.Int64 // content files parsed anew, over all builds
	runs   atomic.Int64 // builds run

	// Owned by Run's goroutine:
	builder  *build.Builder
	id       string // this server's run, so a page from an earlier run reloads
	builds   int    // counts versions
	printed  string // problems printed last, so unchanged warnings are not repeated
	errorLog *log.Logger
}

// Listen binds the server's address, so that the URL is known (and a busy
// port reported) before anything is built.
func Listen(opts Options) (*Server, error) {
	if opts.Source == "" {
		return nil, errors.New("serve: no site folder")
	}
	if opts.SearchDelay <= 0 {
		opts.SearchDelay = time.Second
	}
	if opts.Out == nil {
		opts.Out = os.Stderr
	}
	addr, err := listenAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:     opts,
		ln:       ln,
		url:      "http://" + ln.Addr().String() + "/",
		hub:      newHub(),
		id:       strconv.FormatInt(time.Now().UnixNano(), 36),
		errorLog: log.New(opts.Out, "serve: ", 0),
	}
	s.state.Store(&state{version: s.id + "-0"})
	return s, nil
}

// listenAddr fills in the defaults: DefaultAddr for "", loopback for an
// address without a host (":8080" or "8080").
func listenAddr(addr string) (string, error) {
	if addr == "" {
		return DefaultAddr, nil
	}
	if _, err := strconv.ParseUint(addr, 10, 16); err == nil {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("serve: address %q: want host:port, such as %s", addr, DefaultAddr)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// URL returns the address pages are served at, with a trailing slash.
func (s *Server) URL() string { return s.url }

// Run watches the site, builds it, serves it and rebuilds on every change,
// until ctx is done; then it shuts down and returns nil. It returns an error
// only when it cannot start watching or serving: problems in the site never
// stop it.
func (s *Server) Run(ctx context.Context) error {
	out := s.opts.Out
	defer s.ln.Close()
	// Watch first and build second: a change saved during the first build
	// comes as a batch afterwards instead of being lost.
	w, err := watch.New(watch.Options{
		Root: s.opts.Source, Poll: s.opts.Poll, Debounce: s.opts.Debounce,
		OnError: func(err error) { fmt.Fprintf(out, "watch: %v\n", err) },
	})
	if err != nil {
		return err
	}
	defer w.Close()

	s.builder = s.newBuilder()
	s.rebuild(nil)

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.errorLog,
	}
	srv.RegisterOnShutdown(s.hub.close) // event streams never end on their own
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()
	fmt.Fprintf(out, "serving %s at %s (Ctrl-C to stop)\n", s.opts.Source, s.url)
	if ip := s.ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintf(out, "warning: listening on %s: anyone who can reach this machine can read the site\n", ip)
	}

	// After a quick rebuild the search index is brought up to date once the
	// editor pauses, so that saves in a row are each served at once.
	searchLater := time.NewTimer(time.Hour)
	searchLater.Stop()
	defer searchLater.Stop()
	for {
		select {
		case <-ctx.Done():
			s.hub.close()
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := srv.Shutdown(shutdown)
			fmt.Fprintln(out, "stopped")
			return err
		case err := <-served:
			return err
		case changes, ok := <-w.Batches():
			if !ok {
				return errors.New("serve: watching stopped")
			}
			if s.rebuild(changes) {
				searchLater.Reset(s.opts.SearchDelay)
			}
		case <-searchLater.C:
			s.finishSearch()
		}
	}
}

func (s *Server) newBuilder() *build.Builder {
	return build.New(build.Options{Source: s.opts.Source, BaseURL: s.url, Drafts: s.opts.Drafts, Incremental: true})
}

// rebuild builds the site, publishes the result (or the problems, keeping the
// last good files), prints what happened and tells the open pages.
// changes is nil for the first build.
//
// It reports whether the search index is left to finishSearch.
func (s *Server) rebuild(changes []watch.Change) (searchPending bool) {
	mem := output.NewMem()
	res := s.build(mem, changes)
	s.parsed.Add(int64(res.Parsed))
	s.runs.Add(1)

	prev := s.state.Load()
	problems := res.Problems.Sorted()
	s.printProblems(problems)
	if problems.HasErrors(false) {
		lines := problemLines(problems)
		errs, _ := problems.Count()
		if prev.files != nil {
			fmt.Fprintf(s.opts.Out, "build failed: %s; still serving the last good build\n", plural(errs, "error"))
		} else {
			fmt.Fprintf(s.opts.Out, "build failed: %s; the pages show them until a build succeeds\n", plural(errs, "error"))
		}
		if slices.Equal(lines, prev.problems) {
			return // broken the same way: nothing new to show
		}
		st := &state{files: prev.files, problems: lines, version: s.nextVersion()}
		s.state.Store(st)
		s.hub.broadcast(event{"errors", jsonLine(map[string]any{
			"version": st.version, "old": st.files != nil, "problems": lines,
		})})
		return
	}

	searchPending = res.SearchPending
	files := mem.Files()
	changed := res.Changed // against the builder's last good build, which is prev's
	if changed == nil {
		changed = changedFiles(prev.files, files) // nothing changed, or a fresh builder
	}
	if prev.files == nil {
		fmt.Fprintf(s.opts.Out, "built %s in %d ms\n", plural(res.Pages, "page"), res.Duration.Milliseconds())
	} else {
		fmt.Fprintf(s.opts.Out, "rebuilt %s in %d ms (%s changed)\n", plural(res.Rendered, "page"),
			res.Duration.Milliseconds(), plural(len(changed), "file"))
	}
	if len(changed) == 0 && prev.problems == nil && prev.files != nil {
		return // saved without a difference: the pages are up to date
	}
	st := &state{files: files, version: s.nextVersion()}
	s.state.Store(st)
	if swap, ok := cssSwap(changes, changed, prev, st); ok {
		s.hub.broadcast(event{"css", jsonLine(map[string]any{"from": prev.version, "version": st.version, "swap": swap})})
		return searchPending
	}
	s.hub.broadcast(event{"reload", st.version})
	return searchPending
}

// finishSearch brings the search index up to date after quick rebuilds
// served the edited pages first (build.Result.SearchPending). Only the search
// index and the search page change, so open pages do not reload: a "search"
// event gives them the new version, and only a search page reloads.
func (s *Server) finishSearch() {
	st := s.state.Load()
	if st.problems != nil {
		return // broken now: the next good build brings the index along
	}
	mem := output.NewMem()
	res := s.finish(mem)
	if res.Problems.HasErrors(false) {
		s.printProblems(res.Problems.Sorted())
		return
	}
	next := &state{files: mem.Files(), version: s.nextVersion()}
	if !s.state.CompareAndSwap(st, next) {
		return // a newer build is out already
	}
	fmt.Fprintf(s.opts.Out, "search index updated in %d ms\n", res.Duration.Milliseconds())
	s.hub.broadcast(event{"search", jsonLine(map[string]any{"from": st.version, "version": next.version})})
}

// finish runs FinishSearch, turning a panic into a problem like build does.
func (s *Server) finish(w build.Writer) (res *build.Result) {
	defer func() {
		if r := recover(); r != nil {
			res = &build.Result{}
			res.Problems.Errorf(diag.Pos{File: "."}, "internal error (a bug in handboek, please report it): %v", r)
			s.builder = s.newBuilder()
		}
	}()
	return s.builder.FinishSearch(w)
}

// build runs the builder, turning a panic into a problem (and starting over
// with a fresh builder, whose cache the panic cannot have left half-written).
func (s *Server) build(w build.Writer, changes []watch.Change) (res *build.Result) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.opts.Out, "panic during build: %v\n%s", r, debug.Stack())
			res = &build.Result{}
			res.Problems.Errorf(diag.Pos{File: "."}, "internal error (a bug in handboek, please report it): %v", r)
			s.builder = s.newBuilder()
		}
	}()
	var edited []string // the watcher's paths spare the builder a walk of content/
	for _, c := range changes {
		edited = append(edited, c.Path)
	}
	return s.builder.Rebuild(w, edited)
}

func (s *Server) nextVersion() string {
	s.builds++
	return s.id + "-" + strconv.Itoa(s.builds)
}

// printProblems prints every problem of a build, unless the same problems
// (warnings only) were printed for the build before.
func (s *Server) printProblems(problems diag.List) {
	text := problems.String()
	if text == s.printed && !problems.HasErrors(false) {
		return
	}
	s.printed = text
	io.WriteString(s.opts.Out, text)
}

func problemLines(l diag.List) []string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return lines
}

// changedFiles lists the names whose bytes differ between two builds
// (added, removed or changed), sorted.
func changedFiles(old, new map[string][]byte) []string {
	var out []string
	for name, data := range new {
		if prev, ok := old[name]; !ok || !bytes.Equal(prev, data) {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := new[name]; !ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// hashedCSS matches the output name of a stylesheet with its content hash
// (see output.Static): "css/site.3f2a1b9c0d.css".
var hashedCSS = regexp.MustCompile(`^(.*)\.[0-9a-f]{10}\.css$`)

// cssSwap decides whether open pages can swap stylesheets instead of
// reloading: every source change is a stylesheet under static/, the site
// before was good, and every changed output is a page (whose only difference
// is then the stylesheet's new name) or a stylesheet that replaces one of the
// same name. It returns old URL path -> new URL path.
func cssSwap(changes []watch.Change, changed []string, prev, next *state) (map[string]string, bool) {
	if len(changes) == 0 || prev.files == nil || prev.problems != nil {
		return nil, false
	}
	for _, c := range changes {
		if c.Kind != watch.Static || path.Ext(c.Path) != ".css" {
			return nil, false
		}
	}
	gone, added := map[string]string{}, map[string]string{} // unhashed name -> output name
	for _, name := range changed {
		switch m := hashedCSS.FindStringSubmatch(name); {
		case m == nil && path.Ext(name) == ".html":
			continue
		case m == nil:
			return nil, false
		default:
			if _, ok := next.files[name]; ok {
				added[m[1]] = name
			} else {
				gone[m[1]] = name
			}
		}
	}
	if len(gone) == 0 || len(gone) != len(added) {
		return nil, false
	}
	swap := map[string]string{}
	for _, key := range slices.Sorted(maps.Keys(gone)) {
		to, ok := added[key]
		if !ok {
			return nil, false
		}
		swap["/"+gone[key]] = "/" + to
	}
	return swap, true
}

// plural writes "1 page", "2 pages".
func plural(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return strconv.Itoa(n) + " " + word
}
