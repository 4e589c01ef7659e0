package site

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/textnorm"
)

var md = markdown.New()

// load parses files given as path -> source and links them.
func load(t *testing.T, files map[string]string, opts Options) (*Site, string) {
	t.Helper()
	var pages []*content.Page
	var assets []string
	for path, src := range files {
		if !strings.HasSuffix(path, ".md") {
			assets = append(assets, path)
			continue
		}
		p, problems := content.Parse(md, path, []byte(src), content.Options{})
		if problems.HasErrors(false) {
			t.Fatalf("%s: %v", path, problems)
		}
		pages = append(pages, p)
	}
	s, problems := Link(pages, assets, opts)
	return s, problems.String()
}

func page(title string, extra ...string) string {
	return "---\ntitle: " + title + "\n" + strings.Join(extra, "\n") + "\n---\n"
}

func TestOrderAndNeighbours(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":          page("Home"),
		"content/handboek/b.md":      page("Beta", "weight: 2"),
		"content/handboek/a.md":      page("Alfa", "weight: 1"),
		"content/handboek/z.md":      page("Zonder gewicht"),
		"content/handboek/e.md":      page("Eerder", "date: 2020-01-01"),
		"content/handboek/l.md":      page("Later", "date: 2024-01-01"),
		"content/handboek/_index.md": page("Het handboek"),
		"content/Over.md":            page("Over"),
	}, Options{BaseURL: "https://example.org/sub"})
	if problems != "" {
		t.Fatal(problems)
	}
	sec := s.Section("handboek")
	var got []string
	for _, p := range sec.Pages {
		got = append(got, p.Meta.Title)
	}
	if want := "Alfa Beta Later Eerder Zonder gewicht"; strings.Join(got, " ") != want {
		t.Errorf("order = %q, want %q", strings.Join(got, " "), want)
	}
	if sec.Title != "Het handboek" || sec.URL != "/sub/handboek/" {
		t.Errorf("section = %q %q", sec.Title, sec.URL)
	}
	b := sec.Pages[1]
	if b.Prev.Meta.Title != "Alfa" || b.Next.Meta.Title != "Later" || b.URL != "/sub/handboek/b/" || b.Out != "handboek/b/index.html" {
		t.Errorf("beta: prev %v next %v url %s out %s", b.Prev, b.Next, b.URL, b.Out)
	}
	if len(b.Crumbs) != 2 || b.Crumbs[0].URL != "/sub/" || b.Crumbs[1].Title != "Het handboek" {
		t.Errorf("crumbs = %+v", b.Crumbs)
	}
	if len(s.Plain) != 1 || s.Plain[0].URL != "/sub/over/" {
		t.Errorf("plain pages = %v", s.Plain)
	}
	if got := s.AbsURL("/sub/x/"); got != "https://example.org/sub/x/" {
		t.Errorf("AbsURL = %s", got)
	}
}

func TestReverseReferences(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":             page("Home"),
		"content/subregios/arnhem.md":   page("Arnhem", "besturen: [delta]"),
		"content/besturen/delta.md":     page("Delta", "subregio: arnhem"),
		"content/themas/ict.md":         page("ICT"),
		"content/doelen/autonomie.md":   page("Autonomie", "soort: langetermijn"),
		"content/goede-praktijken/a.md": page("Praktijk A", "subregio: arnhem", "themas: ict", "doelen: autonomie", "besturen: delta"),
		"content/masterclasses/m.md":    page("Masterclass M", "subregio: arnhem", "themas: [ict]", "doelen: [autonomie]"),
	}, Options{})
	if problems != "" {
		t.Fatal(problems)
	}
	groups := func(p *Page) string {
		var out []string
		for _, g := range p.ReferredBy {
			var titles []string
			for _, q := range g.Pages {
				titles = append(titles, q.Meta.Title)
			}
			out = append(out, g.Section.Key+"="+strings.Join(titles, ","))
		}
		return strings.Join(out, " ")
	}
	tests := []struct{ file, want string }{
		{"content/subregios/arnhem.md", "goede-praktijken=Praktijk A masterclasses=Masterclass M besturen=Delta"},
		{"content/themas/ict.md", "goede-praktijken=Praktijk A masterclasses=Masterclass M"},
		{"content/doelen/autonomie.md", "goede-praktijken=Praktijk A masterclasses=Masterclass M"},
		{"content/besturen/delta.md", "goede-praktijken=Praktijk A subregios=Arnhem"},
	}
	for _, tt := range tests {
		if got := groups(s.PageByFile(tt.file)); got != tt.want {
			t.Errorf("%s referred by %q, want %q", tt.file, got, tt.want)
		}
	}
	if d := s.PageByFile("content/besturen/delta.md"); d.Subregio == nil || d.Subregio.Meta.Title != "Arnhem" {
		t.Error("board's subregio not resolved")
	}
}

