package markdown

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
)

// htmlOutCases have every node type htmlOut renders itself, in the shapes
// where goldmark's output differs (tight and loose lists and definitions,
// aligned cells, a table without body, code with padding, escapes and
// character references, titles, alt text with markup), and some it leaves
// to goldmark (footnotes, raw HTML).
var htmlOutCases = []string{
	"| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| *a* | `b|` | [c](c.md) | ~~d~~ |",
	"| a |\n|---|\n| b |\n\n| alleen kop |\n|---|\n\nna",
	"Term\n: tight\n: twee\n\nTerm2\n\n: loose\n\n  meer\n\nTerm3\n: [l](l.md)",
	"- [x] klaar\n- [ ] te doen\n  - [x] genest\n\n1. [ ] genummerd",
	"```go  extra\ncode <x> & \"y\"\n```\n\n~~~\ngeen taal\n~~~\n\n```\n```\n\n```a&amp;b\\*c\nx\n```",
	"    ingesprongen\n\tcode & <tag>\n\n- item\n\n      code in een lijst\n\n  > citaat in lijst\n\t\tmet tab",
	"a\\\nb  \nc\\*d\\_e \\\\ f\n&copy; &#169; &#xA9; &#x110000; &#0; &bogus; &amp; & < > \" '\n&ouml;&auml;",
	"3. drie\n4. vier\n\n1) haakje\n\n0. nul\n\n10. tien",
	"***\n---\n___\n\n> citaat\n> > genest\n\n> [link](q.md \"titel &amp; \\\"x\\\" <b>\")",
	"![img](a.png \"titel\") ![alt *em* `code` [l](x.md) ![in](i.png) **vet**](o.png) ![](leeg.png '')",
	"<mail@example.org> <https://e.org/a%20b> <MAILTO:x@y.nl> www.e.org/pad?q=1&r=2 <http://a.nl/<>",
	"tekst met NUL \x00 byte en [link\x00](a\x00.md) `c\x00`",
	"Setext\n---\n\n# ATX #\n\n####### geen kop\n\n#\ttab",
	"Tekst[^n] en [^m].\n\n[^n]: Noot *een*.\n[^m]: Noot twee met\n\n    code\n\n[^ongebruikt]: x",
	"<div>ruw</div>\n\ntekst <span>inline</span> meer <!-- c -->",
	"* a\n* b\n\n* c\n\n+ d\n- e",
	"- \n- leeg item\n-\n\n  na",
	"eind met harde regel  \n\nnog een\\\n",
	"Tab\tin tekst en backslash aan het eind\\",
	"`` code met ` en\nregel `` en `  spaties  ` en ` `",
	"**[vet *en* nadruk](v.md)** _onderstreept_ __dubbel__ ~enkel~ ~~dubbel~~",
	"[ref] en [Ref][] en [anders][ref]\n\n[ref]: <r d.md> 'titel'\n[ongebruikt]: x.md",
	"http://a.nl/x_(y) https://b.nl. www.c.nl, d@e.nl! (https://f.nl)",
	"# Kop met [link](k.md) en `code`\n\n## Kop met ![beeld](b.png)",
	"> - lijst in citaat\n>   1. genest\n>\n> ```\n> code\n> ```",
	"Regel een\nregel twee\r\nregel drie\rvier",
	"| a | b |\n|---|---|\n| c \\| d | e |\n| f |\n| g | h | i |",
}

// htmlOutFragments join into random bodies, with sameFragments.
var htmlOutFragments = []string{
	"| l | r |\n|:--|--:|\n| a | b |", "Term\n: def", "Term\n\n: los", "- [x] taak",
	"```go\nx\n```", "    code", "&copy;", "&#169;", "\\*", "\\\\", "x  ", "y\\",
	"![a *b*](c.png \"t\")", "[a](b.md \"t\")", "<a@b.nl>", "3. drie", "***", "> x",
	"`a\nb`", "~~s~~", "\x00", "[^n]", "[^n]: noot", "<b>x</b>",
}

func htmlOutBodies(t *testing.T) []string {
	bodies := slices.Concat(htmlOutCases, sameCases, fuzzCorpus(t))
	r := rand.New(rand.NewPCG(3, 4))
	fragments := slices.Concat(sameFragments, htmlOutFragments)
	for range 3000 {
		var b bytes.Buffer
		for range 1 + r.IntN(14) {
			b.WriteString(fragments[r.IntN(len(fragments))])
			b.WriteString([]string{" ", "\n", "\n\n", "", "\n- ", "\n> ", "\n\t"}[r.IntN(7)])
		}
		bodies = append(bodies, b.String())
	}
	if _, err := os.Stat(filepath.Join(benchSite(), "content")); err == nil {
		for _, b := range benchBodies(t, 500) {
			bodies = append(bodies, string(b))
		}
	}
	return bodies
}

