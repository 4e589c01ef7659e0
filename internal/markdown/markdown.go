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
	"slices"
	"sync"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Markdown parses and renders page bodies. It is safe for concurrent use;
// all per-document state lives in the Doc and the parser.Context.
type Markdown struct {
	gm goldmark.Markdown
	// unlinked is gm's parser without GFM's autolinking of bare addresses
	// (see parseTree).
	unlinked parser.Parser
}

// New returns the Markdown configuration every page uses.
func New() *Markdown {
	return &Markdown{gm: newGoldmark(true), unlinked: goldmark.New(extensions(false)).Parser()}
}

// newGoldmark configures goldmark; splice is false only in the test that
// compares Render with goldmark rendering the destinations (and heading ids)
// itself, which adds an AST transformer for the ids in opts.
func newGoldmark(splice bool, opts ...goldmark.Option) goldmark.Markdown {
	renderers := []util.PrioritizedValue{
		// No html.WithUnsafe: raw HTML is omitted and dangerous link schemes
		// are blanked even if a node slipped past our own checks.
		util.Prioritized(scrollRenderer{}, 100),
		// Heading ids from the heading's text (collect), so markup in a
		// heading ("**Waarom** samen?") does not leak into the id.
		util.Prioritized(headingRenderer{}, 100),
	}
	if splice {
		// Links and images are rendered by goldmark, with the destination
		// left out: Render fills it in once the site has resolved it.
		renderers = append(renderers, util.Prioritized(destRenderer{}, 100))
	}
	return goldmark.New(append([]goldmark.Option{
		extensions(true),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(renderers...)),
	}, opts...)...)
}

// extensions are the Markdown dialect's extensions to CommonMark; linkify
// false leaves out GFM's autolinking of bare addresses, for Markdown.unlinked.
func extensions(linkify bool) goldmark.Option {
	return goldmark.WithExtensions(
		gfm{linkify: linkify},    // extension.GFM (tables, strikethrough, autolinks, task lists), linkify sped up: linkify.go
		extension.Footnote,       // [^1] references with a list at the end of the page
		extension.DefinitionList, // term / : definition
	)
}

// Heading is a section heading of a page.
type Heading struct {
	Level int
	Text  string // plain text
	ID    string // unique within the page
	Pos   diag.Pos

	node *ast.Heading // only while parsing
}

// Link is a link or image in a page body, as written.
type Link struct {
	Dest  string   // the destination as written in the source
	Pos   diag.Pos // position of the opening "[" (or "![")
	Image bool
	Alt   string // for images: the alt text

	node ast.Node // *ast.Link or *ast.Image; only while parsing
}

// Doc is a parsed page body.
//
// Parse renders the body to HTML straight away, leaving out every link's
// destination and noting where it goes; Render fills the destinations in once
// the site model has resolved them. So a Doc does not keep goldmark's AST,
// which takes about ten times the size of the Markdown: at 10,000 pages of
// 8 KB that was a gigabyte of live heap held from loading to rendering.
type Doc struct {
	Headings []Heading // in order; levels 1 to 6
	Links    []*Link   // links and images, in order
	Text     string    // plain text of the body, for search and summaries
	Diags    diag.List // problems found while parsing

	html    []byte   // the body rendered, every link destination left out
	splices []splice // where the destinations go, in order of offset
	err     error    // from rendering, returned by Render

	// Only while parsing:
	source []byte
	root   ast.Node
	lines  lineIndex
}

// splice is the place of one link's destination in Doc.html.
type splice struct {
	at   int // byte offset in html, just inside href="" or src=""
	link int // index in Doc.Links
}

// Parse parses body, the Markdown of the file named file, whose first byte is
// on line line0+1 of that file (the frontmatter comes before it).
func (m *Markdown) Parse(file string, body []byte, line0 int) *Doc {
	return m.parseWith(file, body, line0, m.renderHTML)
}

// parseWith is Parse rendering the body with render.
func (m *Markdown) parseWith(file string, body []byte, line0 int, render renderFunc) *Doc {
	doc := &Doc{source: body, lines: newLineIndex(file, body, line0)}
	if doc.Diags = checkComplexity(&doc.lines, body); len(doc.Diags) > 0 {
		body = nil // render an empty page; the error fails the build anyway
		doc.source = body
	}
	doc.root, _ = m.parseTree(body)
	collect(doc)
	m.prerender(doc, render)
	doc.source, doc.root, doc.lines = nil, nil, lineIndex{}
	for _, l := range doc.Links {
		l.node = nil
	}
	for i := range doc.Headings {
		doc.Headings[i].node = nil
	}
	return doc
}

// renderFunc renders a parsed tree into a spliceWriter.
type renderFunc func(w *spliceWriter, src []byte, root ast.Node) error

// renderHTML renders the tree at root into w: htmlOut, with goldmark's
// renderer for what it leaves.
func (m *Markdown) renderHTML(w *spliceWriter, src []byte, root ast.Node) error {
	out := htmlOut{w: w, src: src, slow: m.gm.Renderer()}
	out.node(root)
	return out.failed
}

