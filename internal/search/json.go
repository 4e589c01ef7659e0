package search

import (
	"encoding/json"
	"unicode/utf8"
)

// The term shards and result files are most of the index's bytes; they are
// written here by hand, the same bytes as json.Marshal gives: every string
// that json.Marshal would write as it is (the common case) is copied, and
// any other goes through json.Marshal. TestJSONString keeps the two equal.

// appendJSONString appends s as json.Marshal writes it: quoted, with <, >
// and & escaped (see marshal).
func appendJSONString(b []byte, s string) []byte {
	if !jsonPlain(s) {
		return append(b, marshal(s)...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// jsonPlain reports whether json.Marshal writes s between quotes as it is:
// valid UTF-8 without control characters, quotes, backslashes, <, >, & and
// the line and paragraph separators U+2028 and U+2029.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if !jsonPlainByte[c] {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size - 1
	}
	return true
}

var jsonPlainByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONStrings appends a JSON array of strings.
func appendJSONStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// marshal is json.Marshal. Its HTML escaping (<, > and & as \u003c...) stays
// on even though the files are fetched as JSON and never inlined in HTML: a
// title holding "</script>" must stay harmless wherever the JSON ends up.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and ints: cannot fail
	}
	return b
}
