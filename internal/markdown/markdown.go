// Package markdown is handboek's one configured goldmark: it parses a page body
// into a Doc (the AST plus what later stages need from it: headings with ids,
// links and images with their source positions, plain text for search, and the
// problems found) and renders a Doc to HTML once its links are resolved.
//
// It is a leaf of the pipeline: it knows nothing about pages, sections or the
// site. Loading (package content) calls Parse; rendering calls Render with the
// link targets that the site model resolved.
//
// What the Markdown dialect is:
//   - CommonMark plus GFM (tables, strikethrough, autolinks, task lists),
//     footnotes and definition lists.
//   - Heading ids follow the slug rule (textnorm.Slug of the heading's text);
//     repeats get "-1", "-2".
//   - Raw HTML is never passed through; each dropped block or inline tag is a
//     warning. Links and images with a javascript:, vbscript:, data: or file:
//     target are dropped (their text is kept) with a warning.
//   - Tables are wrapped in a scroll box so wide tables never widen the page.
package markdown

import (
	"bytes"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown parses and renders page bodies. It is safe for concurrent use;
// all per-document state lives in the Doc and the parser.Context.
type Markdown struct {
	gm goldmark.Markdown
}

// New returns the Markdown configuration every page uses.
func New() *Markdown {
	gm := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,            // tables, strikethrough, autolinks (linkify), task lists
			extension.Footnote,       // [^1] references with a list at the end of the page
			extension.DefinitionList, // term / : definition
		),
		goldmark.WithParserOptions(
			// Our own transformer sets heading ids from the heading's text, so
			// markup in a heading ("**Waarom** samen?") does not leak into the id.
			parser.WithASTTransformers(util.Prioritized(headingIDs{}, 100)),
		),
		goldmark.WithRendererOptions(
			// No html.WithUnsafe: raw HTML is omitted and dangerous link schemes
			// are blanked even if a node slipped past our own checks.
			renderer.WithNodeRenderers(util.Prioritized(scrollRenderer{}, 100)),
		),
	)
	return &Markdown{gm: gm}
}

// Heading is a section heading of a page.
type Heading struct {
	Level int
	Text  string // plain text
	ID    string // unique within the page
	Pos   diag.Pos
}

// Link is a link or image in a page body, as written.
type Link struct {
	Dest  string   // the destination as written in the source
	Pos   diag.Pos // position of the opening "[" (or "![")
	Image bool
	Alt   string // for images: the alt text

	node ast.Node // *ast.Link or *ast.Image
}

// Doc is a parsed page body.
type Doc struct {
	Headings []Heading // in order; levels 1 to 6
	Links    []*Link   // links and images, in order
	Text     string    // plain text of the body, for search and summaries
	Diags    diag.List // problems found while parsing

	source []byte
	root   ast.Node
	lines  lineIndex
}

// Parse parses body, the Markdown of the file named file, whose first byte is
// on line line0+1 of that file (the frontmatter comes before it).
func (m *Markdown) Parse(file string, body []byte, line0 int) *Doc {
	doc := &Doc{source: body, lines: newLineIndex(file, body, line0)}
	if doc.Diags = checkComplexity(doc.lines, body); len(doc.Diags) > 0 {
		body = nil // render an empty page; the error fails the build anyway
		doc.source = body
	}
	ctx := parser.NewContext()
	doc.root = m.gm.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	dropUnsafe(doc)
	collectLinks(doc)
	collectHeadings(doc)
	doc.Text = plainText(doc.root, body)
	return doc
}

// Resolved maps each link of a Doc to the URL it renders with. A link missing
// from the map keeps its destination as written.
type Resolved map[*Link]string

// Render renders doc to HTML with each link's destination replaced as given.
// A Doc may be rendered again (in a rebuild) with other destinations.
// Render must not run concurrently for the same Doc.
func (m *Markdown) Render(doc *Doc, dests Resolved) ([]byte, error) {
	for _, l := range doc.Links {
		dest := l.Dest
		if d, ok := dests[l]; ok {
			dest = d
		}
		switch n := l.node.(type) {
		case *ast.Link:
			n.Destination = []byte(dest)
		case *ast.Image:
			n.Destination = []byte(dest)
		}
	}
	var buf bytes.Buffer
	buf.Grow(len(doc.source) * 3 / 2)
	if err := m.gm.Renderer().Render(&buf, doc.source, doc.root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