func TestPagination(t *testing.T) {
	files := map[string]string{"content/_index.md": page("Home"), "content/themas/ict.md": page("ICT")}
	for i := range 120 {
		files[fmt.Sprintf("content/goede-praktijken/p%03d.md", i)] = page(fmt.Sprintf("P%03d", i), "themas: ict", "werkvormen: onderzoek")
	}
	s, problems := load(t, files, Options{BaseURL: "/h/"})
	if problems != "" {
		t.Fatal(problems)
	}
	l := s.Section("goede-praktijken").Listing
	if len(l.Pagers) != 3 || len(l.Pagers[2].Pages) != 20 {
		t.Fatalf("pagers = %d", len(l.Pagers))
	}
	if p := l.Pagers[1]; p.URL != "/h/goede-praktijken/pagina/2/" || p.Out != "goede-praktijken/pagina/2/index.html" || p.Prev != l.Pagers[0] || p.Next != l.Pagers[2] {
		t.Errorf("pager 2 = %s %s", p.URL, p.Out)
	}
	ict := s.PageByFile("content/themas/ict.md")
	if n := len(ict.Listing.Pagers); n != 3 || ict.Listing.Pagers[1].URL != "/h/themas/ict/pagina/2/" {
		t.Errorf("theme pagers = %d", n)
	}
	onderzoek := s.Terms[0].Terms[0]
	if onderzoek.Value != "onderzoek" || len(onderzoek.Listing.Pages) != 120 || onderzoek.Listing.Pagers[2].Out != "werkvormen/onderzoek/pagina/3/index.html" {
		t.Errorf("werkvorm list = %s %d", onderzoek.Value, len(onderzoek.Listing.Pages))
	}
}

func TestLinkResolution(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":                 page("Home") + "\n[a](doelen/_index.md) [b](doelen/x.md#waarom) [c](Mijn%20Pagina.md) [d](https://example.org) [e](#top) [f](goede-praktijken/foto.jpg) [g](/pdf/gids.pdf) [h](mailto:a@b.nl) [i](_index.md)\n",
		"content/doelen/_index.md":          page("Doelen"),
		"content/doelen/x.md":               page("X", "soort: proces") + "\n## Waarom?\n",
		"content/Mijn Pagina.md":            page("Mijn pagina"),
		"content/goede-praktijken/foto.jpg": "",
	}, Options{BaseURL: "/hb/"})
	if !strings.Contains(problems, `link to "#top": content/_index.md has no heading with id #top`) {
		t.Errorf("missing anchor not reported:\n%s", problems)
	}
	home := s.Home
	want := []string{"/hb/doelen/", "/hb/doelen/x/#waarom", "/hb/mijn-pagina/", "", "", "/hb/goede-praktijken/foto.jpg", "/hb/pdf/gids.pdf", "", "/hb/"}
	for i, l := range home.Doc.Links {
		if got := home.Links[l]; got != want[i] {
			t.Errorf("link %q -> %q, want %q", l.Dest, got, want[i])
		}
	}
}

