package e2e

// The search page in headless Chromium: testdata/zoeksite built under the
// base path /handboek/, searched the way a teacher does (typing, filters,
// keyboard), with the results checked in the DOM.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// searchBase is the base path the search fixture is built and served under.
const searchBase = "/handboek/"

var searchShared struct {
	once sync.Once
	site *Site
	err  error
}

// searchSite builds testdata/zoeksite under searchBase, once per test binary,
// and serves it there. Warnings fail the build, as in CI.
func searchSite(t testing.TB) *Site {
	t.Helper()
	searchShared.once.Do(func() {
		tmp, err := os.MkdirTemp("", "handboek-e2e-zoeksite-")
		if err != nil {
			searchShared.err = err
			return
		}
		atExit(func() { os.RemoveAll(tmp) })
		out := filepath.Join(tmp, "public")
		d, err := output.NewDir(out)
		if err != nil {
			searchShared.err = err
			return
		}
		res := build.New(build.Options{Source: filepath.Join("testdata", "zoeksite"), BaseURL: searchBase}).Build(d)
		if len(res.Problems) > 0 {
			d.Abort()
			searchShared.err = fmt.Errorf("building testdata/zoeksite:\n%s", res.Problems)
			return
		}
		if err := d.Commit(); err != nil {
			searchShared.err = err
			return
		}
		u, stop, err := serveUnder(out, searchBase)
		if err != nil {
			searchShared.err = err
			return
		}
		atExit(stop)
		searchShared.site = &Site{Dir: out, URL: u}
	})
	if searchShared.err != nil {
		t.Fatal(searchShared.err)
	}
	return searchShared.site
}

// serveUnder serves dir at the path base on 127.0.0.1, as a static host
// serves a site published in a sub-folder.
func serveUnder(dir, base string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(dir))))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// shownResult is one result link as the page shows it.
type shownResult struct {
	Href     string   `json:"href"`
	Title    string   `json:"title"`
	Type     string   `json:"type"`
	Subregio string   `json:"subregio"`
	Fragment string   `json:"fragment"`
	Marks    []string `json:"marks"`
}

// searchState is what the page shows after a search.
type searchState struct {
	Results  []shownResult `json:"results"`
	Links    int           `json:"links"`    // <a> elements in #zoekresultaten
	Nested   int           `json:"nested"`   // elements inside a result that must not be there: links, scripts, images
	Text     string        `json:"text"`     // #zoekresultaten as text
	Status   string        `json:"status"`   // the status line
	Location string        `json:"location"` // path and query of the address
	Facets   []string      `json:"facets"`   // "name=value label (count)" of every radio button, "*" when checked
}

const readState = `(() => {
	const out = document.getElementById('zoekresultaten');
	const text = (el, sel) => { const e = el.querySelector(sel); return e ? e.textContent : ''; };
	return {
		results: Array.from(out.querySelectorAll('a')).map(a => ({
			href: a.getAttribute('href'),
			title: text(a, '.resultaat-titel'),
			type: text(a, '.resultaat-soort'),
			subregio: text(a, '.resultaat-subregio'),
			fragment: text(a, '.resultaat-fragment'),
			marks: Array.from(a.querySelectorAll('mark')).map(m => m.textContent),
		})),
		links: out.querySelectorAll('a').length,
		nested: out.querySelectorAll('a a, script, img, b, iframe').length,
		text: out.textContent,
		status: (document.getElementById('zoekstatus') || {}).textContent || '',
		location: location.pathname + location.search,
		facets: Array.from(document.querySelectorAll('#zoekfilters input[type=radio]')).map(r =>
			r.name + '=' + r.value + ' ' + r.parentNode.textContent.trim() + (r.checked ? ' *' : '')),
	};
})()`

