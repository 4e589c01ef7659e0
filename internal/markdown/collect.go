package markdown

import (
	"strings"
	"sync"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// collect is the one walk over a parsed body that takes out what is unsafe and
// gathers what later stages need: it removes raw HTML, and links, images and
// autolinks with a dangerous target (each a warning; the rules are in
// safety.go), records links, images and headings in order, and builds the
// plain text.
//
// It gives exactly what four walks gave before (first the removals, then links,
// headings and text on the cleaned tree; reference_test.go keeps them, and
// TestSameAsReference compares): it visits the tree as it is before the
// removals, but skips what will be removed and looks through a link that will
// be unwrapped to its text, so it meets the nodes the cleaned tree holds, in
// the same order. Positions of links and headings are taken after the
// removals, because a removed node can be what a position was found from.
// One walk instead of four, and no table of line starts (see lineIndex), took
// the cost of these steps in a 10,000-page build from about 1 s of CPU to
// 0.4 s.
func collect(doc *Doc) {
	c := collectors.Get().(*collector)
	defer func() {
		c.reset()
		collectors.Put(c)
	}()
	c.doc, c.src, c.lines = doc, doc.source, &doc.lines
	c.visit(doc.root)
	for _, n := range c.remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range c.unwrap {
		parent := n.Parent()
		for ch := n.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			parent.InsertBefore(parent, n, ch)
			ch = next
		}
		parent.RemoveChild(parent, n)
	}

	if len(c.links) > 0 {
		// The destinations share one string: a page's links are kept
		// together, and a string each was most of collect's allocations.
		size := 0
		for _, l := range c.links {
			size += len(destination(l.node))
		}
		var all strings.Builder
		all.Grow(size)
		for _, l := range c.links {
			all.Write(destination(l.node))
		}
		dests := all.String()
		links := make([]Link, len(c.links))
		doc.Links = make([]*Link, len(c.links))
		for i, l := range c.links {
			links[i] = l
			n := len(destination(l.node))
			links[i].Dest, dests = dests[:n], dests[n:]
			links[i].Pos = c.lines.linkPos(l.node)
			doc.Links[i] = &links[i]
		}
		for _, l := range doc.Links {
			if l.Image && l.Alt == "" {
				doc.Diags.Errorf(l.Pos, "image %q has no alt text; describe the image between the brackets: ![what the image shows](%s)", l.Dest, l.Dest)
			}
		}
	}
	if len(c.headings) > 0 {
		doc.Headings = make([]Heading, len(c.headings))
		for i, h := range c.headings {
			doc.Headings[i] = Heading{Level: h.node.Level, Text: h.text, ID: h.id, Pos: c.lines.nodePos(h.node), node: h.node}
		}
	}
	doc.Text = strings.TrimSpace(string(c.text))
}

// destination returns the destination of a link or image node.
func destination(n ast.Node) []byte {
	switch n := n.(type) {
	case *ast.Link:
		return n.Destination
	case *ast.Image:
		return n.Destination
	}
	return nil
}

// collector is the state of one collect walk; its slices are reused (pooled).
type collector struct {
	doc   *Doc
	src   []byte
	lines *lineIndex

	remove, unwrap []ast.Node // as dropUnsafe removed and unwrapped them, in order
	links          []Link     // without Pos; node set
	headings       []collectedHeading
	text           []byte          // plain text, as plainText wrote it
	sinks          [][]byte        // inline text of the open headings and images, innermost last
	spare          [][]byte        // buffers for sinks
	ids            map[string]bool // the ids of headings, on a page with many (idUsed)
}

type collectedHeading struct {
	node     *ast.Heading
	text, id string
}

var collectors = sync.Pool{New: func() any { return new(collector) }}

func (c *collector) reset() {
	clear(c.remove)
	clear(c.unwrap)
	clear(c.links)
	clear(c.headings)
	c.remove, c.unwrap, c.links, c.headings = c.remove[:0], c.unwrap[:0], c.links[:0], c.headings[:0]
	c.text = c.text[:0]
	c.sinks = c.sinks[:0] // not empty only after a panic
	c.doc, c.src, c.lines = nil, nil, nil
	if len(c.ids) > 1024 {
		c.ids = nil
	}
	clear(c.ids)
	if cap(c.text) > 1<<20 {
		c.text = nil // do not pin a huge page's buffer
	}
}

