package e2e

import (
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The structure tests parse every HTML page with golang.org/x/net/html, the Go
// team's HTML5 parser: the minifier drops optional tags and quotes, so string
// matching would test the minifier's habits, not the document. They need no
// browser and always run.

// onePixelPNG is a valid 1x1 PNG, for an image in the fixture.
const onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

// structureFixture is a small site with a page of every section, a table, an
// image, footnotes and the growth-curve chapter, so every layout is used.
func structureFixture() map[string]string {
	png, _ := base64.StdEncoding.DecodeString(onePixelPNG)
	return map[string]string{
		"content/_index.md":                 "---\ntitle: Proefhandboek\nsummary: Een klein handboek.\nlanguage: nl\n---\n\n## Welkom\n\nLees de [praktijk](goede-praktijken/proef.md).\n",
		"content/over.md":                   "---\ntitle: Over\n---\n\nOver dit handboek.\n",
		"content/handboek/_index.md":        "---\ntitle: Het handboek\nsummary: De hoofdstukken.\n---\n\nInleiding van de lijst.\n",
		"content/handboek/groeicurve.md":    "---\ntitle: De groeicurve\nweight: 2\n---\n\n## Vier fasen\n\nStudent, starter.[^1]\n\n## Meer\n\nTekst.\n\n[^1]: Een bron.\n",
		"content/handboek/werkvormen.md":    "---\ntitle: Werkvormen\nweight: 1\n---\n\n## Tabel\n\n| Voorwaarde | Werkvorm |\n|---|---|\n| Gelijkwaardigheid | Onderzoek |\n\n## Foto\n\n![Een foto van de klas](klas.png)\n",
		"content/handboek/klas.png":         string(png),
		"content/goede-praktijken/proef.md": "---\ntitle: Een proefpraktijk\nsummary: Samen onderzoeken.\nsubregio: noord\nthemas: [ict]\ndoelen: [groei]\nwerkvormen: [onderzoek, uitvoeren]\ndoelgroepen: [leraren]\nbesturen: [stichting-een]\n---\n\n## Wat\n\nTekst.\n\n## Hoe\n\nMeer tekst.\n",
		"content/masterclasses/les.md":      "---\ntitle: Een masterclass\nthemas: [ict]\npartners: [leraren]\nlocatie: Arnhem\n---\n\nTekst.\n",
		"content/subregios/noord.md":        "---\ntitle: Noord\nvoorloper: true\n---\n\nTekst.\n",
		"content/doelen/groei.md":           "---\ntitle: Groei\nsoort: langetermijn\n---\n\nTekst.\n",
		"content/themas/ict.md":             "---\ntitle: ICT\n---\n\nTekst.\n",
		"content/besturen/stichting-een.md": "---\ntitle: Stichting Een\nwebsite: https://example.org/\nsubregio: noord\n---\n\nTekst.\n",
	}
}

func TestStructureOfEveryPage(t *testing.T) {
	s := fixtureSite(t, structureFixture())
	checkEveryPage(t, s.Dir)
}

// TestStructureOfTheHandbook runs the same checks on the real handbook.
func TestStructureOfTheHandbook(t *testing.T) {
	checkEveryPage(t, realSite(t).Dir)
}

func checkEveryPage(t *testing.T, dir string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		n++
		rel, _ := filepath.Rel(dir, p)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		for _, problem := range pageProblems(doc) {
			t.Errorf("%s: %s", filepath.ToSlash(rel), problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d HTML pages in %s", n, dir)
	}
}

// pageProblems returns what is wrong with one page's structure.
func pageProblems(doc *html.Node) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	count := map[atom.Atom]int{}
	ids := map[string]int{}
	labelFor := map[string]bool{}
	var (
		root, body  *html.Node
		firstLink   *html.Node
		tables      []*html.Node
		navs        []*html.Node
		inputs      []*html.Node
		current     int      // aria-current="page" in the main menu
		stylesheets []string // hrefs of <link rel=stylesheet>
	)
	var walk func(n *html.Node, inMenu bool)
	walk = func(n *html.Node, inMenu bool) {
		if n.Type == html.ElementNode {
			count[n.DataAtom]++
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			if hasClass(n, "hoofdmenu") {
				inMenu = true
			}
			switch n.DataAtom {
			case atom.Html:
				root = n
			case atom.Body:
				body = n
			case atom.A:
				if firstLink == nil {
					firstLink = n
				}
				if inMenu && attr(n, "aria-current") == "page" {
					current++
				}
			case atom.Img:
				if _, ok := attrOK(n, "alt"); !ok {
					bad("<img src=%q> has no alt attribute", attr(n, "src"))
				}
			case atom.Table:
				tables = append(tables, n)
			case atom.Script:
				if _, deferred := attrOK(n, "defer"); !deferred && attr(n, "type") != "module" {
					if _, async := attrOK(n, "async"); !async {
						bad("<script src=%q> blocks rendering: add defer", attr(n, "src"))
					}
				}
			case atom.Link:
				if attr(n, "rel") == "stylesheet" {
					stylesheets = append(stylesheets, attr(n, "href"))
				}
			case atom.Style:
				bad("inline <style>: the CSP allows only the stylesheet file")
			case atom.Nav:
				navs = append(navs, n)
			case atom.Label:
				labelFor[attr(n, "for")] = true
			case atom.Input, atom.Select, atom.Textarea:
				if t := attr(n, "type"); t != "hidden" && t != "submit" {
					inputs = append(inputs, n)
				}
			case atom.Svg:
				if attr(n, "aria-hidden") != "true" && attr(n, "role") != "img" {
					bad("<svg> is neither decorative (aria-hidden) nor an image with a name (role=img)")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMenu)
		}
	}
	walk(doc, false)

	if root == nil || attr(root, "lang") != "nl" {
		bad(`<html> must have lang="nl"`)
	}
	if c := count[atom.H1]; c != 1 {
		bad("%d <h1> elements, want exactly 1", c)
	}
	if c := count[atom.Main]; c != 1 {
		bad("%d <main> landmarks, want exactly 1", c)
	}
	if count[atom.Header] == 0 || count[atom.Footer] == 0 {
		bad("no <header> or <footer> landmark")
	}
	if firstLink == nil || attr(firstLink, "href") != "#inhoud" || ids["inhoud"] != 1 {
		bad(`the first link must be the skip link to #inhoud, and #inhoud must exist once`)
	}
	if body != nil && firstElement(body) != firstLink {
		bad("the skip link must be the first element of <body>")
	}
	for id, c := range ids {
		if c > 1 {
			bad("id %q is used %d times", id, c)
		}
	}
	for _, table := range tables {
		if !contains(table, atom.Th) {
			bad("a <table> without <th> headers")
		}
	}
	var names []string
	for _, nav := range navs {
		name := attr(nav, "aria-label")
		if name == "" {
			name = attr(nav, "aria-labelledby")
		}
		if name == "" {
			bad("a <nav> without aria-label or aria-labelledby")
		} else if slices.Contains(names, name) {
			bad("two <nav> landmarks named %q", name)
		}
		names = append(names, name)
	}
	for _, in := range inputs {
		if !labelFor[attr(in, "id")] && attr(in, "aria-label") == "" {
			bad("<%s name=%q> has no <label for> and no aria-label", in.Data, attr(in, "name"))
		}
	}
	if len(stylesheets) != 1 || !fingerprinted.MatchString(stylesheets[0]) {
		bad("want one stylesheet with a content hash in its name, got %q", stylesheets)
	}
	if current > 1 {
		bad(`%d links in the main menu have aria-current="page"`, current)
	}
	return problems
}

// fingerprinted matches a static file name with a content hash: site.3f2a1b9c0d.css.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{8,}\.css$`)

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func contains(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || contains(c, a)) {
			return true
		}
	}
	return false
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// TestPageProblemsCatchesMistakes feeds the checker broken pages, so the
// structure tests cannot pass by checking nothing.
func TestPageProblemsCatchesMistakes(t *testing.T) {
	const ok = `<!doctype html><html lang="nl"><head><link rel="stylesheet" href="/css/site.0123456789.css"><script src="/js/a.js" defer></script></head><body><a href="#inhoud">Naar de inhoud</a><header></header>
<nav aria-label="Hoofdmenu" class="hoofdmenu"><a href="/" aria-current="page">Start</a></nav>
<main id="inhoud"><h1>Titel</h1><table><tr><th>Kop</th></tr></table><img src="a.png" alt=""></main><footer></footer></body></html>`
	tests := []struct {
		name, from, to, want string
	}{
		{"valid page", "", "", ""},
		{"wrong language", `lang="nl"`, `lang="en"`, `lang="nl"`},
		{"two h1", `<h1>Titel</h1>`, `<h1>Titel</h1><h1>Nog een</h1>`, "2 <h1>"},
		{"no h1", `<h1>Titel</h1>`, ``, "0 <h1>"},
		{"no skip link", `<a href="#inhoud">Naar de inhoud</a>`, ``, "skip link"},
		{"no main", `<main id="inhoud">`, `<div id="inhoud">`, "0 <main>"},
		{"image without alt", `alt=""`, ``, "no alt"},
		{"table without headers", `<th>Kop</th>`, `<td>Kop</td>`, "without <th>"},
		{"unnamed nav", `aria-label="Hoofdmenu" `, ``, "<nav> without"},
		{"duplicate id", `<h1>Titel</h1>`, `<h1 id="inhoud">Titel</h1>`, `id "inhoud" is used 2 times`},
		{"unlabelled input", `<h1>Titel</h1>`, `<h1>Titel</h1><input name="q">`, "no <label for>"},
		{"svg without role", `<h1>Titel</h1>`, `<h1>Titel</h1><svg></svg>`, "<svg>"},
		{"blocking script", ` defer></script>`, `></script>`, "blocks rendering"},
		{"stylesheet without hash", `site.0123456789.css`, `site.css`, "one stylesheet"},
		{"inline style", `<h1>Titel</h1>`, `<h1>Titel</h1><style>h1{}</style>`, "inline <style>"},
		{"two current items", `aria-current="page">Start</a>`, `aria-current="page">Start</a><a href="/x/" aria-current="page">X</a>`, `aria-current="page"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(ok, tt.from, tt.to, 1)
			doc, err := html.Parse(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(pageProblems(doc), "\n")
			if tt.want == "" && got != "" {
				t.Errorf("problems in a valid page:\n%s", got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("problems = %q, want one containing %q", got, tt.want)
			}
		})
	}
}

// TestStylesheetNeedsNoWebFonts: the design uses system fonts only, and the
// stylesheet loads nothing else.
func TestStylesheetNeedsNoWebFonts(t *testing.T) {
	css, err := os.ReadFile(filepath.Join(repoRoot(), "static", "css", "site.css"))
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"@font-face", "@import", "url("} {
		if strings.Contains(string(css), banned) {
			t.Errorf("static/css/site.css contains %s: no web fonts or extra downloads", banned)
		}
	}
}
