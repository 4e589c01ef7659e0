package serve

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// browserTab opens a tab in a new headless Chromium, with its console
// errors (failed requests, CSP violations, exceptions) collected. Without
// Chromium the test is skipped, except in CI, where it fails.
func browserTab(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no browser at %s (apt-get install chromium); skipped outside CI", chromiumPath)
		}
		t.Fatalf("no browser at %s: CI must install chromium", chromiumPath)
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
		chromedp.Flag("disable-dev-shm-usage", true), // as internal/e2e: a container's small /dev/shm crashes Chromium
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	var mu sync.Mutex
	var errs []string
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}
}

// until evaluates a JavaScript condition in the tab until it is true. A page
// that is reloading makes an evaluation fail; that counts as not yet.
func until(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
			t.Fatalf("after %v still waiting for %s (%s): %v\npage:\n%s", wait, what, cond, err, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBrowserLiveReload opens a served page in Chromium and checks, in the
// page itself: a stylesheet edit swaps the stylesheet without a reload, a
// content edit reloads, a broken build shows the overlay as text at once, and
// the fix removes it; all under the pages' Content-Security-Policy, without
// console errors.
func TestBrowserLiveReload(t *testing.T) {
	files := baseSite()
	files["static/css/site.css"] = "body{color:rgb(0,0,0)}"
	ts := start(t, files)
	ctx, consoleErrors := browserTab(t)

	waitConnected := func() {
		ts.waitFor(t, "page connected to the event stream", func() bool { return ts.hub.count() > 0 })
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.url+"themas/ict/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "page", `document.body.textContent.includes("Over ICT.")`)
	waitConnected()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}

	writeFile(t, ts.root, "static/css/site.css", "body{color:rgb(255,0,0)}")
	until(t, ctx, "the new stylesheet", `getComputedStyle(document.body).color === "rgb(255, 0, 0)"`)
	until(t, ctx, "no reload for a stylesheet", `window.notReloaded === true`)

	writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nNieuwe tekst.\n")
	until(t, ctx, "reload with the new text", `document.body.textContent.includes("Nieuwe tekst.") && window.notReloaded === undefined`)
	waitConnected()

	writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n\"<img src=x onerror=alert(1)>\": ja\n---\n")
	until(t, ctx, "the overlay", `(document.getElementById("handboek-overlay") || {}).textContent?.includes("content/themas/ict.md:3") === true`)
	until(t, ctx, "problems as text", `document.querySelector("#handboek-overlay img") === null && document.getElementById("handboek-overlay").textContent.includes("<img")`)
	until(t, ctx, "the last good page under it", `document.body.textContent.includes("Nieuwe tekst.")`)

	writeFile(t, ts.root, "content/themas/ict.md", "---\ntitle: ICT\n---\n\nHersteld.\n")
	until(t, ctx, "the fix", `document.body.textContent.includes("Hersteld.") && !document.getElementById("handboek-overlay")`)

	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}
