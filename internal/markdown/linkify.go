package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM (linkify, tables, strikethrough, task
// lists, in that order) with goldmark's linkify parser behind quickLinkify,
// or without linkify.
type gfm struct{ linkify bool }

func (g gfm) Extend(m goldmark.Markdown) {
	if g.linkify {
		m.Parser().AddOptions(parser.WithInlineParsers(
			// The priority extension.Linkify gives it.
			util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
		))
	}
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

// parseTree parses body into goldmark's tree, and says whether it parsed with
// linkify. Linkify (GFM's autolinking of bare URLs and e-mail addresses) is
// called at every space and tab of every line, and goldmark cuts the text
// there for it: 29% of the instructions goldmark parses a typical page in,
// which has no bare address. So body is parsed without linkify first, and kept
// where linkify would have changed nothing:
//   - Linkify can only make a link where the text of the tree has "http:",
//     "https:", "ftp:" or "www.", or reaches an "@" (see quickLinkify); not
//     in a link's destination or a code block. Until it makes one, the two
//     parsers build the same tree, but for where text nodes are cut, which
//     renders the same.
//   - But for one quirk of the cuts, which cutKeepsSpace finds.
//
// Otherwise body is parsed again with linkify. TestSameAsReference holds the
// result to goldmark with extension.GFM.
func (m *Markdown) parseTree(body []byte) (root ast.Node, linkified bool) {
	if !cutKeepsSpace(body) {
		marks := autolinkMarks(body)
		root = m.unlinked.Parse(text.NewReader(body), parser.WithContext(parser.NewContext()))
		if len(marks) == 0 || !marksInText(root, marks) {
			return root, false
		}
	}
	return m.gm.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext())), true
}

// cutKeepsSpace says whether a line of body ends in white space that
// goldmark trims differently with linkify. It trims the white space at the
// end of a line's last text node (before a soft or invisible hard break);
// with linkify that node starts at the line's last space or tab, so of
// " \t\n" it keeps the space, where without it trims both.
func cutKeepsSpace(body []byte) bool {
	for end := 0; end < len(body); end++ {
		next := bytes.IndexByte(body[end:], '\n')
		if next < 0 {
			next = len(body) - end
		}
		end += next
		start := end
		for start > 0 && body[start-1] != '\n' && util.IsSpace(body[start-1]) { // what goldmark trims
			start--
		}
		run := body[start:end]
		if end < len(body) { // as goldmark: "  \n" and "  \r\n" are hard breaks, outside the text
			if bytes.HasSuffix(run, []byte("  ")) {
				run = run[:len(run)-2]
			} else if bytes.HasSuffix(run, []byte("  \r")) {
				run = run[:len(run)-3]
			}
		}
		// Linkify's cut is at the last space or tab of run; what comes
		// before it stays.
		if len(run) > 1 && bytes.IndexAny(run[1:], " \t\v\f") >= 0 {
			return true
		}
	}
	return false
}

// autolinkMarks returns the offsets in body of every "http:", "https:",
// "ftp:", "www." and "@", sorted: where an autolink of linkify can have its
// mark. It looks for the rarer last byte of each (":", "." and "@"; an "h" is
// in every other Dutch word), and then at what comes before it.
func autolinkMarks(body []byte) []int {
	var marks []int
	for _, end := range [...]struct {
		c      byte
		before []string // "" for "@" itself
	}{{':', []string{"http", "https", "ftp"}}, {'.', []string{"www"}}, {'@', []string{""}}} {
		for i := 0; ; i++ {
			j := bytes.IndexByte(body[i:], end.c)
			if j < 0 {
				break
			}
			i += j
			for _, b := range end.before {
				if bytes.HasSuffix(body[:i], []byte(b)) {
					marks = append(marks, i-len(b))
					break
				}
			}
		}
	}
	slices.Sort(marks)
	return marks
}

// marksInText says whether a text node of the tree at n holds the first
// byte of one of marks, offsets in the source sorted.
func marksInText(n ast.Node, marks []int) bool {
	if t, ok := n.(*ast.Text); ok {
		i, _ := slices.BinarySearch(marks, t.Segment.Start)
		return i < len(marks) && marks[i] < t.Segment.Stop
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if marksInText(c, marks) {
			return true
		}
	}
	return false
}
