package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// destRenderer renders links and images with goldmark's own HTML renderer,
// but with an empty destination, and tells the spliceWriter where the
// destination belongs: right after `<a href="` or `<img src="`, where
// goldmark's renderer writes it. Render later puts the resolved URL there.
type destRenderer struct{}

func (destRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	inner := funcsOf(html.NewRenderer())
	wrap := func(kind ast.NodeKind, open string, dest func(ast.Node) *[]byte) {
		render := inner[kind]
		reg.Register(kind, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
			sw, ok := w.(*spliceWriter)
			if !entering || !ok {
				return render(w, src, n, entering)
			}
			i, ok := sw.index(n)
			if !ok {
				return render(w, src, n, entering)
			}
			d := dest(n)
			saved := *d
			*d = nil
			start := sw.Len()
			st, err := render(w, src, n, entering)
			*d = saved
			if !bytes.HasPrefix(sw.Bytes()[start:], []byte(open)) {
				return st, fmt.Errorf("markdown: goldmark no longer starts a %v with %q", kind, open)
			}
			sw.splices = append(sw.splices, splice{at: start + len(open), link: i})
			return st, err
		})
	}
	wrap(ast.KindLink, `<a href="`, func(n ast.Node) *[]byte { return &n.(*ast.Link).Destination })
	wrap(ast.KindImage, `<img src="`, func(n ast.Node) *[]byte { return &n.(*ast.Image).Destination })
}

// spliceWriter is the writer Parse renders into: a bytes.Buffer that is its
// own util.BufWriter (so goldmark does not wrap it in a bufio.Writer and its
// length is the exact offset of what is written next), with the links of the
// document being rendered and the splices found so far.
type spliceWriter struct {
	bytes.Buffer
	links   []*Link // Doc.Links, whose nodes are rendered in this order
	next    int     // index in links of the next link to be rendered
	splices []splice

	headings    []Heading // Doc.Headings, rendered in this order
	nextHeading int       // index in headings of the next heading
}

// headingID returns the id collect gave heading h.
func (w *spliceWriter) headingID(h *ast.Heading) (string, bool) {
	for i := w.nextHeading; i < len(w.headings); i++ {
		if w.headings[i].node == h {
			w.nextHeading = i + 1
			return w.headings[i].ID, true
		}
	}
	return "", false
}

// index returns the index in links of node n. Links are collected in the order
// goldmark renders them, but a link inside an image's alt text is not rendered
// as a link, so it looks ahead from the last one found.
func (w *spliceWriter) index(n ast.Node) (int, bool) {
	for i := w.next; i < len(w.links); i++ {
		if w.links[i].node == n {
			w.next = i + 1
			return i, true
		}
	}
	return 0, false
}

func (w *spliceWriter) Available() int { return w.Cap() - w.Len() }
func (w *spliceWriter) Buffered() int  { return 0 }
func (w *spliceWriter) Flush() error   { return nil }

var _ util.BufWriter = (*spliceWriter)(nil)
