package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// a11yPages are the pages of the real handbook that the browser checks: one
// of every kind a teacher meets, plus the two chapters with figures.
var a11yPages = []struct {
	name   string // screenshot name
	path   string
	status int
}{
	{"start", "/", 200},
	{"lijst", "/goede-praktijken/", 200},
	{"goede-praktijk", "/goede-praktijken/ixperium/", 200},
	{"doel", "/doelen/competentiebeleving-en-autonomie/", 200},
	{"subregio", "/subregios/arnhem/", 200},
	{"groeicurve", "/handboek/groeicurve/", 200},
	{"werkvormen", "/handboek/interdisciplinaire-werkvormen/", 200},
	{"zoeken", "/zoeken/?q=ict", 200},
	{"404", "/bestaat-niet/", 404},
}

// a11yWidths are a small phone and a laptop, in CSS pixels.
var a11yWidths = []int64{320, 1280}

// TestA11yInBrowser opens every page of a11yPages in headless Chromium at
// every width of a11yWidths, in light and in dark mode. It fails on a wrong
// HTTP status, on any console error or uncaught exception (CSP violations and
// failed requests included), on sideways scrolling, and on any serious or
// critical axe-core violation of WCAG 2.1 AA and best practices. It saves a
// screenshot of each combination (see artifactDir).
func TestA11yInBrowser(t *testing.T) {
	s := realSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)
	t.Logf("screenshots in %s", artifactDir(t))
	for _, width := range a11yWidths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range a11yPages {
			t.Run(fmt.Sprintf("%s/%d", pg.name, width), func(t *testing.T) {
				if err := setColorScheme(ctx, "light"); err != nil {
					t.Fatal(err)
				}
				resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.Page(pg.path)))
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status != int64(pg.status) {
					t.Errorf("GET %s: status %d, want %d", pg.path, resp.Status, pg.status)
				}
				msgs, err := console.Take(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range Errors(msgs) {
					if pg.status == 404 && strings.Contains(e, "404 (Not Found)") && strings.Contains(e, pg.path) {
						continue // the browser reports the 404 of the page itself
					}
					t.Errorf("console: %s", e)
				}
				if wide, err := sidewaysScroll(ctx); err != nil {
					t.Fatal(err)
				} else if wide != "" {
					t.Errorf("the page scrolls sideways at %d px: %s", width, wide)
				}
				for _, scheme := range []string{"light", "dark"} {
					if err := setColorScheme(ctx, scheme); err != nil {
						t.Fatal(err)
					}
					violations, err := runAxe(ctx)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range violations {
						if v.Serious() {
							t.Errorf("axe, %s mode: %s", scheme, v)
						} else {
							t.Logf("axe, %s mode (not failing): %s", scheme, v)
						}
					}
					screenshot(t, ctx, fmt.Sprintf("%s-%d-%s", pg.name, width, scheme))
				}
				// axe and the screenshots must not cause errors either.
				msgs, err = console.Take(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range Errors(msgs) {
					t.Errorf("console: %s", e)
				}
			})
		}
	}
}

// setColorScheme emulates prefers-color-scheme: "light" or "dark".
func setColorScheme(ctx context.Context, scheme string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	return err
}

// sidewaysScroll returns "" when the page is no wider than the window, and
// otherwise the width and the elements that stick out, for the error message.
func sidewaysScroll(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const doc = document.documentElement, w = window.innerWidth;
		if (doc.scrollWidth <= w) return "";
		const out = [];
		const scrollsInside = el => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== "visible") return true;
			}
			return false;
		};
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 0.5 && out.length < 5 && !scrollsInside(el)) {
				out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
					(el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
					" (right edge " + Math.round(r.right) + ")");
			}
		}
		return "scrollWidth " + doc.scrollWidth + " > innerWidth " + w + "; " + out.join(", ");
	})()`))
}
