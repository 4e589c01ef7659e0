package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// wait bounds every wait for the server to catch up. Tests never assert
// that something takes at least some time.
const wait = 10 * time.Second

// syncBuffer is the server's terminal, read by the test while Run writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type testServer struct {
	*Server
	root string
	out  *syncBuffer
}

// baseSite is a small valid site.
func baseSite() map[string]string {
	return map[string]string{
		"content/_index.md":        "---\ntitle: Testhandboek\nlanguage: nl\n---\n\nWelkom.\n",
		"content/themas/_index.md": "---\ntitle: Thema's\n---\n",
		"content/themas/ict.md":    "---\ntitle: ICT\n---\n\nOver ICT.\n",
		"content/over.md":          "---\ntitle: Over\n---\n\nOver dit handboek.\n",
	}
}

func writeFile(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// start writes files into a temp site, runs a server on a free loopback port
// and waits for its first build. The server is stopped at the end of the test,
// and Run must then return nil.
func start(t *testing.T, files map[string]string) *testServer {
	t.Helper()
	return startWith(t, files, Options{})
}

// startWith is start with options (Source, Addr and Out are filled in).
func startWith(t *testing.T, files map[string]string, opts Options) *testServer {
	t.Helper()
	root := t.TempDir()
	for p, d := range files {
		writeFile(t, root, p, d)
	}
	out := &syncBuffer{}
	opts.Source, opts.Addr, opts.Out = root, "127.0.0.1:0", out
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	s, err := Listen(opts)
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("Run did not return after cancel")
		}
	})
	ts := &testServer{Server: s, root: root, out: out}
	ts.waitFor(t, "first build", func() bool { return s.state.Load().version != s.id+"-0" })
	return ts
}

func (ts *testServer) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v still waiting for: %s\nterminal:\n%s", wait, what, ts.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (ts *testServer) get(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(strings.TrimSuffix(ts.url, "/") + path)
	must(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp.StatusCode, string(body), resp.Header
}

// fullBuild builds the site as it is on disk now, from scratch, as
// `handboek build` would (with the server's base URL).
func (ts *testServer) fullBuild(t *testing.T) map[string][]byte {
	t.Helper()
	b := build.New(build.Options{Source: ts.root, BaseURL: ts.url})
	mem := output.NewMem()
	res := b.Build(mem)
	if res.Problems.HasErrors(false) {
		t.Fatalf("full build failed:\n%s", res.Problems.Sorted())
	}
	return mem.Files()
}

var injected = regexp.MustCompile(`<script src="/__handboek/reload\.js" data-version="[^"]*" defer></script>`)

// equalsFullBuild waits until the served site is a full build of the disk,
// then checks it over HTTP too: every file, byte for byte, with only the
// reload script added to HTML (and no overlay).
func (ts *testServer) equalsFullBuild(t *testing.T) map[string][]byte {
	t.Helper()
	full := ts.fullBuild(t)
	for name, data := range full {
		if bytes.Contains(data, []byte("__handboek")) {
			t.Fatalf("a built file holds dev-server code: %s", name)
		}
	}
	ts.waitFor(t, "served site equals a full build", func() bool {
		st := ts.state.Load()
		return st.problems == nil && mapsEqual(st.files, full)
	})
	for name, want := range full {
		code, body, h := ts.get(t, "/"+name)
		if code != http.StatusOK {
			t.Errorf("GET /%s: %d", name, code)
			continue
		}
		if strings.HasSuffix(name, ".html") {
			if n := len(injected.FindAllString(body, -1)); n != 1 {
				t.Errorf("GET /%s: %d reload scripts", name, n)
			}
			body = injected.ReplaceAllString(body, "")
		}
		if body != string(want) {
			t.Errorf("GET /%s differs from the full build:\n%s\nwant:\n%s", name, body, want)
		}
		if cc := h.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET /%s: Cache-Control %q", name, cc)
		}
	}
	return full
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// parsedAfter runs edit, waits until the served site equals a full build,
// and checks that the builds in between parsed only the changed content
// files: at least changed in all, at most changed per build (the watcher may
// have split the edit over more than one build).
func (ts *testServer) parsedAfter(t *testing.T, changed int64, edit func()) {
	t.Helper()
	parsed, runs := ts.parsed.Load(), ts.runs.Load()
	edit()
	ts.equalsFullBuild(t)
	parsed, runs = ts.parsed.Load()-parsed, ts.runs.Load()-runs
	if parsed < changed || parsed > changed*max(runs, 1) {
		t.Errorf("%d builds parsed %d content files anew; %d changed", runs, parsed, changed)
	}
}

