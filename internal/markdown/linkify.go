package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM (linkify, tables, strikethrough, task
// lists, in that order) with goldmark's linkify parser behind quickLinkify.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// The priority extension.Linkify gives it.
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// quickLinkify runs goldmark's linkify parser only where an autolink can
// start. Goldmark calls it at every space of every line (and at "*", "_", "~"
// and "("), and it looks for an e-mail address in every word: an eighth of
// parsing time. Where it finds an autolink, the line from there on (after the
// space or other character it was called at) starts with "http:", "https:",
// "ftp:" or "www.", or with at most 64 address characters and an "@". So one
// of ":", "@" or "www." is among the first 66 bytes of the line from there,
// and where none is, the parser returns nil without having changed anything;
// quickLinkify returns that nil itself. It remembers where on the line the
// next of those is (in the parser.Context, per document), so it reads each
// line about once.
type quickLinkify struct {
	parser.InlineParser
}

// linkifyReach is how far into the rest of a line an autolink's ":", "@" or
// "www." can be: one byte for the character the parser is called at, then
// "https:" or 64 address characters.
const linkifyReach = 1 + 64

var linkifyLineKey = parser.NewContextKey()

// linkifyLine is what quickLinkify knows about the line it looked at last:
// the line that ends at source offset stop, from offset from on, has its
// first ":", "@" or "www." at source offset next, or none when next is -1.
type linkifyLine struct {
	from, stop, next int
}

var www = []byte("www.")

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if line == nil || len(line) < seg.Padding {
		return q.InlineParser.Parse(parent, block, pc)
	}
	l, _ := pc.Get(linkifyLineKey).(*linkifyLine)
	if l == nil {
		l = &linkifyLine{stop: -1}
		pc.Set(linkifyLineKey, l)
	}
	// line is seg.Padding spaces, then the source from seg.Start to seg.Stop.
	if seg.Stop != l.stop || seg.Start < l.from || (l.next >= 0 && l.next < seg.Start) {
		l.from, l.stop, l.next = seg.Start, seg.Stop, -1
		if i := nextLinkifyMark(line[seg.Padding:]); i >= 0 {
			l.next = seg.Start + i
		}
	}
	if l.next < 0 || seg.Padding+l.next-seg.Start > linkifyReach {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// nextLinkifyMark returns the index of the first ":", "@" or "www." in b, or -1.
func nextLinkifyMark(b []byte) int {
	i := bytes.IndexByte(b, ':')
	if j := bytes.IndexByte(b, '@'); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	end := len(b)
	if i >= 0 {
		end = i
	}
	if j := bytes.Index(b[:min(end+len(www)-1, len(b))], www); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i
}
