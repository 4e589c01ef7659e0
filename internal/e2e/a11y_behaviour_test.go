package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// open loads a page of s in the tab at the given width and fails the test on
// console errors.
func open(t *testing.T, ctx context.Context, console *Console, s *Site, width int64, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.Page(path))); err != nil {
		t.Fatal(err)
	}
	msgs, err := console.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range Errors(msgs) {
		t.Errorf("console on %s: %s", path, e)
	}
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// visibleMenuLinks counts the main menu's links that are rendered inside the
// window. checkVisibility is needed because the content of a closed <details>
// keeps its old boxes (content-visibility: hidden).
const visibleMenuLinks = `[...document.querySelectorAll(".hoofdmenu a")].filter(a => {
	if (!a.checkVisibility({visibilityProperty: true})) return false;
	const r = a.getBoundingClientRect();
	return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth;
}).length`

// TestA11yWithoutJavaScript checks a phone with JavaScript off: the whole main
// menu is on screen, nothing scrolls sideways, and lists offer their filter
// links.
func TestA11yWithoutJavaScript(t *testing.T) {
	s := realSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, console, s, 320, "/")
	if scripts := eval[bool](t, ctx, `document.querySelector(".hoofdmenu details").open`); !scripts {
		t.Error("with JavaScript off the menu must stay open")
	}
	total := eval[int](t, ctx, `document.querySelectorAll(".hoofdmenu a").length`)
	if got := eval[int](t, ctx, visibleMenuLinks); total < 7 || got != total {
		t.Errorf("%d of %d menu links are visible at 320 px without JavaScript; want all (at least 7)", got, total)
	}
	if wide, err := sidewaysScroll(ctx); err != nil || wide != "" {
		t.Errorf("sideways scrolling without JavaScript: %s %v", wide, err)
	}
	screenshot(t, ctx, "start-320-zonder-js")
	open(t, ctx, console, s, 320, "/goede-praktijken/")
	if got := eval[int](t, ctx, `document.querySelectorAll("nav.filter a[href]").length`); got == 0 {
		t.Error("the list has no filter links without JavaScript")
	}
	if eval[bool](t, ctx, `document.querySelector(".filter-form") !== null`) {
		t.Error("the filter form needs JavaScript and must not be there without it")
	}
}

// TestA11yMenuAndSkipLink checks the keyboard: the first Tab reaches the skip
// link, which is then visible and moves focus to the main content; on a
// phone the menu is a button that opens and closes.
func TestA11yMenuAndSkipLink(t *testing.T) {
	s := realSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)

	open(t, ctx, console, s, 1280, "/doelen/")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.activeElement.className`); got != "skip" {
		t.Fatalf("the first Tab focuses %q, want the skip link", got)
	}
	if !eval[bool](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.width > 0; })()`) {
		t.Error("the focused skip link is not on screen")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "inhoud" {
		t.Errorf("after the skip link, focus is on %q, want #inhoud", got)
	}
	if got := eval[int](t, ctx, visibleMenuLinks); got < 7 {
		t.Errorf("%d menu links visible at 1280 px, want all in one row", got)
	}

	open(t, ctx, console, s, 320, "/doelen/")
	if got := eval[int](t, ctx, visibleMenuLinks); got != 0 {
		t.Errorf("at 320 px with JavaScript the menu starts closed, but %d links are visible", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(".hoofdmenu summary", chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	if got, want := eval[int](t, ctx, visibleMenuLinks), eval[int](t, ctx, `document.querySelectorAll(".hoofdmenu a").length`); got != want {
		t.Errorf("after opening the menu %d of %d links are visible", got, want)
	}
	if got := eval[string](t, ctx, `document.querySelector(".hoofdmenu a[aria-current]").textContent`); got != "Doelen" {
		t.Errorf("aria-current is on %q, want Doelen", got)
	}
}

// TestA11yListFilter checks that a list narrows in place: ?werkvorm= selects
// the cards that have that werkvorm, and the status says how many.
func TestA11yListFilter(t *testing.T) {
	s := realSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)
	open(t, ctx, console, s, 1280, "/goede-praktijken/?werkvorm=uitvoeren")

	type counts struct {
		Cards, Shown, Matching int
		Status                 string
		LinksHidden            bool
		Select                 string
	}
	c := eval[counts](t, ctx, `(() => {
		const cards = [...document.querySelectorAll("#kaarten > li")];
		return {
			Cards: cards.length,
			Shown: cards.filter(k => !k.hidden).length,
			Matching: cards.filter(k => k.dataset.werkvormen.split(" ").includes("uitvoeren")).length,
			Status: document.querySelector(".filter-status").textContent,
			LinksHidden: document.querySelector("nav.filter").hidden,
			Select: document.querySelector(".filter-form select[name=werkvorm]").value,
		};
	})()`)
	if c.Select != "uitvoeren" {
		t.Errorf("the werkvorm select is %q, want uitvoeren from the address", c.Select)
	}
	if c.Matching == 0 || c.Matching == c.Cards {
		t.Fatalf("test needs some but not all cards with werkvorm uitvoeren; %d of %d have it", c.Matching, c.Cards)
	}
	if c.Shown != c.Matching {
		t.Errorf("%d cards shown, want the %d with werkvorm uitvoeren", c.Shown, c.Matching)
	}
	if !strings.Contains(c.Status, " van de ") {
		t.Errorf("status %q does not say how many are shown", c.Status)
	}
	if !c.LinksHidden {
		t.Error("with the form present, the filter links should be hidden")
	}

	// "Alles tonen" resets the form and shows every card again.
	if err := chromedp.Do(ctx, chromedp.Click(".filter-form button[type=reset]", chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => {
		const n = [...document.querySelectorAll("#kaarten > li")].filter(k => !k.hidden).length;
		return n === document.querySelectorAll("#kaarten > li").length ? n : false;
	})()`))
	if err != nil || shown != c.Cards {
		t.Errorf("after reset %d cards shown, want %d (%v)", shown, c.Cards, err)
	}
	if got := eval[string](t, ctx, `location.search`); got != "" {
		t.Errorf("after reset the address keeps %q", got)
	}
}

// TestA11yPrint checks the print stylesheet: no menu or search, link targets
// after the link text, and tables whole instead of in a scroll box. It saves
// a screenshot of the printed chapter.
func TestA11yPrint(t *testing.T) {
	s := realSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)
	open(t, ctx, console, s, 800, "/handboek/interdisciplinaire-werkvormen/")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".hoofdmenu", ".zoekbalk", ".voet", ".inhoudsopgave", ".vorige-volgende"} {
		if got := eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, sel)); got != "none" {
			t.Errorf("%s is printed (display %s)", sel, got)
		}
	}
	after := eval[string](t, ctx, `getComputedStyle(document.querySelector(".tekst a[href^='/']"), "::after").content`)
	if !strings.Contains(after, "/") {
		t.Errorf("a link in the text prints no target after it: content %s", after)
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector(".tabel")).overflowX`); got != "visible" {
		t.Errorf("printed tables are cut off: overflow-x %s", got)
	}
	screenshot(t, ctx, "werkvormen-print")
}