// TestHTMLOutSameAsGoldmark parses each body twice and renders it with
// htmlOut and with goldmark's renderer alone: the HTML, the places of the
// destinations and the errors must be the same.
func TestHTMLOutSameAsGoldmark(t *testing.T) {
	md := New()
	for _, body := range htmlOutBodies(t) {
		if msg := htmlOutDiff(md, body); msg != "" {
			t.Errorf("%q:\n%s", body, msg)
		}
	}
}

// renderGoldmark renders the tree at root into w with goldmark's renderer
// alone, as renderHTML must.
func (m *Markdown) renderGoldmark(w *spliceWriter, src []byte, root ast.Node) error {
	return m.gm.Renderer().Render(w, src, root)
}

// htmlOutDiff says how htmlOut's rendering of body differs from goldmark's,
// or "".
func htmlOutDiff(md *Markdown, body string) string {
	// Parsed twice: goldmark's table renderer sets the alignment of a cell
	// as an attribute on the node.
	got := md.parseWith("content/x.md", []byte(body), 0, md.renderHTML)
	want := md.parseWith("content/x.md", []byte(body), 0, md.renderGoldmark)
	switch {
	case fmt.Sprint(got.err) != fmt.Sprint(want.err):
		return fmt.Sprintf("error %v, goldmark's %v", got.err, want.err)
	case !bytes.Equal(got.html, want.html):
		return fmt.Sprintf("html\n%s\ngoldmark's\n%s", got.html, want.html)
	case !slices.Equal(got.splices, want.splices):
		return fmt.Sprintf("splices %v, goldmark's %v", got.splices, want.splices)
	}
	return ""
}

// FuzzHTMLOut holds htmlOut to goldmark's renderer on any body.
func FuzzHTMLOut(f *testing.F) {
	for _, s := range htmlOutCases {
		f.Add(s)
	}
	md := New()
	f.Fuzz(func(t *testing.T, body string) {
		if msg := htmlOutDiff(md, body); msg != "" {
			t.Errorf("%q:\n%s", body, msg)
		}
	})
}

// countingRenderer is goldmark's renderer, counting the nodes handed to it.
type countingRenderer struct {
	renderer.Renderer
	nodes []ast.NodeKind
}

func (c *countingRenderer) Render(w io.Writer, source []byte, n ast.Node) error {
	c.nodes = append(c.nodes, n.Kind())
	return c.Renderer.Render(w, source, n)
}

// TestHTMLOutRendersPagesItself wants what pages are made of rendered by
// htmlOut, not handed to goldmark: the point of it is speed, which a
// change in goldmark's nodes (attributes on every node, say) would lose
// without a wrong byte.
func TestHTMLOutRendersPagesItself(t *testing.T) {
	md := New()
	const body = "# Kop\n\nTekst met *nadruk*, **vet**, `code`, [link](a.md \"t\"), ![beeld](b.png), www.c.nl en ~~weg~~.\n" +
		"Regel twee  \nregel drie\\\n\n- een\n- [x] twee\n\n1. drie\n\n> citaat\n\n---\n\n```go\nx\n```\n\n    code\n\n" +
		"| a | b |\n|:--|--:|\n| c | d |\n\nTerm\n: uitleg\n\n[r]: r.md\n"
	doc := &Doc{source: []byte(body), lines: newLineIndex("content/x.md", []byte(body), 0)}
	doc.root = md.gm.Parser().Parse(text.NewReader(doc.source))
	collect(doc)
	slow := &countingRenderer{Renderer: md.gm.Renderer()}
	md.prerender(doc, func(w *spliceWriter, src []byte, root ast.Node) error {
		out := htmlOut{w: w, src: src, slow: slow}
		out.node(root)
		return out.failed
	})
	if doc.err != nil {
		t.Fatal(doc.err)
	}
	if len(slow.nodes) > 0 {
		t.Errorf("handed to goldmark: %v", slow.nodes)
	}
	if !bytes.Contains(doc.html, []byte(`<td style="text-align:right">d</td>`)) {
		t.Errorf("the page was not rendered:\n%s", doc.html)
	}
}