// TestServeFollowsEdits runs one server through a sequence of edits,
// additions, renames and deletions; after each the served site must equal a
// full build byte for byte, and only changed content files may be parsed again.
func TestServeFollowsEdits(t *testing.T) {
	ts := start(t, baseSite())
	root := ts.root
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	ts.equalsFullBuild(t)
	if !strings.Contains(ts.out.String(), "built ") || !strings.Contains(ts.out.String(), ts.url) {
		t.Errorf("terminal lacks the URL or the build line:\n%s", ts.out)
	}

	steps := []struct {
		name   string
		edit   func()
		parsed int64 // content files changed, so to be parsed anew
		check  func(t *testing.T)
	}{
		{"in-place write", func() {
			writeFile(t, root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nOver ICT en AI.\n")
		}, 1, func(t *testing.T) {
			if _, body, _ := ts.get(t, "/themas/ict/"); !strings.Contains(body, "Over ICT en AI.") {
				t.Errorf("page not updated:\n%s", body)
			}
		}},
		{"vim save", func() {
			writeFile(t, root, "content/themas/4913", "")
			must(t, os.Remove(p("content/themas/4913")))
			must(t, os.Rename(p("content/themas/ict.md"), p("content/themas/ict.md~")))
			writeFile(t, root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nOver ICT, met vim.\n")
			writeFile(t, root, "content/themas/.ict.md.swp", "swap")
			must(t, os.Remove(p("content/themas/ict.md~")))
		}, 1, nil},
		{"JetBrains save", func() {
			writeFile(t, root, "content/over.md___jb_tmp___", "---\ntitle: Over\n---\n\nOver, met IDEA.\n")
			must(t, os.Rename(p("content/over.md"), p("content/over.md___jb_old___")))
			must(t, os.Rename(p("content/over.md___jb_tmp___"), p("content/over.md")))
			must(t, os.Remove(p("content/over.md___jb_old___")))
		}, 1, nil},
		{"new file", func() {
			writeFile(t, root, "content/themas/taal.md", "---\ntitle: Taal\n---\n\nOver taal.\n")
		}, 1, func(t *testing.T) {
			if code, _, _ := ts.get(t, "/themas/taal/"); code != http.StatusOK {
				t.Errorf("new page: %d", code)
			}
		}},
		{"new folder", func() {
			writeFile(t, root, "content/nieuws/_index.md", "---\ntitle: Nieuws\n---\n")
			writeFile(t, root, "content/nieuws/a.md", "---\ntitle: A\n---\n\nBericht A.\n")
			writeFile(t, root, "content/nieuws/2026/b.md", "---\ntitle: B\n---\n\nBericht B.\n")
			writeFile(t, root, "content/nieuws/2026/foto.txt", "geen foto")
		}, 3, func(t *testing.T) {
			if code, _, _ := ts.get(t, "/nieuws/2026/b/"); code != http.StatusOK {
				t.Errorf("page in new folder: %d", code)
			}
		}},
		{"rename file", func() {
			must(t, os.Rename(p("content/themas/taal.md"), p("content/themas/talen.md")))
		}, 1, func(t *testing.T) {
			if code, _, _ := ts.get(t, "/themas/taal/"); code != http.StatusNotFound {
				t.Errorf("old name: %d", code)
			}
		}},
		{"rename folder", func() {
			must(t, os.Rename(p("content/nieuws"), p("content/berichten")))
		}, 3, nil},
		{"delete file", func() {
			must(t, os.Remove(p("content/themas/talen.md")))
		}, 0, nil},
		{"delete folder", func() {
			must(t, os.RemoveAll(p("content/berichten")))
		}, 0, nil},
		{"layout added", func() {
			writeFile(t, root, "layouts/partials/nav.html", `<nav class="hoofdmenu">TESTNAV</nav>`)
		}, 0, func(t *testing.T) {
			if _, body, _ := ts.get(t, "/over/"); !strings.Contains(body, "TESTNAV") {
				t.Errorf("layout not used")
			}
		}},
		{"layout edit", func() {
			writeFile(t, root, "layouts/partials/nav.html", `<nav class="hoofdmenu">TESTNAV 2</nav>`)
		}, 0, nil},
		{"layout removed: the default again", func() {
			must(t, os.Remove(p("layouts/partials/nav.html")))
		}, 0, nil},
		{"static file", func() {
			writeFile(t, root, "static/img/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`)
		}, 0, nil},
		{"saved without a change", func() {
			writeFile(t, root, "content/over.md", "---\ntitle: Over\n---\n\nOver, met IDEA.\n")
		}, 0, nil},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			ts.parsedAfter(t, step.parsed, step.edit)
			if step.check != nil {
				step.check(t)
			}
		})
	}
	if !strings.Contains(ts.out.String(), "rebuilt ") {
		t.Errorf("terminal lacks rebuild lines:\n%s", ts.out)
	}
}

func TestServeBurst(t *testing.T) {
	ts := start(t, baseSite())
	ts.parsedAfter(t, 200, func() {
		for i := range 200 {
			writeFile(t, ts.root, fmt.Sprintf("content/themas/t%03d.md", i),
				fmt.Sprintf("---\ntitle: Thema %d\n---\n\nTekst %d.\n", i, i))
		}
	})
	// How the burst was split depends on timing (watch's own tests check
	// that bursts merge); here it is only reported.
	t.Logf("200 files: %d rebuilds", strings.Count(ts.out.String(), "rebuilt "))
}

// events connects to the event stream and returns its events as
// "name data" strings.
func events(t *testing.T, ts *testServer) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"__handboek/events", nil)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ch <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan string, name string) string {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("event stream ended while waiting for %q", name)
			}
			if n, data, _ := strings.Cut(e, " "); n == name {
				return data
			}
		case <-timeout:
			t.Fatalf("no %q event after %v", name, wait)
		}
	}
}

