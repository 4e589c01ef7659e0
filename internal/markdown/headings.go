package markdown

import (
	"strconv"
	"unsafe"

	"github.com/samenopleiden/handboek/internal/textnorm"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingIDs gives every heading an id by the slug rule: the slug of its plain
// text, "kop" when that is empty, with "-1", "-2" for repeats. Footnote ids
// ("fn:1") cannot collide because they contain a colon.
type headingIDs struct{}

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	setHeadingIDs(doc, reader.Source(), map[string]bool{})
}

// setHeadingIDs gives the headings among n's descendants their ids, in
// document order. Headings are blocks, and a block that holds inline content
// (a paragraph, a table cell) holds no blocks, so the walk goes down only
// into blocks whose first child is a block.
func setHeadingIDs(n ast.Node, src []byte, used map[string]bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok {
			base := textnorm.Slug(inlineText(h, src))
			if base == "" {
				base = "kop"
			}
			id := base
			for i := 1; used[id]; i++ {
				id = base + "-" + strconv.Itoa(i)
			}
			used[id] = true
			// The attribute holds the string's own bytes, which nothing writes
			// (goldmark only reads attribute values); collect takes them back
			// as the string (headingID).
			h.SetAttributeString("id", unsafe.Slice(unsafe.StringData(id), len(id)))
			continue
		}
		if f := c.FirstChild(); f != nil && f.Type() == ast.TypeBlock {
			setHeadingIDs(c, src, used)
		}
	}
}

// headingID returns the id setHeadingIDs gave h, as the string it was made
// from.
func headingID(h *ast.Heading) string {
	id, _ := h.AttributeString("id")
	b, _ := id.([]byte)
	return unsafe.String(unsafe.SliceData(b), len(b))
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
