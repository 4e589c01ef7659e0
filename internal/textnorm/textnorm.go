// Package textnorm is the one text normalisation of handboek: lower case with
// diacritics folded. Slugs, heading ids and the search index all go through it,
// so "Creëren", "creeren" and "CREËREN" are the same word everywhere.
//
// It knows nothing about pages, Markdown or HTML.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, decomposes it (NFKD) and drops the combining marks, so
// "Coöperatie" becomes "cooperatie" and "ﬁ" becomes "fi". A few letters that do
// not decompose (ß, æ, ø, ł, đ, ı) are spelled out the way Dutch readers would type them.
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	// Lower-casing can create new decomposable runes in rare scripts; the result
	// stays in NFC so that equal words are equal bytes.
	return norm.NFC.String(b.String())
}

var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ı': "i", 'ð': "d", 'þ': "th",
}

// isPlainLower reports whether s is ASCII without upper-case letters, the common
// case that needs no work.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// Slug turns s into a slug: folded, every run of characters other than a-z and
// 0-9 becomes one "-", trimmed at both ends. "Waarom samen?" -> "waarom-samen",
// "Creëren Samen" -> "creeren-samen". The result may be empty.
func Slug(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	dash := false
	for _, r := range f {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// IsSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$.
func IsSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Words splits folded text into words: maximal runs of letters and digits.
// It is the tokeniser that search and its tests share.
func Words(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