func TestServeBrokenThenFixed(t *testing.T) {
	ts := start(t, baseSite())
	ev := events(t, ts)
	next(t, ev, "hello")
	good := ts.equalsFullBuild(t)

	// A frontmatter key that is HTML: its error must be shown escaped.
	writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n\"<img src=x onerror=alert(1)>\": ja\n---\n\nKapot.\n")
	data := next(t, ev, "errors")
	if !strings.Contains(data, "content/themas/ict.md:3") {
		t.Errorf("errors event lacks the position: %s", data)
	}
	ts.waitFor(t, "terminal shows the problem", func() bool {
		return strings.Contains(ts.out.String(), "content/themas/ict.md:3")
	})
	for _, path := range []string{"/themas/ict/", "/", "/over/", "/bestaat-niet/"} {
		_, body, _ := ts.get(t, path)
		if !strings.Contains(body, `id="handboek-overlay"`) {
			t.Errorf("GET %s: no overlay", path)
		}
		if !strings.Contains(body, "content/themas/ict.md:3") || !strings.Contains(body, "&lt;img src=x") {
			t.Errorf("GET %s: overlay lacks the escaped problem:\n%s", path, body)
		}
		if strings.Contains(body, "<img src=x") {
			t.Errorf("GET %s: problem not escaped", path)
		}
	}
	// The last good site is still served underneath.
	if !mapsEqual(ts.state.Load().files, good) {
		t.Error("the last good build was not kept")
	}
	if _, body, _ := ts.get(t, "/themas/ict/"); !strings.Contains(body, "Over ICT.") {
		t.Error("the last good page is not served")
	}

	// A broken template too, then everything fixed.
	writeFile(t, ts.root, "layouts/partials/nav.html", "<nav>{{.Nope</nav>")
	ts.waitFor(t, "template problem shown", func() bool {
		_, body, _ := ts.get(t, "/over/")
		return strings.Contains(body, "layouts/partials/nav.html")
	})
	must(t, os.Remove(filepath.Join(ts.root, "layouts", "partials", "nav.html")))
	writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nWeer heel.\n")
	next(t, ev, "reload")
	ts.equalsFullBuild(t)
	if _, body, _ := ts.get(t, "/themas/ict/"); strings.Contains(body, "handboek-overlay") || !strings.Contains(body, "Weer heel.") {
		t.Errorf("after the fix:\n%s", body)
	}
}

