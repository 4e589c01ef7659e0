package markdown

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// htmlOut renders a parsed body to HTML for prerender: the bytes goldmark's
// renderer, as configured in newGoldmark, writes for the same tree (the
// tests hold the two together, TestHTMLOutSameAsGoldmark and FuzzHTMLOut),
// in a direct walk over the node types that make up nearly every page.
// Goldmark's renderer finds each node's function by its kind, writes through
// an interface, and passes text to its Writer a byte at a time; this walk
// appends text with no byte to escape as it is, and hands the rest of the
// text to goldmark's Writer. Prerendering 200 pages (BenchmarkPasses) took
// 93.9M instructions with goldmark's renderer and takes 29.8M.
//
// A node of any other type (footnotes, raw HTML, nodes with attributes) is
// rendered with its subtree by goldmark's renderer, into the same writer,
// so what is rare stays goldmark's to get right.
type htmlOut struct {
	w      *spliceWriter
	src    []byte
	slow   renderer.Renderer // goldmark's, for the rest
	failed error
}

func (r *htmlOut) node(n ast.Node) {
	if r.failed != nil {
		return
	}
	if n.Attributes() != nil {
		r.goldmark(n)
		return
	}
	w := r.w
	switch n := n.(type) {
	case *ast.Text:
		r.text(n)
	case *ast.Paragraph:
		w.WriteString("<p>")
		r.children(n)
		w.WriteString("</p>\n")
	case *ast.TextBlock:
		r.children(n)
		if n.NextSibling() != nil && n.FirstChild() != nil {
			w.WriteByte('\n')
		}
	case *ast.Emphasis:
		tag := "em"
		if n.Level == 2 {
			tag = "strong"
		}
		w.WriteByte('<')
		w.WriteString(tag)
		w.WriteByte('>')
		r.children(n)
		w.WriteString("</")
		w.WriteString(tag)
		w.WriteByte('>')
	case *ast.Link:
		r.link(n)
	case *ast.Image:
		r.image(n)
	case *ast.CodeSpan:
		w.WriteString("<code>")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if !ok {
				r.failed = fmt.Errorf("markdown: a code span holds a %v", c.Kind())
				return
			}
			value := t.Segment.Value(r.src)
			if bytes.HasSuffix(value, []byte("\n")) {
				r.raw(value[:len(value)-1])
				r.raw([]byte(" "))
			} else {
				r.raw(value)
			}
		}
		w.WriteString("</code>")
	case *ast.String:
		r.string(n)
	case *ast.AutoLink:
		r.autoLink(n)
	case *ast.Heading:
		id, ok := w.headingID(n)
		if !ok {
			r.failed = fmt.Errorf("markdown: a level %d heading was not collected", n.Level)
			return
		}
		// As headingRenderer
		w.WriteString("<h")
		w.WriteByte("0123456"[n.Level])
		w.WriteString(` id="`)
		w.Write(util.EscapeHTML(util.StringToReadOnlyBytes(id)))
		w.WriteString(`">`)
		r.children(n)
		w.WriteString("</h")
		w.WriteByte("0123456"[n.Level])
		w.WriteString(">\n")
	case *ast.List:
		tag := "ul"
		if n.IsOrdered() {
			tag = "ol"
		}
		w.WriteByte('<')
		w.WriteString(tag)
		if n.IsOrdered() && n.Start != 1 {
			w.WriteString(` start="`)
			w.WriteString(strconv.Itoa(n.Start))
			w.WriteByte('"')
		}
		w.WriteString(">\n")
		r.children(n)
		w.WriteString("</")
		w.WriteString(tag)
		w.WriteString(">\n")
	case *ast.ListItem:
		w.WriteString("<li>")
		if fc := n.FirstChild(); fc != nil {
			if _, ok := fc.(*ast.TextBlock); !ok {
				w.WriteByte('\n')
			}
		}
		r.children(n)
		w.WriteString("</li>\n")
	case *ast.Blockquote:
		w.WriteString("<blockquote>\n")
		r.children(n)
		w.WriteString("</blockquote>\n")
	case *ast.ThematicBreak:
		w.WriteString("<hr>\n")
	case *ast.CodeBlock:
		w.WriteString("<pre><code>")
		r.lines(n)
		w.WriteString("</code></pre>\n")
	case *ast.FencedCodeBlock:
		w.WriteString("<pre><code")
		if language := n.Language(r.src); language != nil {
			w.WriteString(` class="language-`)
			r.write(language)
			w.WriteByte('"')
		}
		w.WriteByte('>')
		r.lines(n)
		w.WriteString("</code></pre>\n")
	case *ast.Document:
		r.children(n)
	case *ast.LinkReferenceDefinition:
	case *extast.Table:
		// As scrollRenderer around goldmark's table renderer
		w.WriteString(`<div class="tabel" role="region" aria-label="Tabel" tabindex="0">`)
		w.WriteString("<table>\n")
		r.children(n)
		w.WriteString("</table>\n")
		w.WriteString("</div>\n")
	case *extast.TableHeader:
		w.WriteString("<thead>\n<tr>\n")
		r.children(n)
		w.WriteString("</tr>\n</thead>\n")
		if n.NextSibling() != nil {
			w.WriteString("<tbody>\n")
		}
	case *extast.TableRow:
		w.WriteString("<tr>\n")
		r.children(n)
		w.WriteString("</tr>\n")
		if n.Parent().LastChild() == n {
			w.WriteString("</tbody>\n")
		}
	case *extast.TableCell:
		tag := "td"
		if n.Parent().Kind() == extast.KindTableHeader {
			tag = "th"
		}
		w.WriteByte('<')
		w.WriteString(tag)
		if n.Alignment != extast.AlignNone {
			// goldmark sets the alignment as the style attribute
			w.WriteString(` style="text-align:`)
			w.WriteString(n.Alignment.String())
			w.WriteByte('"')
		}
		w.WriteByte('>')
		r.children(n)
		w.WriteString("</")
		w.WriteString(tag)
		w.WriteString(">\n")
	case *extast.Strikethrough:
		w.WriteString("<del>")
		r.children(n)
		w.WriteString("</del>")
	case *extast.DefinitionList:
		w.WriteString("<dl>\n")
		r.children(n)
		w.WriteString("</dl>\n")
	case *extast.DefinitionTerm:
		w.WriteString("<dt>")
		r.children(n)
		w.WriteString("</dt>\n")
	case *extast.DefinitionDescription:
		w.WriteString("<dd>")
		if !n.IsTight {
			w.WriteByte('\n')
		}
		r.children(n)
		w.WriteString("</dd>\n")
	case *extast.TaskCheckBox:
		if n.IsChecked {
			w.WriteString(`<input checked="" disabled="" type="checkbox"> `)
		} else {
			w.WriteString(`<input disabled="" type="checkbox"> `)
		}
		r.children(n)
	default:
		r.goldmark(n)
	}
}

