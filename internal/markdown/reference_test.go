package markdown

// The passes Parse made before they were merged into one walk (and Render
// before it escaped without allocating), kept unchanged as the reference that
// same_test.go compares the new code with. Renamed with a ref prefix; refDoc
// stands in for the fields Doc had while parsing.

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/textnorm"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// refDropUnsafe removes raw HTML (blocks and inline tags) from the AST and
// unwraps links and images whose target uses a dangerous scheme, keeping their
// text. Each removal is a warning at its position, so nothing is lost silently.
func refDropUnsafe(doc *refDoc) {
	var remove, unwrap []ast.Node
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			doc.Diags.Warnf(doc.lines.nodePos(n), "raw HTML is not rendered; write it in Markdown instead")
			remove = append(remove, n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			off := -1
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			pos := doc.lines.nodePos(n)
			if off >= 0 {
				pos = doc.lines.pos(off)
			}
			doc.Diags.Warnf(pos, "raw HTML %q is not rendered; write it in Markdown instead", refSnippet(n.Segments.Value(doc.source)))
			remove = append(remove, n)
		case *ast.Link:
			if scheme, bad := refDangerous(string(n.Destination)); bad {
				doc.Diags.Warnf(doc.lines.linkPos(n), "link to a %s: address removed (only the text is kept)", scheme)
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if scheme, bad := refDangerous(string(n.Destination)); bad {
				doc.Diags.Warnf(doc.lines.linkPos(n), "image from a %s: address removed", scheme)
				remove = append(remove, n)
				return ast.WalkSkipChildren, nil
			}
		case *ast.AutoLink:
			if scheme, bad := refDangerous(string(n.URL(doc.source))); bad {
				doc.Diags.Warnf(doc.lines.nodePos(n), "link to a %s: address removed", scheme)
				remove = append(remove, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// refDangerous reports whether a link target runs code or embeds content instead
// of pointing somewhere: javascript:, vbscript:, data: and file: targets.
// Browsers ignore case, whitespace and control characters in the scheme, so
// this does too.
func refDangerous(dest string) (scheme string, bad bool) {
	var b strings.Builder
	for _, r := range dest {
		if r == ':' {
			break
		}
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
		if b.Len() > 12 {
			return "", false
		}
	}
	s := strings.ToLower(b.String())
	switch s {
	case "javascript", "vbscript", "data", "file":
		if strings.Contains(dest, ":") {
			return s, true
		}
	}
	return "", false
}

func refSnippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

// refHeadingIDs gives every heading an id by the slug rule: the slug of its plain
// text, "kop" when that is empty, with "-1", "-2" for repeats. Footnote ids
// ("fn:1") cannot collide because they contain a colon.
type refHeadingIDs struct{}

func (refHeadingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	used := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		base := textnorm.Slug(refInlineText(h, src))
		if base == "" {
			base = "kop"
		}
		id := base
		for i := 1; used[id]; i++ {
			id = base + "-" + strconv.Itoa(i)
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}

func refCollectHeadings(doc *refDoc) {
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		doc.Headings = append(doc.Headings, Heading{
			Level: h.Level,
			Text:  refInlineText(h, doc.source),
			ID:    string(idb),
			Pos:   doc.lines.nodePos(h),
		})
		return ast.WalkSkipChildren, nil
	})
}

// refPlainText returns the readable text of a document: every text node, with
// blocks separated by newlines and soft breaks as spaces. Raw HTML is already
// gone; code is kept (teachers search for commands and names too).
func refPlainText(root ast.Node, src []byte) string {
	var b strings.Builder
	b.Grow(len(src))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock && entering && b.Len() > 0 {
			refEndWith(&b, '\n')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *extast.TableCell:
			refEndWith(&b, ' ')
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func refEndWith(b *strings.Builder, c byte) {
	s := b.String()
	if len(s) > 0 && s[len(s)-1] != c && s[len(s)-1] != '\n' {
		b.WriteByte(c)
	}
}

// refInlineText returns the plain text of an inline container (a heading, a link,
// an image's alt text).
func refInlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// refLineIndex turns byte offsets in a body into file positions.
type refLineIndex struct {
	file   string
	src    []byte
	line0  int   // lines of the file before the body
	starts []int // byte refOffset where each body line starts
}

func refNewLineIndex(file string, src []byte, line0 int) refLineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return refLineIndex{file: file, src: src, line0: line0, starts: starts}
}

// pos returns the file position of byte refOffset off; columns count runes.
func (li refLineIndex) pos(off int) diag.Pos {
	off = min(max(off, 0), len(li.src))
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	col := utf8.RuneCount(li.src[li.starts[i]:off]) + 1
	return diag.Pos{File: li.file, Line: li.line0 + i + 1, Col: col}
}

// refOffset returns the source refOffset where n starts, or -1 if unknown.
func refOffset(n ast.Node) int {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start
	case *ast.String:
		return -1
	}
	if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			return lines.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := refOffset(c); off >= 0 {
			return off
		}
	}
	return -1
}

// nodePos returns the best known position of n: its own start, else that of
// its nearest block ancestor.
func (li refLineIndex) nodePos(n ast.Node) diag.Pos {
	for p := n; p != nil; p = p.Parent() {
		if off := refOffset(p); off >= 0 {
			return li.pos(off)
		}
	}
	return diag.Pos{File: li.file, Line: li.line0 + 1, Col: 1}
}

// linkPos returns the position of the "[" (or "![") that opens a link or image.
// goldmark does not record it, so it is found from the first text inside,
// scanning back over the bracket.
func (li refLineIndex) linkPos(n ast.Node) diag.Pos {
	off := -1
	if c := n.FirstChild(); c != nil {
		off = refOffset(c)
	}
	if off < 0 {
		return li.emptyLinkPos(n)
	}
	for i := off - 1; i >= 0 && off-i <= 3; i-- {
		if li.src[i] == '[' {
			if _, ok := n.(*ast.Image); ok && i > 0 && li.src[i-1] == '!' {
				i--
			}
			return li.pos(i)
		}
	}
	return li.pos(off)
}

// emptyLinkPos finds a link or image without text ("![](foto.png)") by
// searching its block's source for "](" followed by the destination.
func (li refLineIndex) emptyLinkPos(n ast.Node) diag.Pos {
	var dest []byte
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest = n.Destination
	}
	block := n.Parent()
	for block != nil && block.Type() != ast.TypeBlock {
		block = block.Parent()
	}
	if block != nil && block.Lines().Len() > 0 {
		lines := block.Lines()
		start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		needle := append([]byte("]("), dest...)
		if i := bytes.Index(li.src[start:end], needle); i >= 0 {
			open := start + i - 1
			if open >= 0 && li.src[open] == '[' {
				if _, ok := n.(*ast.Image); ok && open > 0 && li.src[open-1] == '!' {
					open--
				}
				return li.pos(open)
			}
		}
	}
	return li.nodePos(n)
}

// refCheckComplexity reports Markdown that would take too long to parse, before
// parsing it.
func refCheckComplexity(li refLineIndex, body []byte) diag.List {
	var problems diag.List
	unclosed, firstUnclosed := 0, -1
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := body[off:end]
		if depth := refQuoteDepth(line); depth > maxQuoteDepth {
			problems.Errorf(li.pos(off), "quotes nested %d deep (at most %d); this is too complex to render", depth, maxQuoteDepth)
			return problems
		}
		if cols := refIndent(line); cols > maxNestingColumns {
			problems.Errorf(li.pos(off), "line indented %d columns (at most %d); this nesting is too deep to render", cols, maxNestingColumns)
			return problems
		}
		for i := 0; ; {
			j := bytes.Index(line[i:], []byte("]("))
			if j < 0 {
				break
			}
			i += j + 2
			if bytes.IndexByte(line[i:], ')') < 0 {
				if firstUnclosed < 0 {
					firstUnclosed = off + i - 2
				}
				unclosed++
			}
		}
		off = end + 1
	}
	if unclosed > maxUnclosedLinks {
		problems.Errorf(li.pos(firstUnclosed), "%d links are opened with \"](\" but never closed with \")\" (at most %d); this is too complex to render", unclosed, maxUnclosedLinks)
	}
	return problems
}

func refQuoteDepth(line []byte) int {
	depth := 0
	for _, c := range line {
		switch c {
		case '>':
			depth++
		case ' ', '\t':
		default:
			return depth
		}
	}
	return depth
}

func refIndent(line []byte) int {
	cols := 0
	for _, c := range line {
		switch c {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols
		}
	}
	return 0 // a blank line
}

func refCollectLinks(doc *refDoc) {
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: doc.lines.linkPos(n), node: n})
		case *ast.Image:
			l := &Link{Dest: string(n.Destination), Pos: doc.lines.linkPos(n), Image: true, Alt: refInlineText(n, doc.source), node: n}
			if l.Alt == "" {
				doc.Diags.Errorf(l.Pos, "image %q has no alt text; describe the image between the brackets: ![what the image shows](%s)", l.Dest, l.Dest)
			}
			doc.Links = append(doc.Links, l)
		}
		return ast.WalkContinue, nil
	})
}

