package output

import "bytes"

// Body minifies a rendered Markdown body (goldmark's HTML) cheaply, for
// pages rendered from minified layouts (see Layout). Goldmark writes no
// whitespace of its own but one newline after each block tag ("</p>\n",
// "<ul>\n", "</li>\n"); Body drops those, which are all the bytes the full
// HTML minifier removed from a generated body but for a few entities
// ("&quot;" for '"'). The full minifier lexes every byte of every body,
// which took a sixth of a one-off build's rendering; Body looks at tags only.
//
// Only whitespace that HTML never shows goes: a newline right after the tag
// of a block element, outside <pre>, <textarea>, <script> and <style>.
// Minified in full, Body(b) gives what b gives (tested). Body may reuse b's
// storage for its result.
func (m *Minifier) Body(b []byte) ([]byte, error) {
	if m == nil {
		return b, nil
	}
	return compactBlocks(b), nil
}

// compactBlocks is Body's work: it moves b's bytes onto themselves, leaving
// out each newline that directly follows the tag of a block element. Bytes
// move only once a newline has gone, and then a stretch at a time: copying
// every tag and text onto itself took a sixth of Body's time.
func compactBlocks(b []byte) []byte {
	w, from := 0, 0 // b[from:] is yet to be kept, at b[w:]
	for r := 0; r < len(b); {
		if b[r] != '<' { // mostly a tag follows the one before
			lt := bytes.IndexByte(b[r:], '<')
			if lt < 0 {
				break
			}
			r += lt
		}
		end, name, closing := readTag(b, r)
		if end == notTag {
			r++
			continue
		}
		if end == noEnd {
			break // no tag ends in the rest
		}
		r = end + 1
		if !closing && isRawText(name) {
			// Keep the element's contents as they are, to its end tag.
			close := indexEndTag(b[r:], name)
			if close < 0 {
				break
			}
			r += close
			continue
		}
		if r < len(b) && b[r] == '\n' && isBlock(name) {
			if w != from {
				copy(b[w:], b[from:r])
			}
			w += r - from
			r++
			from = r
		}
	}
	if w != from {
		copy(b[w:], b[from:])
	}
	return b[:w+len(b)-from]
}

// readTag reads the tag that starts at b[i] ('<'): it returns the index of
// the '>' that ends it, skipping quoted attribute values; notTag if b[i]
// starts no tag, and noEnd if the tag never ends. name is the tag's name in
// lower case, and closing tells an end tag.
//
// It reads the name and then, only for a tag with more in it than its name,
// the rest, in one pass: most of goldmark's tags are a bare name (<p>,
// </li>), and reading each tag twice, for its end and for its name, was
// half of Body's time.
func readTag(b []byte, i int) (end int, name []byte, closing bool) {
	j := i + 1
	if j < len(b) && b[j] == '/' {
		j, closing = j+1, true
	}
	start, upper := j, false
	for ; j < len(b); j++ {
		c := b[j]
		if 'A' <= c && c <= 'Z' {
			upper = true
		} else if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			break
		}
	}
	if j == start || !isLetter(b[start]) {
		return notTag, nil, false
	}
	name = b[start:j]
	if upper {
		name = bytes.ToLower(name)
	}
	if j < len(b) && b[j] == '>' {
		return j, name, closing
	}
	var quote byte
	for ; j < len(b); j++ {
		switch c := b[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j, name, closing
		}
	}
	return noEnd, nil, false
}

const notTag, noEnd = -1, -2

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// indexEndTag returns the index in b of the first "</" followed by name
// (lower case), ignoring case, or -1. It looks only where b has a '<'.
func indexEndTag(b []byte, name []byte) int {
	for i := 0; ; i++ {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			return -1
		}
		i += lt
		if i+2+len(name) > len(b) {
			return -1
		}
		if b[i+1] == '/' && bytes.EqualFold(b[i+2:i+2+len(name)], name) {
			return i
		}
	}
}

// isRawText reports the elements whose contents Body leaves as they are:
// whitespace shows in <pre> and <textarea>, and script and style are not HTML.
func isRawText(name []byte) bool {
	switch string(name) {
	case "pre", "textarea", "script", "style":
		return true
	}
	return false
}

// isBlock reports the elements that goldmark (with the GFM, footnote and
// definition list extensions, and handboek's table scroll box) follows with
// a newline, and which HTML lays out as blocks, rows or cells, so that a
// newline next to their tags never shows. A switch, not a map: Body looks up
// every tag of every page, and hashing the name cost a quarter of its time.
func isBlock(name []byte) bool {
	switch string(name) {
	case "address", "article", "aside", "blockquote", "dd",
		"div", "dl", "dt", "figcaption", "figure", "footer",
		"h1", "h2", "h3", "h4", "h5", "h6", "header",
		"hr", "li", "main", "nav", "ol", "p", "pre",
		"section", "table", "tbody", "td", "tfoot", "th",
		"thead", "tr", "ul":
		return true
	}
	return false
}