// visit handles n and its children. The order of the steps follows the old
// passes: a block first ends the text's line, then the node's own rule.
func (c *collector) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		c.doc.Diags.Warnf(c.lines.nodePos(n), "raw HTML is not rendered; write it in Markdown instead")
		c.remove = append(c.remove, n)
		return
	case *ast.RawHTML:
		var pos diag.Pos
		if n.Segments.Len() > 0 {
			pos = c.lines.pos(n.Segments.At(0).Start)
		} else {
			pos = c.lines.nodePos(n)
		}
		c.doc.Diags.Warnf(pos, "raw HTML %q is not rendered; write it in Markdown instead", snippet(n.Segments.Value(c.src)))
		c.remove = append(c.remove, n)
		return
	case *ast.Link:
		if scheme, bad := dangerous(n.Destination); bad {
			c.doc.Diags.Warnf(c.lines.linkPos(n), "link to a %s: address removed (only the text is kept)", scheme)
			c.unwrap = append(c.unwrap, n)
		} else {
			c.links = append(c.links, Link{node: n}) // Dest: see collect
		}
		c.children(n)
		return
	case *ast.Image:
		if scheme, bad := dangerous(n.Destination); bad {
			c.doc.Diags.Warnf(c.lines.linkPos(n), "image from a %s: address removed", scheme)
			c.remove = append(c.remove, n)
			return
		}
		i := len(c.links)
		c.links = append(c.links, Link{Image: true, node: n})
		c.open()
		c.children(n)
		c.links[i].Alt = c.close()
		return
	case *ast.AutoLink:
		if scheme, bad := dangerous(n.URL(c.src)); bad {
			c.doc.Diags.Warnf(c.lines.nodePos(n), "link to a %s: address removed", scheme)
			c.remove = append(c.remove, n)
			return
		}
		label := n.Label(c.src)
		c.text = append(c.text, label...)
		c.inline(label)
	case *ast.Text:
		c.textNode(n)
	case *ast.String:
		c.text = append(c.text, n.Value...)
		c.inline(n.Value)
	case *ast.Heading:
		c.endWith('\n')
		i := len(c.headings)
		c.headings = append(c.headings, collectedHeading{node: n})
		removed := len(c.remove)
		c.open()
		c.children(n)
		text := c.close()
		idText := text
		if len(c.remove) != removed {
			// The id is made from the text as parsed, which has the
			// alt text of a dropped image and the address of a dropped
			// autolink; the tree is not changed until the walk is over.
			idText = inlineText(n, c.src)
		}
		c.headings[i].text, c.headings[i].id = text, c.headingID(idText)
		return
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		c.endWith('\n')
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			c.text = append(c.text, seg.Value(c.src)...)
		}
	case *extast.TableCell:
		c.endWith('\n')
		c.endWith(' ')
	default:
		if n.Type() == ast.TypeBlock {
			c.endWith('\n')
		}
	}
	c.children(n)
}

var space = []byte{' '}

// children visits n's children. A text node, the most common one, is taken
// here rather than in a call of visit.
func (c *collector) children(n ast.Node) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if t, ok := ch.(*ast.Text); ok {
			c.textNode(t)
			if t.FirstChild() != nil {
				c.children(t)
			}
			continue
		}
		c.visit(ch)
	}
}

// textNode adds a text node's text to the page's text and the open
// headings and images. It reads the segment in place and stores c.text once
// (each store of the slice in the heap takes a write-barrier check): 2% of
// collect, on its most common node.
func (c *collector) textNode(n *ast.Text) {
	var v []byte
	if seg := &n.Segment; seg.Padding == 0 && !seg.ForceNewline {
		v = c.src[seg.Start:seg.Stop] // Segment.Value without the call
	} else {
		v = seg.Value(c.src)
	}
	text := append(c.text, v...)
	soft := n.SoftLineBreak()
	if soft || n.HardLineBreak() {
		text = append(text, ' ')
	}
	c.text = text
	if len(c.sinks) > 0 {
		c.inlineText(v, soft)
	}
}

// inlineText adds a text node's text to the open headings and images.
func (c *collector) inlineText(v []byte, soft bool) {
	c.inline(v)
	if soft {
		c.inline(space)
	}
}

// endWith is plainText's endWith: it ends the text with ch unless the text is
// empty or already ends with ch or a newline. (plainText only ended a block's
// line once there was text, which comes to the same.)
func (c *collector) endWith(ch byte) {
	if n := len(c.text); n > 0 && c.text[n-1] != ch && c.text[n-1] != '\n' {
		c.text = append(c.text, ch)
	}
}

// open starts collecting the inline text of a heading or image.
func (c *collector) open() {
	var b []byte
	if n := len(c.spare); n > 0 {
		b, c.spare = c.spare[n-1][:0], c.spare[:n-1]
	}
	c.sinks = append(c.sinks, b)
}

// close ends the innermost open collection and returns its text as
// inlineText does.
func (c *collector) close() string {
	n := len(c.sinks) - 1
	b := c.sinks[n]
	c.sinks = c.sinks[:n]
	s := strings.TrimSpace(string(b))
	if cap(b) <= 1<<16 {
		c.spare = append(c.spare, b)
	}
	return s
}

// inline adds v to the text of every open heading and image.
func (c *collector) inline(v []byte) {
	for i := range c.sinks {
		c.sinks[i] = append(c.sinks[i], v...)
	}
}
