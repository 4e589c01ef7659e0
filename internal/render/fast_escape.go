package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	intType    = reflect.TypeFor[int]()

	// The types escaperInput looks for, by typeID, which compares them
	// without calling the runtime.
	stringID, htmlID, intID = typeID(stringType), typeID(htmlType), typeID(intType)
)

// escaperInput returns what html/template's escapers see of a value that
// text/template hands them: the string of a string or template.HTML (and
// whether it is HTML), or an int's decimal digits. false for anything else.
func escaperInput(v reflect.Value) (s string, isHTML, ok bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() { // first, as it is cheaper than Type
	case reflect.String:
		switch typeID(v.Type()) {
		case stringID:
			return v.String(), false, true
		case htmlID:
			return v.String(), true, true
		}
	case reflect.Int:
		if typeID(v.Type()) == intID {
			return strconv.FormatInt(v.Int(), 10), false, true
		}
	}
	return "", false, false
}

// fastEscapers are html/template's escapers, by the names it gives them in
// escaped trees, for plain text and HTML (see escaperInput); false where the
// escaper would do more with its input than they do. Their code is
// html/template's (html.go and url.go).
var fastEscapers = map[string]func(s string, isHTML bool) (string, bool){
	"_html_template_htmlescaper": func(s string, isHTML bool) (string, bool) {
		if isHTML {
			return s, true
		}
		return htmlReplacer(s, htmlReplacementTable, true), true
	},
	"_html_template_attrescaper":   plainOnly(func(s string) string { return htmlReplacer(s, htmlReplacementTable, true) }),
	"_html_template_rcdataescaper": plainOnly(func(s string) string { return htmlReplacer(s, htmlReplacementTable, true) }),
	"_html_template_urlfilter":     plainOnly(urlFilter),
	"_html_template_urlnormalizer": plainOnly(func(s string) string { return urlProcessor(true, s) }),
	"_html_template_urlescaper":    plainOnly(func(s string) string { return urlProcessor(false, s) }),
}

// plainOnly is an escaper of plain text that gives up on HTML.
func plainOnly(esc func(string) string) func(string, bool) (string, bool) {
	return func(s string, isHTML bool) (string, bool) {
		if isHTML {
			return "", false
		}
		return esc(s), true
	}
}

// htmlReplacementTable is html/template's: the runes to escape inside a
// quoted attribute value or in a text node.
var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendHTMLEscaped appends htmlReplacer(s, htmlReplacementTable, true) to dst.
// With badRunes set, htmlReplacer replaces only runes of the table, which
// are ASCII, and copies every other byte (of valid UTF-8 or not), so
// escaping byte by byte is the same. It skips eight bytes at a time that
// need no escaping (nearly all of a title or summary), with one branch for
// the eight rather than one a byte.
func appendHTMLEscaped(dst []byte, s string) []byte {
	written := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) {
			w := s[i : i+8]
			if htmlEscapes[w[0]]|htmlEscapes[w[1]]|htmlEscapes[w[2]]|htmlEscapes[w[3]]|
				htmlEscapes[w[4]]|htmlEscapes[w[5]]|htmlEscapes[w[6]]|htmlEscapes[w[7]] != 0 {
				break
			}
			i += 8
		}
		// Eight bytes of which one is escaped, or the last few, one by one.
		for end := min(i+8, len(s)); i < end; i++ {
			if e := htmlEscapes[s[i]]; e != 0 {
				dst = append(dst, s[written:i]...)
				dst = append(dst, htmlReplacementTable[e-1]...)
				written = i + 1
			}
		}
	}
	return append(dst, s[written:]...)
}

// htmlEscapes maps each byte that htmlReplacementTable replaces to its
// index there plus one (the byte plus one), and every byte copied as it is
// to 0.
var htmlEscapes = func() (t [256]byte) {
	for c, repl := range htmlReplacementTable {
		if repl != "" {
			t[c] = byte(c) + 1
		}
	}
	return t
}()

