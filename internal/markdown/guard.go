package markdown

import (
	"bytes"

	"github.com/samenopleiden/handboek/internal/diag"
)

// Limits on Markdown that makes goldmark's parser slow: a few shapes take time
// that grows with the square of their size (measured: 100,000 unclosed "[a]("
// took two minutes, 100,000 nested ">" nine seconds). Real pages stay far
// below these limits.
const (
	maxQuoteDepth     = 32   // ">" markers at the start of one line
	maxUnclosedLinks  = 1000 // "](" with no ")" later on the same line
	maxNestingColumns = 256  // indentation of one line, in columns
)

// checkComplexity reports Markdown that would take too long to parse, before
// parsing it. It reads each line's start for quotes and indentation, and
// then the whole body at once for "](" (which never spans lines), rather
// than each line for it: a search per line was most of its cost.
func checkComplexity(li *lineIndex, body []byte) diag.List {
	var problems diag.List
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		// Only a line that starts with a space, a tab or ">" is nested.
		if c := body[off]; off < end && (c == ' ' || c == '\t' || c == '>') {
			line := body[off:end]
			if depth := quoteDepth(line); depth > maxQuoteDepth {
				problems.Errorf(li.pos(off), "quotes nested %d deep (at most %d); this is too complex to render", depth, maxQuoteDepth)
				return problems
			}
			if cols := indent(line); cols > maxNestingColumns {
				problems.Errorf(li.pos(off), "line indented %d columns (at most %d); this nesting is too deep to render", cols, maxNestingColumns)
				return problems
			}
		}
		off = end + 1
	}
	// Too many unclosed links takes more than maxUnclosedLinks "](", so a
	// body with no more "]" than that (every real page) is not searched for
	// them: counting one byte costs a fraction of the search (a third of
	// this function's time).
	if bytes.Count(body, closeBracket) <= maxUnclosedLinks {
		return problems
	}
	unclosed, firstUnclosed := 0, -1
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte("]("))
		if j < 0 {
			break
		}
		i += j + 2
		eol := bytes.IndexByte(body[i:], '\n')
		if eol < 0 {
			eol = len(body) - i
		}
		if bytes.IndexByte(body[i:i+eol], ')') < 0 {
			if firstUnclosed < 0 {
				firstUnclosed = i - 2
			}
			unclosed++
		}
	}
	if unclosed > maxUnclosedLinks {
		problems.Errorf(li.pos(firstUnclosed), "%d links are opened with \"](\" but never closed with \")\" (at most %d); this is too complex to render", unclosed, maxUnclosedLinks)
	}
	return problems
}

var closeBracket = []byte{']'}

func quoteDepth(line []byte) int {
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

func indent(line []byte) int {
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