// refSortPages is sortPages as it was: a stable sort comparing the pages'
// fields themselves.
func refSortPages(pages []*Page) {
	slices.SortStableFunc(pages, func(a, b *Page) int {
		wa, wb := a.Meta.Weight, b.Meta.Weight
		if (wa == 0) != (wb == 0) {
			if wa == 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(wa, wb); c != 0 {
			return c
		}
		if c := b.Meta.Date.Compare(a.Meta.Date); c != 0 {
			return c
		}
		if c := cmp.Compare(textnorm.Fold(a.Meta.Title), textnorm.Fold(b.Meta.Title)); c != 0 {
			return c
		}
		return cmp.Compare(a.URL, b.URL)
	})
}

// TestSortPagesLikeReference sorts random pages with few distinct weights,
// dates (a second apart, a nanosecond apart, before 1970, zero) and titles
// (that fold alike), and compares with refSortPages.
func TestSortPagesLikeReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	weights := []int{0, 0, 1, 2, -1, math.MaxInt, math.MinInt}
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	dates := []time.Time{{}, base, base.Add(time.Second), base.Add(time.Nanosecond), base.Add(-time.Nanosecond),
		time.Date(1969, 12, 31, 23, 59, 59, 999, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), base.In(time.FixedZone("x", 3600))}
	titles := []string{"Alfa", "alfa", "Álfa", "Beta", "beta ", "", "Één", "een", "Zulu"}
	for round := range 300 {
		n := 1 + rng.IntN(40)
		var pages, ref []*Page
		for i := range n {
			p := &Page{Page: &content.Page{Meta: content.Meta{
				Weight: weights[rng.IntN(len(weights))],
				Date:   dates[rng.IntN(len(dates))],
				Title:  titles[rng.IntN(len(titles))],
			}}, URL: fmt.Sprintf("/p%d/", i)}
			pages = append(pages, p)
		}
		ref = slices.Clone(pages)
		sortPages(pages)
		refSortPages(ref)
		if !slices.Equal(pages, ref) {
			t.Fatalf("round %d: sortPages gives %v, want %v", round, pages, ref)
		}
	}
}

// TestListsInSortOrder: every list of pages (a section, the plain pages, a
// page's referrers, a werkvorm or doelgroep) is in refSortPages' order,
// though Link sorts the pages only once (listOrder). The pages have few
// distinct weights, dates and titles, so the later keys decide often.
func TestListsInSortOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	files := map[string]string{
		"content/_index.md":      page("Home"),
		"content/themas/ict.md":  page("ICT"),
		"content/themas/taal.md": page("Taal"),
	}
	titles := []string{"Alfa", "alfa", "Álfa", "Beta", "Één", "een"}
	dates := []string{"", "date: 2024-03-01", "date: 2023-01-01"}
	for i := range 150 {
		sec := []string{"goede-praktijken", "masterclasses", "goede-praktijken/2024"}[rng.IntN(3)]
		extra := []string{
			dates[rng.IntN(len(dates))],
			"doelgroepen: " + content.Doelgroepen[rng.IntN(len(content.Doelgroepen))],
			"themas: [" + []string{"ict", "taal", "ict, taal"}[rng.IntN(3)] + "]",
		}
		if sec != "masterclasses" {
			extra = append(extra, "werkvormen: ["+content.Werkvormen[rng.IntN(3)]+", "+content.Werkvormen[rng.IntN(3)]+"]")
		}
		if w := rng.IntN(4); w > 0 {
			extra = append(extra, fmt.Sprintf("weight: %d", w))
		}
		files[fmt.Sprintf("content/%s/p%03d.md", sec, i)] = page(titles[rng.IntN(len(titles))], extra...)
	}
	for i := range 12 {
		files[fmt.Sprintf("content/los%02d.md", i)] = page(titles[rng.IntN(len(titles))], dates[rng.IntN(len(dates))])
	}
	s, problems := load(t, files, Options{})
	if problems != "" {
		t.Fatal(problems)
	}
	lists := map[string][]*Page{"plain": s.Plain}
	for _, sec := range s.Sections {
		lists["section "+sec.Key] = sec.Pages
	}
	for _, p := range s.Pages {
		for _, g := range p.ReferredBy {
			lists[p.URL+" referred by "+g.Section.Key] = g.Pages
		}
	}
	for _, tl := range s.Terms {
		for _, term := range tl.Terms {
			lists[term.URL] = term.Listing.Pages
		}
	}
	long := 0
	for name, ps := range lists {
		want := slices.Clone(ps)
		refSortPages(want)
		if !slices.Equal(ps, want) {
			t.Errorf("%s: %v, want %v", name, ps, want)
		}
		if len(ps) >= 20 {
			long++
		}
	}
	if long < 10 {
		t.Errorf("only %d lists of 20 pages or more: the test tests little", long)
	}
}
