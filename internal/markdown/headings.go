package markdown

import (
	"fmt"
	"strconv"

	"github.com/samenopleiden/handboek/internal/textnorm"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Heading ids follow the slug rule: the slug of the heading's plain text,
// "kop" when that is empty, with "-1", "-2" for repeats. Footnote ids ("fn:1")
// cannot collide because they contain a colon.
//
// collect gives the ids as it meets the headings, from the text it gathers
// for Heading.Text anyway, and headingRenderer writes them: setting them on
// the nodes as attributes, as an AST transformer, took the heading's text a
// second time and two allocations per heading in goldmark (an attribute list
// with room for ten). The text of the id is the heading's text as parsed,
// before collect drops unsafe nodes, as it always was.

// headingID returns the id of a heading whose text is text, after the ids
// of the headings before it in c.headings.
func (c *collector) headingID(text string) string {
	base := textnorm.Slug(text)
	if base == "" {
		base = "kop"
	}
	id := base
	for i := 1; c.idUsed(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	return id
}

// idUsed reports whether a heading before the last one of c.headings has
// the id. Most pages have a few dozen headings at most, and scanning them
// is as fast as a set; a page with more gets a set.
func (c *collector) idUsed(id string) bool {
	given := c.headings[:len(c.headings)-1]
	if len(given) <= 32 {
		for _, h := range given {
			if h.id == id {
				return true
			}
		}
		return false
	}
	if c.ids == nil {
		c.ids = map[string]bool{}
	}
	for _, h := range given[len(c.ids):] {
		c.ids[h.id] = true
	}
	return c.ids[id]
}

// headingRenderer renders headings as goldmark does, with the id that
// collect gave (Heading.ID) as the id attribute.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	render := funcsOf(html.NewRenderer())[ast.KindHeading]
	reg.Register(ast.KindHeading, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		sw, ok := w.(*spliceWriter)
		if !entering || !ok || n.Attributes() != nil {
			return render(w, src, n, entering)
		}
		h := n.(*ast.Heading)
		id, ok := sw.headingID(h)
		if !ok {
			return ast.WalkStop, fmt.Errorf("markdown: a level %d heading was not collected", h.Level)
		}
		// As html.Renderer with the attribute id="..." (RenderAttributes).
		_, _ = w.WriteString("<h")
		_ = w.WriteByte("0123456"[h.Level])
		_, _ = w.WriteString(` id="`)
		_, _ = w.Write(util.EscapeHTML(util.StringToReadOnlyBytes(id)))
		_, _ = w.WriteString(`">`)
		return ast.WalkContinue, nil
	})
}

// IDs returns the set of element ids a link may point at with "#id": the
// heading ids.
func (d *Doc) IDs() map[string]bool {
	ids := make(map[string]bool, len(d.Headings))
	for _, h := range d.Headings {
		ids[h.ID] = true
	}
	return ids
}