func (r *htmlOut) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.node(c)
	}
}

// goldmark renders n and its subtree with goldmark's renderer.
func (r *htmlOut) goldmark(n ast.Node) {
	if err := r.slow.Render(r.w, r.src, n); err != nil {
		r.failed = err
	}
}

// text is html.Renderer's renderText, with the options newGoldmark sets
// (no hard wraps, no East Asian line breaks).
func (r *htmlOut) text(n *ast.Text) {
	value := n.Segment.Value(r.src)
	if n.IsRaw() {
		r.raw(value)
		return
	}
	r.write(value)
	switch {
	case n.HardLineBreak():
		r.w.WriteString("<br>\n")
	case n.SoftLineBreak():
		r.w.WriteByte('\n')
	}
}

// string is html.Renderer's renderString.
func (r *htmlOut) string(n *ast.String) {
	switch {
	case n.IsCode():
		r.w.Write(n.Value)
	case n.IsRaw():
		r.raw(n.Value)
	default:
		r.write(n.Value)
	}
}

// write is html.DefaultWriter's Write: text with character references
// resolved and backslash escapes taken out, HTML-escaped. Text without any
// of the bytes that needs is appended as it is.
func (r *htmlOut) write(b []byte) {
	if plainText(b, &writeSpecial) {
		r.w.Write(b)
		return
	}
	html.DefaultWriter.Write(r.w, b)
}

// raw is html.DefaultWriter's RawWrite: text HTML-escaped as it is.
func (r *htmlOut) raw(b []byte) {
	if plainText(b, &rawSpecial) {
		r.w.Write(b)
		return
	}
	html.DefaultWriter.RawWrite(r.w, b)
}

// The bytes goldmark's Writer does something with: those it escapes
// (util.EscapeHTMLByte), and for Write also the "&" of a character
// reference and the backslash of an escape.
var rawSpecial, writeSpecial = func() (raw, write [256]bool) {
	for c := range 256 {
		raw[c] = util.EscapeHTMLByte(byte(c)) != nil
		write[c] = raw[c] || c == '\\' || c == '&'
	}
	return raw, write
}()

func plainText(b []byte, special *[256]bool) bool {
	for _, c := range b {
		if special[c] {
			return false
		}
	}
	return true
}

func (r *htmlOut) lines(n ast.Node) {
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		r.raw(line.Value(r.src))
	}
}

// link is destRenderer around html.Renderer's renderLink.
func (r *htmlOut) link(n *ast.Link) {
	w := r.w
	w.WriteString(`<a href="`)
	r.dest(n, n.Destination)
	w.WriteByte('"')
	r.title(n.Title)
	w.WriteByte('>')
	r.children(n)
	w.WriteString("</a>")
}

// image is destRenderer around html.Renderer's renderImage.
func (r *htmlOut) image(n *ast.Image) {
	w := r.w
	w.WriteString(`<img src="`)
	r.dest(n, n.Destination)
	w.WriteString(`" alt="`)
	r.altText(n)
	w.WriteByte('"')
	r.title(n.Title)
	w.WriteByte('>')
}

// title writes a link's or image's title attribute, if it has a title.
func (r *htmlOut) title(t []byte) {
	if t != nil {
		r.w.WriteString(` title="`)
		r.write(t)
		r.w.WriteByte('"')
	}
}

// dest writes where a link's destination goes: nothing and a splice for a
// collected link (Render fills it in), else the destination as goldmark
// writes it.
func (r *htmlOut) dest(n ast.Node, dest []byte) {
	if i, ok := r.w.index(n); ok {
		r.w.splices = append(r.w.splices, splice{at: r.w.Len(), link: i})
		return
	}
	d := util.URLEscape(dest, true)
	if !html.IsDangerousURL(d) {
		r.w.Write(util.EscapeHTML(d))
	}
}

// altText is html.Renderer's renderTexts: the text of n's descendants.
func (r *htmlOut) altText(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.String:
			r.string(c)
		case *ast.Text:
			r.text(c)
		default:
			r.altText(c)
		}
	}
}

// autoLink is html.Renderer's renderAutoLink.
func (r *htmlOut) autoLink(n *ast.AutoLink) {
	w := r.w
	w.WriteString(`<a href="`)
	url := util.URLEscape(n.URL(r.src), false)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		w.WriteString("mailto:")
	}
	if !html.IsDangerousURL(url) {
		w.Write(util.EscapeHTML(url))
	}
	w.WriteString(`">`)
	w.Write(util.EscapeHTML(n.Label(r.src)))
	w.WriteString(`</a>`)
}
