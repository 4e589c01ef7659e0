package markdown

import (
	"strings"
	"unicode/utf8"
)

// What is unsafe in a body, and so left out of it with a warning at its place
// (collect does the removing): raw HTML, blocks and inline tags; links whose
// target has a dangerous scheme, which are unwrapped so their text stays;
// images and autolinks with such a target, which go altogether.

// dangerous reports whether a link target runs code or embeds content instead
// of pointing somewhere: javascript:, vbscript:, data: and file: targets.
// Browsers ignore case, whitespace and control characters in the scheme, so
// this does too.
//
// It takes the target as bytes too, so that collect need not make a string
// of every target to ask.
func dangerous[T string | []byte](dest T) (scheme string, bad bool) {
	// A relative path or "#anchor", as most targets are, has no scheme: its
	// first byte would be the scheme's.
	if len(dest) > 0 && (dest[0] == '.' || dest[0] == '/' || dest[0] == '#') {
		return "", false
	}
	// The scheme with what browsers ignore left out, lower-cased; it can only
	// be one of the four when it is short and ASCII.
	var buf [12]byte
	n := 0
	colon := false
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		if c == ':' {
			colon = true
			break
		}
		if c <= ' ' || c == 0x7f {
			continue
		}
		if c >= utf8.RuneSelf {
			return dangerousRunes(string(dest)) // "İ" lower-cases to "i"
		}
		if n == len(buf) {
			return "", false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	switch string(buf[:n]) {
	case "javascript", "vbscript", "data", "file":
		if colon {
			return string(buf[:n]), true
		}
	}
	return "", false
}

// dangerousRunes is dangerous for a target with non-ASCII characters before
// its first colon, with the rules as strings.ToLower applies them.
func dangerousRunes(dest string) (scheme string, bad bool) {
	var b strings.Builder
	for _, r := range dest {
		if r == ':' {
			break
		}
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
		if b.Len() > 12 {
			return "", false
		}
	}
	s := strings.ToLower(b.String())
	switch s {
	case "javascript", "vbscript", "data", "file":
		if strings.Contains(dest, ":") {
			return s, true
		}
	}
	return "", false
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}
