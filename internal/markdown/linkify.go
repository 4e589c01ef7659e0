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

// quickLinkify runs goldmark's linkify parser only on lines that can hold an
// autolink. Goldmark calls it at every space of every line (and at "*", "_",
// "~" and "("), and it looks for an e-mail address in every word: an eighth
// of parsing time. An autolink it finds starts with "http:", "https:",
// "ftp:" or "www.", or is an address with an "@", so a line with no ":", "@"
// or "www." has none, and the parser returns nil there without having
// changed anything; quickLinkify returns that nil itself. It looks at each
// line once (its state is in the parser.Context, per document).
type quickLinkify struct {
	parser.InlineParser
}

var linkifyLineKey = parser.NewContextKey()

// linkifyLine is what quickLinkify knows about the line it looked at last:
// source bytes start to stop, and whether they may hold an autolink.
type linkifyLine struct {
	start, stop int
	maybe       bool
}

var www = []byte("www.")

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if line == nil {
		return q.InlineParser.Parse(parent, block, pc)
	}
	l, _ := pc.Get(linkifyLineKey).(*linkifyLine)
	if l == nil {
		l = &linkifyLine{stop: -1}
		pc.Set(linkifyLineKey, l)
	}
	// The rest of a line looked at before holds no autolink when the whole
	// of it held none.
	if seg.Stop != l.stop || seg.Start < l.start {
		l.start, l.stop = seg.Start, seg.Stop
		l.maybe = bytes.IndexByte(line, ':') >= 0 || bytes.IndexByte(line, '@') >= 0 || bytes.Contains(line, www)
	}
	if !l.maybe {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}