// htmlReplacer is html/template's.
func htmlReplacer(s string, replacementTable []string, badRunes bool) string {
	written, b := 0, new(strings.Builder)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		} else if badRunes {
			// No-op.
		} else if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			if written == 0 {
				b.Grow(len(s))
			}
			fmt.Fprintf(b, "%s&#x%x;", s[written:i], r)
			written = i + w
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// urlFilter is html/template's for a plain string.
func urlFilter(s string) string {
	if !isSafeURL(s) {
		return "#ZgotmplZ"
	}
	return s
}

// isSafeURL is html/template's.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// urlProcessor is html/template's for a plain string.
func urlProcessor(norm bool, s string) string {
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

// processURLOnto is html/template's, but it grows b only once there is a
// byte to escape (most URLs have none, and urlProcessor then returns s),
// it looks the bytes it keeps up in a table rather than a switch, and it
// skips eight bytes it keeps at a time, as appendHTMLEscaped does.
func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	keep := &urlKeeps[0]
	if norm {
		keep = &urlKeeps[1]
	}
	written := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) {
			w := s[i : i+8]
			if keep[w[0]]&keep[w[1]]&keep[w[2]]&keep[w[3]]&keep[w[4]]&keep[w[5]]&keep[w[6]]&keep[w[7]] == 0 {
				break
			}
			i += 8
		}
		for end := min(i+8, len(s)); i < end; i++ {
			c := s[i]
			if keep[c] == 1 || c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
			if written == 0 {
				b.Grow(len(s) + 16)
			}
			b.WriteString(s[written:i])
			b.WriteByte('%') // fmt's "%%%02x", without making b escape
			b.WriteByte(lowerHex[c>>4])
			b.WriteByte(lowerHex[c&15])
			written = i + 1
		}
	}
	if written == 0 {
		return false
	}
	b.WriteString(s[written:])
	return true
}

// appendURLAttrEscaped appends to dst what html/template's URL normalizer (norm)
// or URL escaper and then its attribute escaper make of s, in one pass and
// without the string in between. What the URL escapers write is ASCII, of
// which the attribute escaper changes only '&' and '+': so a byte that
// processURLOnto keeps is copied, or written as an entity if it is one of
// those two, and any other byte is written as %xx.
func appendURLAttrEscaped(dst []byte, s string, norm bool) []byte {
	keep, plain := &urlKeeps[0], &urlAttrPlain[0]
	if norm {
		keep, plain = &urlKeeps[1], &urlAttrPlain[1]
	}
	written := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) {
			w := s[i : i+8]
			if plain[w[0]]&plain[w[1]]&plain[w[2]]&plain[w[3]]&plain[w[4]]&plain[w[5]]&plain[w[6]]&plain[w[7]] == 0 {
				break
			}
			i += 8
		}
		for end := min(i+8, len(s)); i < end; i++ {
			c := s[i]
			if plain[c] == 1 || c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
			dst = append(dst, s[written:i]...)
			switch {
			case keep[c] == 0:
				dst = append(dst, '%', lowerHex[c>>4], lowerHex[c&15])
			case c == '&':
				dst = append(dst, "&amp;"...)
			default: // '+'
				dst = append(dst, "&#43;"...)
			}
			written = i + 1
		}
	}
	return append(dst, s[written:]...)
}

// urlAttrPlain are the bytes that appendURLAttrEscaped copies as they are (1; 0
// for the others), [0] when it escapes and [1] when it normalizes: those
// processURLOnto keeps but '&' and '+', which the attribute escaper
// replaces.
var urlAttrPlain = func() (plain [2][256]uint8) {
	plain = urlKeeps
	for m := range plain {
		plain[m]['&'], plain[m]['+'] = 0, 0
	}
	return plain
}()

// urlKeeps are the bytes processURLOnto keeps as they are (1; 0 for the
// others): [0] when it escapes, [1] when it normalizes, which keeps the
// reserved ones too (and '%' before two hex digits). These are
// html/template's.
var urlKeeps = func() (keeps [2][256]uint8) {
	for c := range 256 {
		b := byte(c)
		unreserved := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("-._~", b) >= 0
		if unreserved {
			keeps[0][c] = 1
		}
		if unreserved || strings.IndexByte("!#$&*+,/:;=?@[]", b) >= 0 {
			keeps[1][c] = 1
		}
	}
	return keeps
}()

const lowerHex = "0123456789abcdef"

// isHex is html/template's.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
