package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse loads arbitrary bytes as a content file. Invariants: no panic;
// every problem names the file, has a sane position and is one line; a page
// that loads has a title and a valid slug, in valid UTF-8.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: X\n---\nTekst",
		"\xef\xbb\xbf---\r\ntitle: \"a: b\"\r\nthemas: ict\r\n---\r\n",
		"---\ntitle: Samen: opleiden\n---\n",
		"---\ntitle: X\nthemas:\n\t- ict\n---\n",
		"---\ntitle: [a\n---\n",
		"---\ntitle: &a X\nsummary: *a\n---\n",
		"---\ntitle: X\ntitle: Y\n---\n",
		"+++\ntitle = 'x'\n+++\n",
		"{\"title\": \"x\"}",
		"---\ntitle: X\n",
		"---\n---\n",
		"---\ntitle: NO\ndraft: NO\nweight: 010\ndate: 2025-02-30\n---\n",
		"---\ntitle: X\x00\n---\n",
		"---\ntitle: Cr\xe9\xebren\n---\n",
		"---\ntitle: X\n---\n<script>alert(1)</script> [x](javascript:alert(1))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		const file = "content/goede-praktijken/x.md"
		p, problems := Parse(md, file, []byte(src), Options{})
		for _, d := range problems {
			if d.Pos.File != file || d.Pos.Line < 0 || d.Pos.Col < 0 {
				t.Fatalf("bad position %+v", d.Pos)
			}
			if strings.Contains(d.Message, "\n") || !utf8.ValidString(d.Message) {
				t.Fatalf("message not one valid line: %q", d.Message)
			}
		}
		if p != nil {
			if p.Meta.Title == "" || !utf8.ValidString(p.Meta.Title) {
				t.Fatalf("loaded page with title %q", p.Meta.Title)
			}
			if p.Slug != "x" {
				t.Fatalf("slug %q", p.Slug)
			}
		}
	})
}