// refDoc is a Doc with the fields it had while parsing.
type refDoc struct {
	*Doc
	source []byte
	root   ast.Node
	lines  refLineIndex
}

// refMarkdown is New's configuration with refHeadingIDs.
func refMarkdown() *Markdown {
	return &Markdown{gm: goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(refHeadingIDs{}, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(scrollRenderer{}, 100),
			util.Prioritized(refDestRenderer{}, 100),
		)),
	)}
}

// refParse is Parse as it was.
func refParse(m *Markdown, file string, body []byte, line0 int) *Doc {
	doc := &refDoc{Doc: &Doc{}, source: body, lines: refNewLineIndex(file, body, line0)}
	if doc.Diags = refCheckComplexity(doc.lines, body); len(doc.Diags) > 0 {
		body = nil
		doc.source = body
	}
	ctx := parser.NewContext()
	doc.root = m.gm.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	refDropUnsafe(doc)
	refCollectLinks(doc)
	refCollectHeadings(doc)
	doc.Text = refPlainText(doc.root, body)
	refPrerender(m, doc)
	for _, l := range doc.Links {
		l.node = nil
	}
	return doc.Doc
}

func refPrerender(m *Markdown, doc *refDoc) {
	w := refWriters.Get().(*refSpliceWriter)
	defer func() {
		clear(w.links)
		w.Reset()
		w.splices = nil
		refWriters.Put(w)
	}()
	for i, l := range doc.Links {
		w.links[l.node] = i
	}
	doc.err = m.gm.Renderer().Render(w, doc.source, doc.root)
	doc.html, doc.splices = bytes.Clone(w.Bytes()), w.splices
}

