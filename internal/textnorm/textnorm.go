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
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldSlow(s)
}

// foldSlow is Fold by its definition; foldLatin gives the same for the
// common text.
func foldSlow(s string) string {
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

// latinLimit bounds the runes that Fold maps one at a time: ASCII, Latin-1
// and Latin Extended-A and -B, which is what Dutch text is written in.
const latinLimit = 0x250

// latinFold holds foldSlow of every rune from U+0080 below latinLimit.
//
// For text of these runes alone, Fold is the concatenation of the folds of
// its runes: their decompositions add no combining mark other than a
// nonspacing one (Mn), which Fold drops, so NFKD's reordering of marks changes
// nothing; and no fold holds a non-starter, so NFC cannot join one rune's fold
// to the next's but as a composition of two adjacent starters, which
// TestFoldLatinPairs rules out by trying every pair. TestFoldLatinTable
// checks the starters.
var latinFold = func() (t [latinLimit - utf8.RuneSelf]string) {
	for r := rune(utf8.RuneSelf); r < latinLimit; r++ {
		t[r-utf8.RuneSelf] = foldSlow(string(r))
	}
	return t
}()

// foldLatin folds s rune by rune when all its runes are below latinLimit,
// which is the same as foldSlow (see latinFold). ok is false when s has
// another rune or is not valid UTF-8.
func foldLatin(s string) (f string, ok bool) {
	var buf [64]byte // most titles and headings fit: one allocation, the string
	b, ok := appendFoldLatin(buf[:0], s)
	return string(b), ok
}

// appendFoldLatin appends foldLatin's fold of s to dst.
func appendFoldLatin(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= latinLimit || r == utf8.RuneError {
			return dst, false
		}
		dst = append(dst, latinFold[r-utf8.RuneSelf]...)
		i += size
	}
	return dst, true
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
	if IsSlug(s) {
		return s
	}
	var buf [64]byte
	if f, ok := appendFoldLatin(buf[:0], s); ok {
		return slugOf(f)
	}
	return slugOf(Fold(s))
}

// slugOf is the slug of f, which is folded.
func slugOf[T string | []byte](f T) string {
	var sl slugger
	sl.b.Grow(len(f))
	for i := 0; i < len(f); i++ {
		sl.add(f[i])
	}
	return sl.b.String()
}

// slugger writes a slug byte by byte of folded text. It may be given a rune's
// bytes one by one: every byte of a rune other than ASCII ends a word, as the
// rune does.
type slugger struct {
	b    strings.Builder
	dash bool // a character other than a-z and 0-9 came since the last one written
}

func (sl *slugger) add(c byte) {
	if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
		if sl.dash && sl.b.Len() > 0 {
			sl.b.WriteByte('-')
		}
		sl.dash = false
		sl.b.WriteByte(c)
		return
	}
	sl.dash = true
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
