package content

import (
	"math/bits"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A fast path for frontmatter YAML. yaml.v3's scanner and parser are general
// and slow: at 10,000 pages they and adrg/frontmatter's reader took 0.7 s of
// CPU, most of what reading the content cost besides the Markdown. Editors
// write a tiny part of YAML in frontmatter, so fastYAML reads that part
// itself and builds the very tree yaml.v3 would build (kinds, styles, tags,
// values, lines, columns; never a comment or an anchor). It accepts only
// this shape, and reports false for anything else, so that the caller hands
// the text to yaml.v3 as before:
//
//	key: plain value
//	key: "double-quoted" (escapes \" \\ \n \t only)
//	key: 'single-quoted' (with '' for a quote)
//	key: [item, "item", 'item']
//	key:                   (null)
//	key:
//	  - item
//	  - "item"
//
// one entry a line: keys are letters, digits, _ and - at the start of the
// line, each key once; values fit on their line; a list item is a scalar;
// blank lines anywhere. It gives up on every comment, tab, anchor, alias,
// tag, block scalar (| >), flow mapping, multi-line value, nested mapping,
// odd indentation, and any plain value whose type it is not sure of (it
// knows strings, true/false, null, ~, decimal integers and YYYY-MM-DD
// dates). It never reports an error: yaml.v3 reports them, with its own
// messages and positions.
//
// TestFastYAML, TestFastYAMLRandom and FuzzFastFrontmatter compare the trees
// it builds with yaml.v3's, and TestFastYAMLCoversContent checks that it
// covers the frontmatter of the real handbook and of generated sites.

// fastYAML sets root to what yaml.Unmarshal([]byte(data), root) would set it
// to and reports true, if data is in the subset above; otherwise it reports
// false and leaves root alone. The values in the tree are substrings of data.
//
// room, when not nil, is room for the nodes that fastYAML may reuse (when it
// is large enough) and sets to the room it used: Parse decodes each tree into
// Meta, which keeps none of the nodes, and hands the room on to the next file
// (see yamlRooms).
func fastYAML(data string, root *yaml.Node, room *[]yaml.Node) bool {
	nodes, lines, ok := fastYAMLSize(data)
	if !ok {
		return false
	}
	p := fastParser{s: data}
	if room != nil && cap(*room) >= nodes {
		p.nodes = (*room)[:0]
	} else {
		p.nodes = make([]yaml.Node, 0, nodes)
	}
	if room != nil {
		*room = p.nodes
	}
	m, ok := p.mapping(2 * lines)
	if !ok {
		return false
	}
	if m == nil { // only blank lines: yaml.v3 finds no document
		return true
	}
	*root = yaml.Node{Kind: yaml.DocumentNode, Line: m.Line, Column: m.Column, Content: []*yaml.Node{m}}
	return true
}

// yamlRooms holds rooms for the nodes of fastYAML (*[]yaml.Node), empty and
// cleared.
var yamlRooms = sync.Pool{New: func() any { return new([]yaml.Node) }}

// putYAMLRoom clears room and gives it back to yamlRooms, unless it is large
// enough to be kept for a rare large frontmatter only.
func putYAMLRoom(room *[]yaml.Node) {
	if cap(*room) > 256 {
		return
	}
	clear((*room)[:cap(*room)])
	*room = (*room)[:0]
	yamlRooms.Put(room)
}

// fastYAMLSize checks that data is text yaml.v3 reads without a question,
// lines of printable characters each ending in "\n", and returns its number
// of lines and an upper bound on the nodes it can hold: a mapping, two for a
// line (a key and its value, or a list item), one for each "[" (the first
// item of a list) and one for each comma (another item). Pointers to nodes
// stay valid even if the bound were wrong: only the room would be allocated
// twice.
//
// Tabs, carriage returns, the BOM and the characters YAML counts as line
// breaks (NEL, U+2028, U+2029) would each need their own care: it turns
// them down, with control characters and invalid UTF-8, which yaml.v3
// refuses.
func fastYAMLSize(data string) (nodes, lines int, ok bool) {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return 0, 0, false
	}
	for i := 0; i < len(data); {
		// Pass over printable ASCII eight bytes at a time, as checkText
		// does: a byte at a time this loop was a fifth of fastYAML.
		for i+8 <= len(data) {
			if m := notPrintable8(le64(data, i)); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i == len(data) {
			break
		}
		c := data[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c == 0x7f) {
				return 0, 0, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(data[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xfffe && r <= 0xffff:
			return 0, 0, false
		}
		i += n
	}
	// Counted apart, by strings.Count's vector loop.
	lines = strings.Count(data, "\n")
	nodes = 1 + 2*lines + strings.Count(data, ",") + strings.Count(data, "[")
	return nodes, lines, true
}

// le64 returns the eight bytes of s from i as a little-endian number (one
// load: the compiler combines the byte loads).
func le64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// fastParser reads the frontmatter a line at a time.
type fastParser struct {
	s     string      // the frontmatter; every value is a substring of it unless escaped
	at    int         // offset of the next line to read
	line  int         // number of the last line read, from 1
	nodes []yaml.Node // room for every node, allocated at once
}

func (p *fastParser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col})
	return &p.nodes[len(p.nodes)-1]
}

// peek returns the next line that is not blank (empty or only spaces),
// without its "\n", its offset and its number; ok is false at the end.
func (p *fastParser) peek() (text string, at, line int, ok bool) {
	at, line = p.at, p.line
	for at < len(p.s) {
		end := at + strings.IndexByte(p.s[at:], '\n')
		line++
		if text = p.s[at:end]; strings.TrimLeft(text, " ") != "" {
			return text, at, line, true
		}
		at = end + 1
	}
	return "", at, line, false
}

// next moves past the line peek returned.
func (p *fastParser) next(at, line int, text string) {
	p.at, p.line = at+len(text)+1, line
}

// mapping reads the whole frontmatter as a block mapping at column 1, with
// room for size keys and values; it returns nil if there are only blank
// lines.
func (p *fastParser) mapping(size int) (*yaml.Node, bool) {
	var m *yaml.Node
	for {
		text, at, line, ok := p.peek()
		if !ok {
			return m, true
		}
		p.next(at, line, text)
		key, ok := fastKey(text)
		if !ok {
			return nil, false
		}
		if m == nil {
			m = p.node(yaml.MappingNode, "!!map", "", line, 1)
			m.Content = make([]*yaml.Node, 0, size)
		}
		for i := 0; i < len(m.Content); i += 2 {
			if m.Content[i].Value == key { // decode.go explains duplicates; yaml.v3 does not see them
				return nil, false
			}
		}
		k := p.node(yaml.ScalarNode, "!!str", key, line, 1)
		colon := len(key)
		rest := strings.TrimLeft(text[colon+1:], " ")
		var v *yaml.Node
		if rest == "" {
			v, ok = p.emptyValue(line, colon+2)
		} else {
			v, ok = p.inline(text, len(text)-len(rest), line, true)
		}
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
}

// fastKey returns the key of a line "key: ..." or "key:", if the key is a
// plain scalar that yaml.v3 resolves to a string.
func fastKey(text string) (string, bool) {
	i := 0
	for i < len(text) && i <= 64 && (isLetter(text[i]) || i > 0 && (isDigit(text[i]) || text[i] == '_' || text[i] == '-')) {
		i++
	}
	if i == 0 || i > 64 || i == len(text) || text[i] != ':' || i+1 < len(text) && text[i+1] != ' ' {
		return "", false
	}
	key := text[:i]
	if tag, ok := plainTag(key); !ok || tag != "!!str" {
		return "", false
	}
	return key, true
}

// emptyValue reads the value of "key:" with nothing after the colon: a block
// sequence on the lines below, or else null, placed just after the colon.
func (p *fastParser) emptyValue(line, col int) (*yaml.Node, bool) {
	text, _, _, ok := p.peek()
	if !ok || text[0] != ' ' && text[0] != '-' {
		return p.node(yaml.ScalarNode, "!!null", "", line, col), true
	}
	return p.blockSequence()
}

// blockSequence reads lines "- item", all indented alike, up to the next key.
func (p *fastParser) blockSequence() (*yaml.Node, bool) {
	var seq *yaml.Node
	indent := -1
	for {
		text, at, line, ok := p.peek()
		if !ok {
			return seq, seq != nil
		}
		n := len(text) - len(strings.TrimLeft(text, " "))
		if indent < 0 {
			indent = n
			seq = p.node(yaml.SequenceNode, "!!seq", "", line, n+1)
		}
		if n != indent || !strings.HasPrefix(text[n:], "- ") {
			// a key at column 1 ends the list; anything else is not ours
			return seq, n == 0 && text[0] != '-' && len(seq.Content) > 0
		}
		p.next(at, line, text)
		rest := strings.TrimLeft(text[n+2:], " ")
		if rest == "" {
			return nil, false
		}
		item, ok := p.inline(text, len(text)-len(rest), line, false)
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, item)
	}
}

// inline reads the value that starts at text[i] and takes the rest of the
// line: a scalar, or a flow sequence if flow is allowed.
func (p *fastParser) inline(text string, i, line int, flow bool) (*yaml.Node, bool) {
	var v *yaml.Node
	end := len(text)
	switch text[i] {
	case '"', '\'':
		var ok bool
		v, end, ok = p.quoted(text, i, line, column(text, i))
		if !ok {
			return nil, false
		}
	case '[':
		if !flow {
			return nil, false
		}
		var ok bool
		v, end, ok = p.flowSequence(text, i, line)
		if !ok {
			return nil, false
		}
	default:
		value := strings.TrimRight(text[i:], " ")
		if !blockPlain(value) {
			return nil, false
		}
		tag, ok := plainTag(value)
		if !ok {
			return nil, false
		}
		v = p.node(yaml.ScalarNode, tag, value, line, column(text, i))
	}
	if strings.TrimLeft(text[end:], " ") != "" { // a comment, a colon, more text
		return nil, false
	}
	return v, true
}

// blockPlain reports whether s is a whole plain scalar on one line, outside
// brackets: it starts with none of YAML's indicators, and holds no comment
// and no ": " (a nested key).
func blockPlain(s string) bool {
	if !plainStart(s) || strings.IndexByte(s, '#') >= 0 {
		return false
	}
	for i := strings.IndexByte(s, ':'); i >= 0; i = strings.IndexByte(s, ':') {
		if i+1 == len(s) || s[i+1] == ' ' {
			return false
		}
		s = s[i+1:]
	}
	return true
}

// plainStart reports whether s starts a plain scalar for certain: not with
// an indicator of YAML (a "-" only before a digit: -1).
func plainStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '-':
		return len(s) > 1 && isDigit(s[1])
	case ' ', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// plainTag returns the tag yaml.v3 resolves a plain scalar to (see resolve
// in its resolve.go), for the values this path is sure of; false for others
// (floats, octal, hexadecimal, .inf, <<, timestamps with a time, ...).
func plainTag(s string) (string, bool) {
	switch c := s[0]; {
	case c == '-' || isDigit(c):
		switch {
		case isDecimal(s):
			return "!!int", true
		case isDate(s):
			// yaml.v3 tries time.Parse with this layout; a date that does
			// not exist (2025-02-30) is not a number either, so a string.
			if _, ok := parseDate(s); ok {
				return "!!timestamp", true
			}
			return "!!str", true
		}
		return "", false
	case c == '+' || c == '.' || c == '<':
		return "", false
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "~", "null", "Null", "NULL":
		return "!!null", true
	}
	return "!!str", true
}

// isDecimal reports whether s is 0 or a decimal integer without leading
// zeros (yaml.v3 reads 010 as octal and 09 as a float), that fits an int64.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isDate reports whether s is written YYYY-MM-DD.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parseDate returns the date s, written YYYY-MM-DD (see isDate), if it
// exists. It is time.Parse of s with the layout "2006-01-02" (or
// "2006-1-2"), which gives the same time, without the parsing of the layout:
// that took a tenth of Parse's time for the pages with a date. TestParseDate
// holds the two equal.
func parseDate(s string) (time.Time, bool) {
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), time.Month(num(s[5:7])), num(s[8:])
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	// Date moves a day or month out of range into the next or previous
	// month or year; time.Parse refuses it.
	if t.Year() != y || t.Month() != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// quoted reads the quoted scalar that starts at text[i], at column col, and
// ends on the same line; end is the offset after its closing quote.
func (p *fastParser) quoted(text string, i, line, col int) (v *yaml.Node, end int, ok bool) {
	q := text[i]
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	value, end, ok := unquote(text, i)
	if !ok {
		return nil, 0, false
	}
	v = p.node(yaml.ScalarNode, "!!str", value, line, col)
	v.Style = style
	return v, end, true
}

// unquote returns the value of the quoted scalar that starts at text[i] and
// the offset after its closing quote. Most values have no escape: it finds
// their closing quote with strings.IndexByte, and goes a byte at a time (a
// third of fastYAML when it always did) only for the others.
func unquote(text string, i int) (value string, end int, ok bool) {
	q := text[i]
	start := i + 1
	if j := strings.IndexByte(text[start:], q); j >= 0 {
		j += start
		escaped := false
		if q == '"' {
			escaped = strings.IndexByte(text[start:j], '\\') >= 0
		} else {
			escaped = j+1 < len(text) && text[j+1] == '\''
		}
		if !escaped {
			return text[start:j], j + 1, true
		}
	}
	var b strings.Builder // only for values with escapes
	for j := start; j < len(text); j++ {
		c := text[j]
		switch {
		case q == '\'' && c == '\'' && j+1 < len(text) && text[j+1] == '\'':
			b.WriteString(text[start : j+1])
			j++
			start = j + 1
		case q == '"' && c == '\\':
			if j+1 == len(text) {
				return "", 0, false
			}
			var r byte
			switch text[j+1] {
			case '"', '\\':
				r = text[j+1]
			case 'n':
				r = '\n'
			case 't':
				r = '\t'
			default: // the other escapes are rare; yaml.v3 reads them
				return "", 0, false
			}
			b.WriteString(text[start:j])
			b.WriteByte(r)
			j++
			start = j + 1
		case c == q:
			value := text[start:j]
			if b.Len() > 0 {
				b.WriteString(value)
				value = b.String()
			}
			return value, j + 1, true
		}
	}
	return "", 0, false // closed on a later line, or never
}

// flowSequence reads the list in brackets that starts at text[i] and ends
// on the same line; end is the offset after its "]".
func (p *fastParser) flowSequence(text string, i, line int) (seq *yaml.Node, end int, ok bool) {
	// The items' columns are counted on from the last one's: counted from
	// the start of the line for each, they took a sixth of fastYAML.
	cols := columns{text: text, at: i, col: column(text, i)}
	seq = p.node(yaml.SequenceNode, "!!seq", "", line, cols.col)
	seq.Style = yaml.FlowStyle
	j := skipSpaces(text, i+1)
	if j < len(text) && text[j] == ']' {
		return seq, j + 1, true // [] has no items, and a nil Content
	}
	seq.Content = make([]*yaml.Node, 0, 1+strings.Count(text[j:], ","))
	for j < len(text) {
		var item *yaml.Node
		switch text[j] {
		case '"', '\'':
			if item, j, ok = p.quoted(text, j, line, cols.of(j)); !ok {
				return nil, 0, false
			}
		default:
			// Scan to the "," or "]" after the item. A character that
			// flowPlain turns down ends the scan too: the item would hold
			// it, so it is not ours (checked here, strings.ContainsAny on
			// every item was a tenth of fastYAML).
			k := j
			for k < len(text) && !flowStop[text[k]] {
				k++
			}
			if k == len(text) || text[k] != ',' && text[k] != ']' {
				return nil, 0, false
			}
			value := strings.TrimRight(text[j:k], " ")
			if !plainStart(value) {
				return nil, 0, false
			}
			tag, ok := plainTag(value)
			if !ok {
				return nil, 0, false
			}
			item = p.node(yaml.ScalarNode, tag, value, line, cols.of(j))
			j = k
		}
		seq.Content = append(seq.Content, item)
		j = skipSpaces(text, j)
		switch {
		case j < len(text) && text[j] == ']':
			return seq, j + 1, true
		case j < len(text) && text[j] == ',':
			j = skipSpaces(text, j+1) // an item must follow: [a, ] is not ours
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// flowStop holds the characters that end a plain scalar inside brackets
// ("," and "]") and those it may not hold: those that nest one there, a
// comment and a colon.
var flowStop = func() (t [256]bool) {
	for _, c := range []byte("#:?[]{},") {
		t[c] = true
	}
	return t
}()

// columns gives yaml.v3's columns of offsets in text, counting on from the
// last offset asked for; the offsets must not decrease.
type columns struct {
	text    string
	at, col int // col is the column of text[at]
}

func (c *columns) of(i int) int {
	c.col += utf8.RuneCountInString(c.text[c.at:i])
	c.at = i
	return c.col
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// column is yaml.v3's column of text[i]: in characters, from 1.
func column(text string, i int) int { return utf8.RuneCountInString(text[:i]) + 1 }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