// prerender renders the AST into doc.html with the link destinations left
// out (see destRenderer) and records where they go.
// The HTML is kept in a slice of its own size, rendered in a pooled buffer:
// a growing buffer's spare capacity was a quarter of the HTML kept.
func (m *Markdown) prerender(doc *Doc, render renderFunc) {
	w := writers.Get().(*spliceWriter)
	defer func() {
		w.Reset()
		w.links, w.next, w.splices = nil, 0, nil
		w.headings, w.nextHeading = nil, 0
		writers.Put(w)
	}()
	w.links, w.headings = doc.Links, doc.Headings
	if len(doc.Links) > 0 {
		w.splices = make([]splice, 0, len(doc.Links))
	}
	doc.err = render(w, doc.source, doc.root)
	doc.html, doc.splices = bytes.Clone(w.Bytes()), w.splices
}

var writers = sync.Pool{New: func() any { return new(spliceWriter) }}

// Resolved maps each link of a Doc to the URL it renders with. A link missing
// from the map keeps its destination as written.
type Resolved map[*Link]string

// Render returns doc's HTML with each link's destination as given, escaped
// as goldmark escapes it (and left empty when it is a dangerous address, as
// goldmark does). A Doc may be rendered again, also concurrently, with other
// destinations (in a rebuild).
func (m *Markdown) Render(doc *Doc, dests Resolved) ([]byte, error) {
	return m.AppendRender(nil, doc, dests)
}

// AppendRender is Render appending the HTML to dst, for a caller that only
// reads the HTML before it writes dst again (a minifier): with a reused dst
// nothing is allocated. On an error dst is returned as it was.
func (m *Markdown) AppendRender(dst []byte, doc *Doc, dests Resolved) ([]byte, error) {
	if doc.err != nil {
		return dst, doc.err
	}
	// The destinations first, to make the output its exact size: resolved
	// URLs are long enough that a guess made it grow (and copy) on most pages.
	var local [64]string
	written := local[:0]
	size := len(doc.html)
	for _, s := range doc.splices {
		l := doc.Links[s.link]
		dest := l.Dest
		if d, ok := dests[l]; ok {
			dest = d
		}
		dest = escapeDest(dest)
		written = append(written, dest)
		size += len(dest)
	}
	var out []byte
	if dst == nil {
		out = make([]byte, 0, size)
	} else {
		out = slices.Grow(dst, size)
	}
	prev := 0
	for i, s := range doc.splices {
		out = append(out, doc.html[prev:s.at]...)
		out = append(out, written[i]...)
		prev = s.at
	}
	return append(out, doc.html[prev:]...), nil
}

// escapeDest returns a link destination as goldmark writes it: "" for a
// dangerous address (html.IsDangerousURL), else URL-escaped with references
// resolved (util.URLEscape) and then HTML-escaped. The usual destination has
// nothing to escape and is returned as it is, without the three allocations
// of the general case.
func escapeDest(dest string) string {
	if plainDest(dest) {
		if dangerousURL(dest) {
			return ""
		}
		return dest
	}
	b := []byte(dest)
	if html.IsDangerousURL(b) {
		return ""
	}
	return string(util.EscapeHTML(util.URLEscape(b, true)))
}

// plainDest reports whether goldmark's escaping leaves dest as it is: every
// byte is one URLEscape keeps, other than "&" (a character reference, and
// escaped by EscapeHTML); "%" only as the start of an escape. So dest has no
// backslash escape either, and it is ASCII.
func plainDest(dest string) bool {
	// Eight bytes at a time while all are plain (a resolved address mostly
	// is): the table's bits ANDed, one test for the eight.
	i := 0
	for ; i+8 <= len(dest); i += 8 {
		d := dest[i : i+8]
		if urlPlain[d[0]]&urlPlain[d[1]]&urlPlain[d[2]]&urlPlain[d[3]]&urlPlain[d[4]]&urlPlain[d[5]]&urlPlain[d[6]]&urlPlain[d[7]] == 0 {
			break
		}
	}
	for ; i < len(dest); i++ {
		c := dest[i]
		if urlPlain[c] != 0 {
			continue
		}
		if c == '%' && i+2 < len(dest) && isHex(dest[i+1]) && isHex(dest[i+2]) {
			i += 2
			continue
		}
		return false
	}
	return true
}

// urlPlain is 1 for the bytes of goldmark's urlEscapeTable (the bytes
// URLEscape keeps) but "&", 0 for the others.
var urlPlain = func() (t [256]uint8) {
	for _, c := range []byte("!#$'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~") {
		t[c] = 1
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// dangerousURL is html.IsDangerousURL for an ASCII string.
func dangerousURL(u string) bool {
	if hasPrefixFold(u, "data:image/") {
		v := u[len("data:image/"):]
		return !hasPrefixFold(v, "png;") && !hasPrefixFold(v, "gif;") && !hasPrefixFold(v, "jpeg;") && !hasPrefixFold(v, "webp;")
	}
	return hasPrefixFold(u, "javascript:") || hasPrefixFold(u, "vbscript:") || hasPrefixFold(u, "file:") || hasPrefixFold(u, "data:")
}

// hasPrefixFold reports whether s starts with prefix, which is lower case,
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
