package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/site"
)

func TestDatum(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), "15 juni 2025"},
		{time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), "1 januari 2016"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "31 december 2026"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := Datum(tt.t); got != tt.want {
			t.Errorf("Datum(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{"onderzoek": "Interdisciplinair onderzoek", "starters": "Startende leraren", "proces": "Procesdoel", "iets": "Iets", "": ""} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplateErrorsArePositioned(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":          {Data: []byte("<html>{{template \"main\" .}}</html>")},
		"layouts/home.html":          {Data: []byte(`{{define "main"}}ok{{end}}`)},
		"layouts/page.html":          {Data: []byte("{{define \"main\"}}\n<p>\n{{.Title</p>{{end}}")},
		"layouts/list.html":          {Data: []byte(`{{define "main"}}{{template "partials/nope.html" .}}{{end}}`)},
		"layouts/partials/card.html": {Data: []byte(`{{if}}`)},
	}
	_, problems := LoadTemplates(fsys, nil)
	got := problems.String()
	for _, want := range []string{
		"layouts/page.html:3: bad character U+003C '<'",
		"layouts/partials/card.html:1: missing value for if",
		"layouts/404.html: missing: every site needs this layout",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// TestLayoutsOfTheSameSourceShareASet checks that layouts with the same
// source share one set, and that a problem running one names its own file.
func TestLayoutsOfTheSameSourceShareASet(t *testing.T) {
	same := []byte("{{define \"main\"}}\n<p>{{.Nope}}</p>{{end}}")
	fsys := fstest.MapFS{
		"layouts/base.html":   {Data: []byte(`<html>{{template "main" .}}</html>`)},
		"layouts/home.html":   {Data: []byte(`{{define "main"}}ok{{end}}`)},
		"layouts/list.html":   {Data: []byte(`{{define "main"}}list{{end}}`)},
		"layouts/404.html":    {Data: []byte(`{{define "main"}}<b>{{.Nope}}</b>{{end}}`)},
		"layouts/doelen.html": {Data: same},
		"layouts/page.html":   {Data: same},
		"layouts/themas.html": {Data: same},
	}
	templates, problems := LoadTemplates(fsys, nil)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	page := templates.byName["page.html"]
	if templates.byName["doelen.html"] != page || templates.byName["themas.html"] != page || templates.byName["home.html"] == templates.byName["list.html"] {
		t.Errorf("the layouts of the same source do not share one set, or others do")
	}
	for _, tc := range []struct{ layout, want string }{
		{"doelen.html", "layouts/doelen.html:2:"},
		{"page.html", "layouts/page.html:2:"},
		{"themas.html", "layouts/themas.html:2:"},
		{"404.html", "layouts/404.html:1:"},
	} {
		tpl, name := templates.lookup(tc.layout)
		var b bytes.Buffer
		got := templates.execute(&b, tpl, name, struct{ Title string }{})
		if len(got) != 1 || !strings.HasPrefix(got.String(), tc.want) {
			t.Errorf("%s: got %q, want a problem at %s", tc.layout, got.String(), tc.want)
		}
	}
}

func TestTermOf(t *testing.T) {
	werkvormen := &site.TermList{Key: "werkvormen"}
	onderzoek := &site.Term{List: werkvormen, Value: "onderzoek", URL: "/werkvormen/onderzoek/"}
	werkvormen.Terms = []*site.Term{onderzoek}
	doelgroepen := &site.TermList{Key: "doelgroepen", Terms: []*site.Term{{Value: "leraren"}}}
	v := &View{Site: &site.Site{Terms: []*site.TermList{doelgroepen, werkvormen}}}
	if got, err := v.TermOf("werkvormen", "onderzoek"); got != onderzoek || err != nil {
		t.Errorf("TermOf(werkvormen, onderzoek) = %v, %v", got, err)
	}
	for _, tc := range [][2]string{{"werkvormen", "leraren"}, {"doelgroepen", "onderzoek"}, {"thema", "onderzoek"}} {
		if got, err := v.TermOf(tc[0], tc[1]); got != nil || err == nil {
			t.Errorf("TermOf(%s, %s) = %v, %v; want an error", tc[0], tc[1], got, err)
		}
	}
}

func TestTOC(t *testing.T) {
	h := func(levels ...int) []markdown.Heading {
		var out []markdown.Heading
		for i, l := range levels {
			out = append(out, markdown.Heading{Level: l, ID: fmt.Sprint("h", i)})
		}
		return out
	}
	for _, tc := range []struct {
		in   []markdown.Heading
		want []string // ids
	}{
		{nil, nil},
		{h(2), nil},
		{h(1, 2, 4), nil},
		{h(2, 3), []string{"h0", "h1"}},
		{h(1, 2, 3, 4, 2), []string{"h1", "h2", "h4"}},
		{h(2, 2, 3, 2), []string{"h0", "h1", "h2", "h3"}},
	} {
		var got []string
		for _, x := range toc(&markdown.Doc{Headings: tc.in}) {
			got = append(got, x.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("toc of levels %v = %v, want %v", tc.in, got, tc.want)
		}
	}
	if toc(nil) != nil {
		t.Error("toc(nil) is not nil")
	}
	// A TOC of all headings must not let an append reach the Doc's headings.
	d := &markdown.Doc{Headings: append(make([]markdown.Heading, 0, 8), h(2, 3)...)}
	_ = append(toc(d), markdown.Heading{ID: "x"})
	if d.Headings[:3][2].ID == "x" {
		t.Error("appending to a TOC changed the Doc's headings")
	}
}

// copyingWriter copies what it is given and says it keeps nothing, so Run
// may hand it the same buffer for every file.
type copyingWriter struct {
	memWriter
	buffers map[*byte]bool // the first byte of each slice received
}

func (w *copyingWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	if len(data) > 0 {
		w.buffers[&data[0]] = true
	}
	w.mu.Unlock()
	return w.memWriter.WriteFile(name, bytes.Clone(data))
}

func (w *copyingWriter) KeepsData() bool { return false }

// TestRunKeepsDataForWritersThatKeepIt renders a site into a Writer that
// keeps what it is given and into one that copies it: both hold every file
// as Job.Render renders it, and only the second was given reused buffers.
func TestRunKeepsDataForWritersThatKeepIt(t *testing.T) {
	s, md := generatedSite(t, 100, "")
	templates := defaultTemplates(t)
	jobs := Plan(s, templates, Options{Markdown: md, Assets: testAssets(s), SearchIndex: "/zoeken/index.json"})
	keeping := &memWriter{files: map[string][]byte{}}
	copying := &copyingWriter{memWriter: memWriter{files: map[string][]byte{}}, buffers: map[*byte]bool{}}
	if !Keeps(keeping) || Keeps(copying) {
		t.Fatalf("Keeps: %v for a map of slices, %v for a Writer that says it keeps nothing", Keeps(keeping), Keeps(copying))
	}
	for _, w := range []Writer{keeping, copying} {
		if l := Run(jobs, w); l.HasErrors(false) {
			t.Fatal(l.Sorted().String())
		}
	}
	for _, j := range jobs {
		want, l := j.Render()
		if l.HasErrors(false) {
			t.Fatal(l.Sorted().String())
		}
		for _, w := range []*memWriter{keeping, &copying.memWriter} {
			if got := w.files[j.Out]; !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes after Run, %d rendered alone", j.Out, len(got), len(want))
			}
		}
	}
	if n := len(copying.buffers); n > len(jobs)/2 {
		t.Errorf("%d files came in %d buffers: Run does not reuse them", len(jobs), n)
	}
}

// TestStretches takes the job numbers of every stretch from several
// goroutines at once, as Run's workers do: each number once, none missing.
func TestStretches(t *testing.T) {
	for n := range 40 {
		for k := 1; k <= 5; k++ {
			parts := stretches(n, k)
			var mu sync.Mutex
			seen := make([]int, n)
			var wg sync.WaitGroup
			for w := range k + 1 { // one worker more than stretches
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range parts {
						part := &parts[(w+i)%len(parts)]
						for j := part.take(); j >= 0; j = part.take() {
							mu.Lock()
							seen[j]++
							mu.Unlock()
						}
					}
				}()
			}
			wg.Wait()
			for j, c := range seen {
				if c != 1 {
					t.Fatalf("%d jobs in %d stretches: job %d taken %d times", n, k, j, c)
				}
			}
		}
	}
}

// TestRunWritesEachFileOnce runs a plan and counts the writes of each file.
func TestRunWritesEachFileOnce(t *testing.T) {
	s, md := generatedSite(t, 100, "")
	templates := defaultTemplates(t)
	jobs := Plan(s, templates, Options{Markdown: md, Assets: testAssets(s)})
	w := &countingWriter{counts: map[string]int{}}
	if l := Run(jobs, w); l.HasErrors(false) {
		t.Fatal(l.Sorted().String())
	}
	for _, j := range jobs {
		if c := w.counts[j.Out]; c != 1 {
			t.Errorf("%s written %d times", j.Out, c)
		}
	}
	if len(w.counts) != len(jobs) {
		t.Errorf("%d files written for %d jobs", len(w.counts), len(jobs))
	}
}

type countingWriter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (w *countingWriter) WriteFile(name string, _ []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.counts[name]++
	return nil
}

func (w *countingWriter) KeepsData() bool { return false }

// defaultTemplates loads the built-in layouts, which must load.
func defaultTemplates(tb testing.TB) *Templates {
	tb.Helper()
	templates, problems := LoadTemplates(handboek.Defaults, nil)
	if problems.HasErrors(false) {
		tb.Fatal(problems.Sorted().String())
	}
	return templates
}

// TestXMLTextIsEscapeText checks the strings that sitemap.xml and feed.xml
// write as they are against xml.EscapeText, on every byte at every place.
func TestXMLTextIsEscapeText(t *testing.T) {
	inputs := append([]string{"", "https://example.org/a-b/c_d/?x=1;y=2#z", "Thema's & <doelen>"}, longStrings()...)
	for _, s := range inputs {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		writeXMLText(&b, s)
		if got := xmlText(s); got != want.String() || b.String() != want.String() {
			t.Errorf("%q: got %q and %q, want %q", s, got, b.String(), want.String())
		}
	}
}