// waitShown waits until the page shows the results of the query string q
// ("q=ict&type=masterclasses") and returns what it shows.
func waitShown(ctx context.Context, q string) (searchState, error) {
	js := fmt.Sprintf(`document.getElementById('zoekresultaten')?.getAttribute('data-zoekopdracht') === %q`, q)
	if err := waitTrue(ctx, js); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('zoekresultaten')?.getAttribute('data-zoekopdracht') || '(none)'`))
		return searchState{}, fmt.Errorf("waiting for results of %q (page shows %q): %w", q, got, err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[searchState](readState))
}

// waitTrue evaluates js until it is true, also across a navigation (when
// evaluating fails for a moment), for at most 15 seconds.
func waitTrue(ctx context.Context, js string) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still false: %s", js)
			}
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// typeQuery replaces the search box's text by typing q, key by key.
func typeQuery(ctx context.Context, q string) error {
	return chromedp.Do(ctx,
		chromedp.Focus("#zoekveld"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('zoekveld').select()`),
		chromedp.SendKeys("#zoekveld", q),
	)
}

func hrefs(rs []shownResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Href
	}
	return out
}

func paths(ps ...string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = searchBase + p + "/"
	}
	return out
}

// TestSearchInBrowser searches testdata/zoeksite in Chromium and checks the
// result order, the marks, the filters and the address, the empty state,
// keyboard use, and that markup from the content stays text.
func TestSearchInBrowser(t *testing.T) {
	s := searchSite(t)
	ctx := newTab(t)
	console := watchConsole(ctx)
	page := s.URL + searchBase + "zoeken/"
	open := func(t *testing.T, query string) searchState {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(page+"?"+query)); err != nil {
			t.Fatal(err)
		}
		st, err := waitShown(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}

	t.Run("order, labels and marks", func(t *testing.T) {
		st := open(t, "q=ict")
		// Title hits first, then a heading hit and a thema tag with a body
		// hit, last a page that only says "ict" in its text.
		tiers := [][]string{
			paths("goede-praktijken/ict-in-de-klas", "themas/ict"),
			paths("goede-praktijken/digitale-geletterdheid", "masterclasses/samen-creeren"),
			paths("goede-praktijken/computers"),
		}
		got := hrefs(st.Results)
		for i, tier := range tiers {
			if len(got) < len(tier) {
				t.Fatalf("results %q, want tiers %q", hrefs(st.Results), tiers)
			}
			part := slices.Clone(got[:len(tier)])
			slices.Sort(part)
			if !slices.Equal(part, tier) {
				t.Errorf("tier %d of the results: %q, want %q (all: %q)", i, part, tier, hrefs(st.Results))
			}
			got = got[len(tier):]
		}
		if st.Links != len(st.Results) || st.Nested != 0 {
			t.Errorf("%d links for %d results, %d nested elements", st.Links, len(st.Results), st.Nested)
		}
		if st.Status != "5 resultaten voor \u201cict\u201d" {
			t.Errorf("status %q", st.Status)
		}
		if len(st.Results) < 2 {
			t.FailNow()
		}
		r := st.Results[0]
		if r.Title != "ICT in de klas" || r.Type != "Goede praktijk" || r.Subregio != "Arnhem" || !slices.Equal(r.Marks, []string{"ICT"}) {
			t.Errorf("first result: %+v", r)
		}
		if !strings.Contains(r.Fragment, "robots") {
			t.Errorf("fragment %q: want the summary and text", r.Fragment)
		}
		if last := st.Results[len(st.Results)-1]; !slices.Equal(last.Marks, []string{"ict", "ict", "ict"}) {
			t.Errorf("last result marks %q, want every ict in its snippet", last.Marks)
		}
	})

	t.Run("typing", func(t *testing.T) {
		open(t, "q=ict")
		tests := []struct {
			typed, want string
			marks       []string
		}{
			{"creeren", "masterclasses/samen-creeren", []string{"creëren", "creëren"}},
			{"ideeen", "masterclasses/samen-creeren", []string{"ideeën"}},
			{"leerkracht", "masterclasses/leerkrachtvaardigheden", []string{"Leerkrachtvaardigheden", "leerkrachten", "leerkrachten"}},
			{"coopera", "masterclasses/leerkrachtvaardigheden", []string{"coöperatie"}},
		}
		for _, tt := range tests {
			if err := typeQuery(ctx, tt.typed); err != nil {
				t.Fatal(err)
			}
			st, err := waitShown(ctx, "q="+tt.typed)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Results) == 0 || st.Results[0].Href != paths(tt.want)[0] {
				t.Errorf("%q: results %q, want %s first", tt.typed, hrefs(st.Results), tt.want)
				continue
			}
			if !slices.Equal(st.Results[0].Marks, tt.marks) {
				t.Errorf("%q: marks %q, want %q", tt.typed, st.Results[0].Marks, tt.marks)
			}
			if st.Location != searchBase+"zoeken/?q="+tt.typed {
				t.Errorf("%q: address %s", tt.typed, st.Location)
			}
		}
		if err := typeQuery(ctx, "masterclass "); err != nil {
			t.Fatal(err)
		}
		st, err := waitShown(ctx, "q=masterclass+")
		if err != nil {
			t.Fatal(err)
		}
		if got := hrefs(st.Results); !slices.Equal(got, paths("masterclasses/leerkrachtvaardigheden", "masterclasses/samen-creeren")) {
			t.Errorf("masterclass: results %q", got)
		}
	})

	t.Run("filters", func(t *testing.T) {
		st := open(t, "q=ict")
		for _, f := range []string{"type= Alle *", "type=goede-praktijken Goede praktijk(3)", "type=masterclasses Masterclass(1)",
			"type=themas Thema(1)", "subregio=arnhem Arnhem(2)", "subregio=nijmegen Nijmegen(1)", "thema=burgerschap Burgerschap(2)", "thema=ict ICT(2)"} {
			if !slices.Contains(st.Facets, f) {
				t.Errorf("no facet %q in %q", f, st.Facets)
			}
		}
		steps := []struct {
			click, shown string
			want         []string
		}{
			{`#zoekfilters input[name=type][value=masterclasses]`, "q=ict&type=masterclasses", paths("masterclasses/samen-creeren")},
			{`#zoekfilters input[name=type][value=""]`, "q=ict", nil},
			{`#zoekfilters input[name=subregio][value=arnhem]`, "q=ict&subregio=arnhem", paths("goede-praktijken/ict-in-de-klas", "goede-praktijken/computers")},
			{`#zoekfilters input[name=thema][value=burgerschap]`, "q=ict&subregio=arnhem&thema=burgerschap", paths("goede-praktijken/computers")},
		}
		for _, step := range steps {
			if err := chromedp.Do(ctx, chromedp.Click(step.click)); err != nil {
				t.Fatalf("click %s: %v", step.click, err)
			}
			st, err := waitShown(ctx, step.shown)
			if err != nil {
				t.Fatal(err)
			}
			if st.Location != searchBase+"zoeken/?"+step.shown {
				t.Errorf("after %s: address %s", step.click, st.Location)
			}
			if step.want != nil && !slices.Equal(hrefs(st.Results), step.want) {
				t.Errorf("after %s: results %q, want %q", step.click, hrefs(st.Results), step.want)
			}
		}
		// A shared address with a filter, the type given by its label.
		st = open(t, "q=ict&type=masterclass")
		if got := hrefs(st.Results); !slices.Equal(got, paths("masterclasses/samen-creeren")) {
			t.Errorf("?type=masterclass: results %q", got)
		}
	})

	t.Run("more results", func(t *testing.T) {
		st := open(t, "q=rooster")
		if len(st.Results) != 10 || st.Status != "12 resultaten voor \u201crooster\u201d" {
			t.Fatalf("%d results shown, status %q; want the first 10 of 12", len(st.Results), st.Status)
		}
		if err := chromedp.Do(ctx, chromedp.Click(".zoek-meer")); err != nil {
			t.Fatal(err)
		}
		if err := waitTrue(ctx, `document.querySelectorAll('#zoekresultaten a').length === 12 && document.querySelector('.zoek-meer').hidden`); err != nil {
			t.Fatalf("after Meer resultaten: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute('href')`))
		if err != nil {
			t.Fatal(err)
		}
		if got != searchBase+"lessen/les-11/" {
			t.Errorf("focus on %q after Meer resultaten, want the first new result", got)
		}
	})

	t.Run("nothing found", func(t *testing.T) {
		st := open(t, "q=xyzzy")
		if st.Links != 0 || !strings.Contains(st.Text, "Geen resultaten voor \u201cxyzzy\u201d") || !strings.Contains(st.Text, "Tip:") {
			t.Errorf("empty state: %d links, text %q", st.Links, st.Text)
		}
		st = open(t, "q=xyzzy&type=masterclasses")
		if !strings.Contains(st.Text, "filters") {
			t.Errorf("empty state with a filter: %q, want a hint about the filters", st.Text)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		st := open(t, "q=ict")
		active := func() string {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.getAttribute('href') || document.activeElement.tagName`))
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if err := chromedp.Do(ctx, chromedp.Focus("#zoekveld")); err != nil {
			t.Fatal(err)
		}
		keys := []struct{ key, want string }{
			{kb.ArrowDown, st.Results[0].Href},
			{kb.ArrowDown, st.Results[1].Href},
			{kb.ArrowUp, st.Results[0].Href},
			{kb.ArrowUp, "zoekveld"},
			{kb.ArrowDown, st.Results[0].Href},
		}
		for i, k := range keys {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(k.key)); err != nil {
				t.Fatal(err)
			}
			if got := active(); got != k.want {
				t.Fatalf("key %d: focus on %q, want %q", i, got, k.want)
			}
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if err := waitTrue(ctx, fmt.Sprintf(`location.pathname === %q`, st.Results[0].Href)); err != nil {
			t.Errorf("Enter on the first result did not open %s: %v", st.Results[0].Href, err)
		}
	})

	t.Run("markup stays text", func(t *testing.T) {
		st := open(t, "q=script")
		if len(st.Results) != 1 || st.Results[0].Title != "<script>alert(1)</script> Over deze site" || st.Nested != 0 {
			t.Errorf("results %+v, %d nested elements", st.Results, st.Nested)
		}
		st = open(t, "q=onerror")
		if len(st.Results) != 1 || !strings.Contains(st.Results[0].Fragment, "<img src=x onerror=alert(2)>") || st.Nested != 0 {
			t.Errorf("results %+v, %d nested elements", st.Results, st.Nested)
		}
		if !strings.Contains(st.Results[0].Fragment, "<b>opmaak</b>") {
			t.Errorf("fragment %q: the summary's markup should show as text", st.Results[0].Fragment)
		}
	})

	t.Run("header search box and slash", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+searchBase+"goede-praktijken/")); err != nil {
			t.Fatal(err)
		}
		// One keyDown that carries its text, as a real key press: the text is
		// typed only if the page does not cancel the keydown. (KeyEvent sends
		// the text in a separate char event that nothing can cancel.)
		for _, typ := range []input.DispatchKeyEventType{kb.KeyDown, kb.KeyUp} {
			ev := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
			if typ == kb.KeyDown {
				ev.Text, ev.UnmodifiedText = "/", "/"
			}
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, ev); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + ' ' + JSON.stringify(document.activeElement.value)`)); got != `kop-zoekveld ""` {
			t.Fatalf("after /: focus on %s, want the empty header search box", got)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys("#kop-zoekveld", "robots"+kb.Enter)); err != nil {
			t.Fatal(err)
		}
		st, err := waitShown(ctx, "q=robots")
		if err != nil {
			t.Fatal(err)
		}
		if got := hrefs(st.Results); !slices.Equal(got, paths("goede-praktijken/ict-in-de-klas")) {
			t.Errorf("results %q", got)
		}
		if v, _ := chromedp.Run(ctx, chromedp.Value("#zoekveld")); v != "robots" {
			t.Errorf("search box holds %q, want the query", v)
		}
	})

	msgs, err := console.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range Errors(msgs) {
		t.Errorf("console: %s", e)
	}
}

// TestSearchIndexFiles checks, without a browser, that the search page points
// at an index under the base path, that only the search page loads the
// search script, and that the index is small.
func TestSearchIndexFiles(t *testing.T) {
	s := searchSite(t)
	page, err := os.ReadFile(filepath.Join(s.Dir, "zoeken", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`data-index="(/handboek/zoeken/index/[0-9a-f]{12}/manifest\.json)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no data-index under %s in zoeken/index.html", searchBase)
	}
	resp, err := http.Get(s.URL + string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %s", m[1], resp.Status)
	}
	if !regexp.MustCompile(`<script src="/handboek/js/search\.[0-9a-f]+\.js" defer>`).Match(page) {
		t.Errorf("zoeken/index.html does not load search.js with defer")
	}
	err = filepath.WalkDir(s.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasSuffix(p, filepath.Join("zoeken", "index.html")) {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), "/js/search.") {
			t.Errorf("%s loads search.js", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSearchLatency types 20 queries into the search page and logs the
// median time from starting a search to showing its results, as measured by
// the page (data-ms): fetching index files included, key debounce not. It
// searches testdata/zoeksite, or the built site in $HANDBOEK_SEARCH_SITE
// (served under $HANDBOEK_SEARCH_BASE, default "/"), and writes the figures
// as JSON to $HANDBOEK_SEARCH_LATENCY when set: the benchmark runs it so.
func TestSearchLatency(t *testing.T) {
	dir, base := os.Getenv("HANDBOEK_SEARCH_SITE"), os.Getenv("HANDBOEK_SEARCH_BASE")
	var s *Site
	if dir == "" {
		s, base = searchSite(t), searchBase
	} else {
		if base == "" {
			base = "/"
		}
		u, stop, err := serveUnder(dir, base)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop)
		s = &Site{Dir: dir, URL: u}
	}
	queries, err := latencyQueries(s.Dir, 20)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+base+"zoeken/"), chromedp.WaitVisible("#zoekveld")); err != nil {
		t.Fatal(err)
	}
	var ms []float64
	for _, q := range queries {
		// Submitting runs the search at once, without the typing debounce.
		submit := fmt.Sprintf(`(() => { const f = document.getElementById('zoekveld'); f.value = %q; f.form.requestSubmit(); })()`, q)
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](submit)); err != nil {
			t.Fatal(err)
		}
		if _, err := waitShown(ctx, url.Values{"q": {q}}.Encode()); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`+document.getElementById('zoekresultaten').getAttribute('data-ms')`))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, v)
	}
	sorted := slices.Clone(ms)
	sort.Float64s(sorted)
	median := (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	t.Logf("search latency: median %.0f ms over %d queries (max %.0f ms, first %.0f ms); queries %q", median, len(ms), sorted[len(sorted)-1], ms[0], queries)
	if out := os.Getenv("HANDBOEK_SEARCH_LATENCY"); out != "" {
		b, _ := json.Marshal(map[string]any{"median_ms": median, "max_ms": sorted[len(sorted)-1], "first_ms": ms[0], "queries": queries, "ms": ms})
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// latencyQueries picks n different words of at least five letters from the
// titles and excerpts in a built site's search index, spread over the site.
func latencyQueries(site string, n int) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(site, "zoeken", "index", "*", "d*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no search index under %s: %v", site, err)
	}
	sort.Strings(files)
	var words []string
	seen := map[string]bool{}
	word := regexp.MustCompile(`\p{L}{5,}`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var rows [][4]string
		if err := json.Unmarshal(b, &rows); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for _, r := range rows {
			for _, w := range word.FindAllString(r[1]+" "+r[3], -1) {
				if w = strings.ToLower(w); !seen[w] {
					seen[w] = true
					words = append(words, w)
				}
			}
		}
	}
	if len(words) < n {
		return nil, fmt.Errorf("only %d words in the index of %s", len(words), site)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = words[i*len(words)/n]
	}
	return out, nil
}
