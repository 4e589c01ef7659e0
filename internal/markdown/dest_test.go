package markdown

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TestRenderSplicesLikeGoldmark checks that Render, which fills destinations
// into HTML rendered at parse time, gives exactly what goldmark gives when it
// renders the AST with the destinations set on the nodes.
func TestRenderSplicesLikeGoldmark(t *testing.T) {
	srcs := []string{
		"Zie [doelen](../doelen/x.md#waarom) en [extern](https://example.org/a?b=c&d=e \"Titel & zo\").",
		"![Een foto van de klas](foto.jpg \"onderschrift\") en ![alt met *nadruk*](/img/b.png)",
		"| a | [b](b.md) |\n|---|---|\n| ![c](c.png) | [**d** _e_](d.md#kop) |",
		"[ref][1] en [leeg]() en <https://auto.example/x> en www.example.nl\n\n[1]: ../r.md#s",
		"Voetnoot[^1] met [link](l.md).\n\n[^1]: Met [nog een](n.md).",
		"[gevaar](javascript:alert(1)) ![plaatje](data:image/png;base64,xx) [ok](ok.md)",
		"- [een](1.md)\n  - [twee](2.md)\n\n> [drie](3.md)\n\nTerm\n: [vier](4.md)",
		"# Kop met [link](k.md)\n\n![alt [met link](in-alt.md)](a.png)",
		"[spaties](<met spatie.md>) [unicode](créëren.md) [aanhalingsteken](a\"b.md)",
	}
	dests := []func(i int, l *Link) (string, bool){
		func(int, *Link) (string, bool) { return "", false }, // as written
		func(i int, l *Link) (string, bool) {
			return "/handboek/pagina/" + strings.Repeat("x", i) + "/#kop", true
		},
		func(i int, l *Link) (string, bool) {
			return []string{"/a b/", "/é/ë?q=1&r=\"2\"", "javascript:alert(1)", "<script>", ""}[i%5], true
		},
	}
	md := New()
	plain := newGoldmark(false, goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(refHeadingIDs{}, 100))))
	for _, src := range srcs {
		for k, dest := range dests {
			doc := md.Parse("content/x.md", []byte(src), 0)
			resolved := Resolved{}
			for i, l := range doc.Links {
				if d, ok := dest(i, l); ok {
					resolved[l] = d
				}
			}
			got, err := md.Render(doc, resolved)
			if err != nil {
				t.Fatal(err)
			}

			ref := &Doc{source: []byte(src), lines: newLineIndex("content/x.md", []byte(src), 0)}
			ref.root = plain.Parser().Parse(text.NewReader(ref.source), parser.WithContext(parser.NewContext()))
			collect(ref)
			if len(ref.Links) != len(doc.Links) {
				t.Fatalf("%q: %d links, want %d", src, len(doc.Links), len(ref.Links))
			}
			for i, l := range ref.Links {
				d, ok := dest(i, l)
				if !ok {
					continue
				}
				switch n := l.node.(type) {
				case *ast.Link:
					n.Destination = []byte(d)
				case *ast.Image:
					n.Destination = []byte(d)
				}
			}
			var want bytes.Buffer
			if err := plain.Renderer().Render(&want, ref.source, ref.root); err != nil {
				t.Fatal(err)
			}
			if string(got) != want.String() {
				t.Errorf("%q, destinations %d:\ngot  %s\nwant %s", src, k, got, want.String())
			}
		}
	}
}

// TestRenderConcurrently renders one Doc with other destinations at once, as a
// rebuild may while the previous render is still being written.
func TestRenderConcurrently(t *testing.T) {
	md := New()
	doc := md.Parse("content/x.md", []byte("[a](a.md) en [b](b.md#kop)"), 0)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := "/p" + strings.Repeat("/q", i) + "/"
			html, err := md.Render(doc, Resolved{doc.Links[0]: u, doc.Links[1]: u + "#kop"})
			if err != nil {
				t.Error(err)
				return
			}
			want := `<p><a href="` + u + `">a</a> en <a href="` + u + `#kop">b</a></p>` + "\n"
			if string(html) != want {
				t.Errorf("got %s, want %s", html, want)
			}
		}()
	}
	wg.Wait()
}

// TestAppendRender checks that AppendRender appends what Render returns, and
// that into a buffer large enough it allocates nothing.
func TestAppendRender(t *testing.T) {
	md := New()
	for _, src := range []string{"", "tekst", "# Kop\n\n[a](a.md) en ![b](b.png) en [c](javascript:x) [d](d.md#x)"} {
		doc := md.Parse("content/x.md", []byte(src), 0)
		dests := Resolved{}
		for i, l := range doc.Links {
			if i%2 == 0 {
				dests[l] = "/pagina/" + strings.Repeat("x", i) + "/"
			}
		}
		want, err := md.Render(doc, dests)
		if err != nil {
			t.Fatal(err)
		}
		got, err := md.AppendRender([]byte("voor"), doc, dests)
		if err != nil || string(got) != "voor"+string(want) {
			t.Errorf("%q: AppendRender = %q, %v; want %q", src, got, err, "voor"+string(want))
		}
		buf := make([]byte, 0, 4096)
		if n := testing.AllocsPerRun(10, func() { buf, _ = md.AppendRender(buf[:0], doc, dests) }); n != 0 {
			t.Errorf("%q: %v allocations into a large buffer", src, n)
		}
	}
}
