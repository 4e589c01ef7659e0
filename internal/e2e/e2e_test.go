package e2e

// Shared helpers of the end-to-end tests: build a site, serve it on
// 127.0.0.1, open tabs in one headless Chromium, watch a tab's console, and
// save screenshots. Keep this file small and general; checks belong in the
// a11y_* and search_* files.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// shared holds what tests build once per test binary; TestMain cleans it up.
var shared struct {
	mu      sync.Mutex
	cleanup []func()

	realOnce sync.Once
	real     *Site
	realErr  error

	browserOnce sync.Once
	browser     context.Context // the browser's root tab; tabs are opened from it
	browserErr  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	shared.mu.Lock()
	for i := len(shared.cleanup) - 1; i >= 0; i-- {
		shared.cleanup[i]()
	}
	shared.mu.Unlock()
	os.Exit(code)
}

func atExit(f func()) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.cleanup = append(shared.cleanup, f)
}

// Site is a built site, served over HTTP.
type Site struct {
	Dir string // the output folder
	URL string // "http://127.0.0.1:port", without a trailing slash
}

// Page returns the absolute URL of a site path ("/doelen/").
func (s *Site) Page(p string) string { return s.URL + p }

// repoRoot is the repository, found from this package's folder.
func repoRoot() string {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	return root
}

// buildInto builds the site folder src into out. Any problem fails, warnings
// too: the handbook is built with --strict.
func buildInto(src, out string) error {
	b := build.New(build.Options{Source: src})
	d, err := output.NewDir(out)
	if err != nil {
		return err
	}
	res := b.Build(d)
	if len(res.Problems) > 0 {
		d.Abort()
		return fmt.Errorf("building %s:\n%s", src, res.Problems)
	}
	return d.Commit()
}

// realSite builds the repository's own handbook (content/, layouts/, static/)
// once per test binary and serves it; every test shares it and must not
// change it.
func realSite(t testing.TB) *Site {
	t.Helper()
	shared.realOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "handboek-e2e-site-")
		if err != nil {
			shared.realErr = err
			return
		}
		atExit(func() { os.RemoveAll(tmp) })
		out := filepath.Join(tmp, "public")
		if shared.realErr = buildInto(repoRoot(), out); shared.realErr != nil {
			return
		}
		url, stop, err := serve(out)
		if err != nil {
			shared.realErr = err
			return
		}
		atExit(stop)
		shared.real = &Site{Dir: out, URL: url}
	})
	if shared.realErr != nil {
		t.Fatal(shared.realErr)
	}
	return shared.real
}

// fixtureSite writes files (slash path -> content) into a temporary site
// folder, builds it with the default layouts and static files, and serves it
// for the rest of the test.
func fixtureSite(t testing.TB, files map[string]string) *Site {
	t.Helper()
	src := t.TempDir()
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := buildInto(src, out); err != nil {
		t.Fatal(err)
	}
	url, stop, err := serve(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return &Site{Dir: out, URL: url}
}

// serve serves dir on 127.0.0.1 at a free port, the way a static host does:
// folders by their index.html, and 404.html with status 404 for anything
// missing.
func serve(dir string) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if info, err := os.Stat(name); err == nil && info.IsDir() {
			name = filepath.Join(name, "index.html")
		}
		if _, err := os.Stat(name); err != nil {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// newTab opens a tab in the shared headless Chromium; it closes when the test
// ends. Without Chromium the test is skipped, except in CI (CI set), where it
// fails.
func newTab(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no browser at %s (apt-get install chromium); skipped outside CI", chromiumPath)
		}
		t.Fatalf("no browser at %s: CI must install chromium", chromiumPath)
	}
	shared.browserOnce.Do(func() {
		profile, err := os.MkdirTemp("", "handboek-e2e-chromium-")
		if err != nil {
			shared.browserErr = err
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(chromiumPath),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// Containers often have a tiny /dev/shm; Chromium then crashes.
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.UserDataDir(profile),
		)
		ctx, cancel := chromedp.NewContext(alloc)
		atExit(func() { cancel(); cancelAlloc(); os.RemoveAll(profile) })
		if err := chromedp.Do(ctx); err != nil { // starts the browser
			shared.browserErr = fmt.Errorf("starting %s: %w", chromiumPath, err)
			return
		}
		shared.browser = ctx
	})
	if shared.browserErr != nil {
		t.Fatal(shared.browserErr)
	}
	ctx, cancel := chromedp.NewContext(shared.browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatal(err)
	}
	return ctx
}

// Console collects everything a tab writes to its console: console calls,
// uncaught exceptions and browser log entries (failed requests, CSP
// violations).
type Console struct {
	mu     sync.Mutex
	msgs   []chromedp.ConsoleMessage
	marks  chan string // sync marks, in arrival order
	serial int
}

// watchConsole starts collecting the console of the tab ctx. Call it before
// navigating.
func watchConsole(ctx context.Context) *Console {
	c := &Console{marks: make(chan string, 16)}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if mark, ok := strings.CutPrefix(m.Text, syncPrefix); ok {
				c.marks <- mark
				continue
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return c
}

const syncPrefix = "e2e-sync:"

// Take returns the messages so far and forgets them. It first writes a mark to
// the console and waits until the mark comes back, so every message the page
// wrote before the call is included, without sleeping.
func (c *Console) Take(ctx context.Context) ([]chromedp.ConsoleMessage, error) {
	c.serial++
	mark := fmt.Sprint(c.serial)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf("console.debug(%q)", syncPrefix+mark))); err != nil {
		return nil, err
	}
	for {
		select {
		case got := <-c.marks:
			if got != mark {
				continue // an earlier mark that was never waited for
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			msgs := c.msgs
			c.msgs = nil
			return msgs, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Errors returns the messages of type error or exception, as text.
func Errors(msgs []chromedp.ConsoleMessage) []string {
	var out []string
	for _, m := range msgs {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			out = append(out, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line+1))
		}
	}
	return out
}

// artifactDir is where screenshots go: $HANDBOEK_E2E_ARTIFACTS, or
// $TMPDIR/handboek-e2e.
func artifactDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("HANDBOEK_E2E_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "handboek-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves a PNG of the whole page as <artifacts>/<name>.png.
func screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(artifactDir(t), name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Error(err)
	}
}