func TestServeBrokenFromTheStart(t *testing.T) {
	files := baseSite()
	files["content/over.md"] = "---\ntitle: Over\nonbekend: 1\n---\n"
	ts := start(t, files)
	code, body, _ := ts.get(t, "/over/")
	if code != http.StatusInternalServerError || !strings.Contains(body, "content/over.md:3") || !strings.Contains(body, "reload.js") {
		t.Errorf("GET /over/ before any good build: %d\n%s", code, body)
	}
	writeFile(t, ts.root, "content/over.md", "---\ntitle: Over\n---\n")
	ts.equalsFullBuild(t)
}

func TestServeCSSOnlySwapsStylesheet(t *testing.T) {
	files := baseSite()
	files["static/css/site.css"] = "body{color:black}"
	ts := start(t, files)
	ev := events(t, ts)
	next(t, ev, "hello")
	before := ts.equalsFullBuild(t)
	writeFile(t, ts.root, "static/css/site.css", "body{color:red}")
	data := next(t, ev, "css")
	after := ts.equalsFullBuild(t)
	oldCSS, newCSS := cssName(before), cssName(after)
	if oldCSS == "" || newCSS == "" || oldCSS == newCSS {
		t.Fatalf("stylesheets: %q -> %q", oldCSS, newCSS)
	}
	if want := fmt.Sprintf(`"swap":{"/%s":"/%s"}`, oldCSS, newCSS); !strings.Contains(data, want) {
		t.Errorf("css event %s, want %s", data, want)
	}
	// A content change reloads.
	writeFile(t, ts.root, "content/over.md", "---\ntitle: Over\n---\n\nAnders.\n")
	next(t, ev, "reload")
}

func cssName(files map[string][]byte) string {
	for name := range files {
		if hashedCSS.MatchString(name) && strings.HasPrefix(name, "css/site.") {
			return name
		}
	}
	return ""
}

func TestServeHTTP(t *testing.T) {
	files := baseSite()
	files["static/css/extra.css"] = "p{margin:0}"
	ts := start(t, files)
	tests := []struct {
		path     string
		code     int
		ctype    string
		contains string
	}{
		{"/", 200, "text/html; charset=utf-8", "Welkom."},
		{"/themas/ict/", 200, "text/html; charset=utf-8", "Over ICT."},
		{"/themas/ict/index.html", 200, "text/html; charset=utf-8", "Over ICT."},
		{"/themas/ict", 301, "", ""},
		{"/bestaat/niet/", 404, "text/html; charset=utf-8", "reload.js"},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent"},
		{"/sitemap.xml", 200, "application/xml; charset=utf-8", "<urlset"},
		{"/__handboek/reload.js", 200, "text/javascript; charset=utf-8", "EventSource"},
		{"/__handboek/overlay.css", 200, "text/css; charset=utf-8", "#handboek-overlay"},
		{"/__handboek/nope", 404, "", ""},
	}
	for _, tt := range tests {
		code, body, h := ts.get(t, tt.path)
		if code != tt.code || (tt.ctype != "" && h.Get("Content-Type") != tt.ctype) || !strings.Contains(body, tt.contains) {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", tt.path, code, h.Get("Content-Type"), tt.code, tt.ctype, tt.contains)
		}
		if h.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control %q", tt.path, h.Get("Cache-Control"))
		}
		if tt.code == 301 && h.Get("Location") != tt.path+"/" {
			t.Errorf("GET %s: Location %q", tt.path, h.Get("Location"))
		}
	}
	css := ""
	for name := range ts.state.Load().files {
		if strings.HasPrefix(name, "css/extra.") {
			css = name
		}
	}
	if code, _, h := ts.get(t, "/"+css); code != 200 || h.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET /%s: %d %q", css, code, h.Get("Content-Type"))
	}
	resp, err := http.Post(ts.url, "text/plain", strings.NewReader("x"))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestListenLoopbackByDefault(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "127.0.0.1:1313"},
		{":8080", "127.0.0.1:8080"},
		{"8080", "127.0.0.1:8080"},
		{"localhost:1313", "localhost:1313"},
		{"0.0.0.0:1313", "0.0.0.0:1313"},
		{"[::1]:1313", "[::1]:1313"},
	}
	for _, tt := range tests {
		if got, err := listenAddr(tt.in); err != nil || got != tt.want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"localhost", "1.2.3.4"} {
		if _, err := listenAddr(bad); err == nil {
			t.Errorf("listenAddr(%q): no error", bad)
		}
	}
	if DefaultAddr != "127.0.0.1:1313" {
		t.Errorf("DefaultAddr = %q", DefaultAddr)
	}
	// An address without a host really binds loopback.
	s, err := Listen(Options{Source: t.TempDir(), Addr: ":0", Out: io.Discard})
	must(t, err)
	defer s.ln.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %q", s.URL())
	}
}

