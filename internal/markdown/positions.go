package markdown

import (
	"bytes"
	"encoding/binary"
	"sort"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// lineIndex turns byte offsets in a body into file positions.
//
// It counts lines on demand from the last offset asked for, since positions
// are mostly asked for in source order; a body is read again from its start
// when an earlier offset is asked for. Only when that has cost more than a
// few readings of the whole body does it build the table of line starts, so
// the cost stays linear in the body whatever order the offsets come in. (A
// table for every page was 26 MB of allocations in a 10,000-page build.)
type lineIndex struct {
	file  string
	src   []byte
	line0 int // lines of the file before the body

	at, line, start int   // the last offset asked for, its body line (from 0) and that line's start
	col             int   // runes from start to at
	scanned         int   // bytes counted so far; past the budget, starts is built
	starts          []int // byte offset where each body line starts, once built
}

func newLineIndex(file string, src []byte, line0 int) lineIndex {
	return lineIndex{file: file, src: src, line0: line0}
}

// pos returns the file position of byte offset off; columns count runes.
func (li *lineIndex) pos(off int) diag.Pos {
	off = min(max(off, 0), len(li.src))
	at, atLine, atCol := li.at, li.line, li.col
	line, start := li.lineOf(off)
	var col int
	// Further on the line of the last offset, the runes are counted on from
	// there (so many links on one long line cost linear time), unless that
	// offset is inside a rune, where counting in two parts would differ.
	if li.starts == nil && line == atLine && off >= at && (at == len(li.src) || utf8.RuneStart(li.src[at])) {
		col = atCol + runeCount(li.src[at:off])
	} else {
		col = runeCount(li.src[start:off])
	}
	li.col = col
	return diag.Pos{File: li.file, Line: li.line0 + line + 1, Col: col + 1}
}

// lineOf returns the body line (from 0) that offset off is on, and where that
// line starts.
func (li *lineIndex) lineOf(off int) (line, start int) {
	if li.starts != nil {
		i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
		return i, li.starts[i]
	}
	if off < li.at {
		if li.scanned+off > 4*len(li.src)+4096 {
			li.starts = []int{0}
			for i, c := range li.src {
				if c == '\n' {
					li.starts = append(li.starts, i+1)
				}
			}
			return li.lineOf(off)
		}
		li.at, li.line, li.start = 0, 0, 0
	}
	seg := li.src[li.at:off]
	li.scanned += len(seg)
	if n := bytes.Count(seg, newline); n > 0 {
		li.line += n
		li.start = li.at + lastNewline(seg) + 1
	}
	li.at = off
	return li.line, li.start
}

var newline = []byte{'\n'}

// Finding the line start and counting the runes before a position on its
// line were half of collect's time spent on positions, a byte at a time
// (bytes.LastIndexByte has no assembly version); lastNewline and runeCount
// read eight bytes at a time, and took that half to a fifth.

// lastNewline is bytes.LastIndexByte(b, '\n'), reading eight bytes at a time
// until some of them is a newline.
func lastNewline(b []byte) int {
	i := len(b)
	for ; i >= 8; i -= 8 {
		w := binary.LittleEndian.Uint64(b[i-8:i]) ^ 0x0a0a0a0a0a0a0a0a // a newline is a zero byte
		if (w-0x0101010101010101)&^w&0x8080808080808080 != 0 {
			break // w has a zero byte
		}
	}
	return bytes.LastIndexByte(b[:i], '\n')
}

// runeCount is utf8.RuneCount, taking eight bytes at a time while they are
// ASCII and decoding one rune at a time otherwise, as utf8.RuneCount does (an
// invalid byte counts as one rune).
func runeCount(b []byte) int {
	n := 0
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 == 0 {
			b, n = b[8:], n+8
			continue
		}
		_, size := utf8.DecodeRune(b)
		b, n = b[size:], n+1
	}
	return n + utf8.RuneCount(b)
}

// offset returns the source offset where n starts, or -1 if unknown.
func offset(n ast.Node) int {
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
		if off := offset(c); off >= 0 {
			return off
		}
	}
	return -1
}

// nodePos returns the best known position of n: its own start, else that of
// its nearest block ancestor.
func (li *lineIndex) nodePos(n ast.Node) diag.Pos {
	for p := n; p != nil; p = p.Parent() {
		if off := offset(p); off >= 0 {
			return li.pos(off)
		}
	}
	return diag.Pos{File: li.file, Line: li.line0 + 1, Col: 1}
}

// linkPos returns the position of the "[" (or "![") that opens a link or image.
// goldmark does not record it, so it is found from the first text inside,
// scanning back over the bracket.
func (li *lineIndex) linkPos(n ast.Node) diag.Pos {
	off := -1
	if c := n.FirstChild(); c != nil {
		off = offset(c)
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
func (li *lineIndex) emptyLinkPos(n ast.Node) diag.Pos {
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
