package markdown

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// lineIndex turns byte offsets in a body into file positions.
type lineIndex struct {
	file   string
	src    []byte
	line0  int   // lines of the file before the body
	starts []int // byte offset where each body line starts
}

func newLineIndex(file string, src []byte, line0 int) lineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{file: file, src: src, line0: line0, starts: starts}
}

// pos returns the file position of byte offset off; columns count runes.
func (li lineIndex) pos(off int) diag.Pos {
	off = min(max(off, 0), len(li.src))
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	col := utf8.RuneCount(li.src[li.starts[i]:off]) + 1
	return diag.Pos{File: li.file, Line: li.line0 + i + 1, Col: col}
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
func (li lineIndex) nodePos(n ast.Node) diag.Pos {
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
func (li lineIndex) linkPos(n ast.Node) diag.Pos {
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
func (li lineIndex) emptyLinkPos(n ast.Node) diag.Pos {
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