func TestBuildPanicBecomesProblem(t *testing.T) {
	out := &syncBuffer{}
	s := &Server{opts: Options{Source: t.TempDir(), Out: out}} // no builder: Build panics
	res := s.build(output.Discard{}, nil)
	if !res.Problems.HasErrors(false) || !strings.Contains(res.Problems.String(), "internal error") {
		t.Errorf("problems = %q", res.Problems.String())
	}
	if s.builder == nil {
		t.Error("no fresh builder after a panic")
	}
	if !strings.Contains(out.String(), "panic during build") {
		t.Errorf("terminal: %q", out.String())
	}
}

func TestShutdownEndsEventStreams(t *testing.T) {
	root := t.TempDir()
	for p, d := range baseSite() {
		writeFile(t, root, p, d)
	}
	s, err := Listen(Options{Source: root, Addr: "127.0.0.1:0", Out: io.Discard})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	ts := &testServer{Server: s, root: root, out: &syncBuffer{}}
	ev := events(t, ts)
	next(t, ev, "hello")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Run did not return with an open event stream")
	}
	for range ev { // the stream ends
	}
	if _, err := http.Get(s.URL()); err == nil {
		t.Error("still serving after shutdown")
	}
}

func TestChangedFiles(t *testing.T) {
	old := map[string][]byte{"a": []byte("1"), "b": []byte("2"), "c": []byte("3")}
	new := map[string][]byte{"a": []byte("1"), "b": []byte("x"), "d": []byte("4")}
	if got := changedFiles(old, new); !slices.Equal(got, []string{"b", "c", "d"}) {
		t.Errorf("changedFiles = %q", got)
	}
}

func TestServePoll(t *testing.T) {
	ts := startWith(t, baseSite(), Options{Poll: true})
	ts.parsedAfter(t, 1, func() {
		writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nGepold.\n")
	})
	ts.parsedAfter(t, 1, func() {
		writeFile(t, ts.root, "content/nieuws/a.md", "---\ntitle: A\n---\n\nNieuw.\n")
	})
	ts.parsedAfter(t, 0, func() {
		must(t, os.RemoveAll(filepath.Join(ts.root, "content", "nieuws")))
	})
}

// TestSymlinksNotServed puts symlinks to a secret outside the site into
// static/ and content/: the build refuses them, and nothing of the secret is
// ever served.
func TestSymlinksNotServed(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "geheim.txt")
	must(t, os.WriteFile(secret, []byte("GEHEIM-WACHTWOORD"), 0o644))
	ts := start(t, baseSite())
	ts.equalsFullBuild(t)
	for _, link := range []struct{ target, name, problem string }{
		{secret, "static/geheim.txt", "static/geheim.txt"},
		{filepath.Dir(secret), "content/buiten", "content/buiten"},
	} {
		name := filepath.Join(ts.root, filepath.FromSlash(link.name))
		must(t, os.MkdirAll(filepath.Dir(name), 0o755))
		must(t, os.Symlink(link.target, name))
		ts.waitFor(t, "the build to refuse "+link.name, func() bool {
			return strings.Contains(strings.Join(ts.state.Load().problems, "\n"), link.problem)
		})
		for _, path := range []string{"/geheim.txt", "/buiten/geheim.txt", "/buiten/", "/", "/themas/ict/"} {
			code, body, _ := ts.get(t, path)
			if strings.Contains(body, "GEHEIM-WACHTWOORD") {
				t.Errorf("GET %s: %d served the secret", path, code)
			}
		}
		if _, body, _ := ts.get(t, "/"); !strings.Contains(body, "handboek-overlay") {
			t.Errorf("no overlay for %s:\n%s", link.name, body)
		}
		must(t, os.Remove(name))
		ts.equalsFullBuild(t)
	}
}