var refWriters = sync.Pool{New: func() any { return &refSpliceWriter{links: map[ast.Node]int{}} }}

// refRender is Render as it was.
func refRender(doc *Doc, dests Resolved) ([]byte, error) {
	if doc.err != nil {
		return nil, doc.err
	}
	out := make([]byte, 0, len(doc.html)+48*len(doc.splices))
	prev := 0
	for _, s := range doc.splices {
		out = append(out, doc.html[prev:s.at]...)
		prev = s.at
		l := doc.Links[s.link]
		dest := l.Dest
		if d, ok := dests[l]; ok {
			dest = d
		}
		if b := []byte(dest); !html.IsDangerousURL(b) {
			out = append(out, util.EscapeHTML(util.URLEscape(b, true))...)
		}
	}
	return append(out, doc.html[prev:]...), nil
}

// The old destRenderer and spliceWriter, which found a link's index in a map.

// refDestRenderer renders links and images with goldmark's own HTML renderer,
// but with an empty destination, and tells the refSpliceWriter where the
// destination belongs: right after `<a href="` or `<img src="`, where
// goldmark's renderer writes it. Render later puts the resolved URL there.
type refDestRenderer struct{}

func (refDestRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	inner := funcsOf(html.NewRenderer())
	wrap := func(kind ast.NodeKind, open string, dest func(ast.Node) *[]byte) {
		render := inner[kind]
		reg.Register(kind, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
			sw, ok := w.(*refSpliceWriter)
			if !entering || !ok {
				return render(w, src, n, entering)
			}
			i, ok := sw.links[n]
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

// refSpliceWriter is the writer Parse renders into: a bytes.Buffer that is its
// own util.BufWriter (so goldmark does not wrap it in a bufio.Writer and its
// length is the exact offset of what is written next), with the links of the
// document being rendered and the splices found so far.
type refSpliceWriter struct {
	bytes.Buffer
	links   map[ast.Node]int // link or image node -> index in Doc.Links
	splices []splice
}

func (w *refSpliceWriter) Available() int { return w.Cap() - w.Len() }
func (w *refSpliceWriter) Buffered() int  { return 0 }
func (w *refSpliceWriter) Flush() error   { return nil }
