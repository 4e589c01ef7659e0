package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLastNewlineAndRuneCount compares the eight-bytes-at-a-time helpers of
// the line index with the standard library they stand in for, on text around
// the eight-byte steps: newlines and runes of every length at every place,
// invalid and cut-off UTF-8.
func TestLastNewlineAndRuneCount(t *testing.T) {
	cases := []string{
		"", "\n", "a", "abcdefg", "abcdefgh", "abcdefghi", "\nabcdefgh", "abcdefgh\n", "abcdefg\nh",
		"ab\ncdefghijklmnop", strings.Repeat("x", 64) + "\n" + strings.Repeat("y", 63),
		"ë", "aaaaaaaë", "aaaaaaaaë", "Créëren samen 日本 €", "\xff\xfe\xfd", "aaaaaaa\xc3", "aaaaaaa\xc3\xab",
		"\xe2\x82", "abcdefg\xe2\x82\xac", "\x80\x80\x80\x80\x80\x80\x80\x80\x80", "日本語日本語日本語",
		"\n\n\n\n\n\n\n\n\n", "é\né\né\né\n", strings.Repeat("ë", 20) + "a\n" + strings.Repeat("b", 15),
		"\x0a\x8a\x0b\x09\x00\x0a\xff", "\x00\x00\x00\x00\x00\x00\x00\x00",
	}
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"a", "bcd", " ", "\n", "ë", "日", "😀", "\xc3", "\x80", "\xff", "\x0a\x0a", "\x00", "\x0b"}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		b := []byte(s)
		for i := 0; i <= len(b); i++ { // every prefix, so every alignment of the end
			if got, want := lastNewline(b[:i]), bytes.LastIndexByte(b[:i], '\n'); got != want {
				t.Fatalf("lastNewline(%q) = %d, want %d", b[:i], got, want)
			}
			if got, want := runeCount(b[i:]), utf8.RuneCount(b[i:]); got != want {
				t.Fatalf("runeCount(%q) = %d, want %d", b[i:], got, want)
			}
		}
	}
}
