package output

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// compactBlocksReference is compactBlocks as it was before it moved bytes
// only after a dropped newline (and before readTag and indexEndTag): the
// tests hold the two equal.
func compactBlocksReference(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			return append(out, b[i:]...)
		}
		out = append(out, b[i:i+lt]...)
		i += lt
		end := tagEndReference(b, i)
		switch end {
		case notTag:
			out, i = append(out, '<'), i+1
			continue
		case noEnd:
			return append(out, b[i:]...) // no tag ends in the rest
		}
		// Look the name up before the tag is copied: out may overlap it.
		name, closing := tagNameReference(b[i+1 : end])
		raw, block := "", isBlock(name)
		if !closing && isRawText(name) {
			raw = "</" + string(name)
		}
		out = append(out, b[i:end+1]...)
		i = end + 1
		if raw != "" {
			// Copy the element's contents as they are, to its end tag.
			close := indexFoldReference(b[i:], raw)
			if close < 0 {
				return append(out, b[i:]...)
			}
			out = append(out, b[i:i+close]...)
			i += close
			continue
		}
		if block && i < len(b) && b[i] == '\n' {
			i++
		}
	}
	return out
}

// tagEndReference is tagEnd as it was before readTag read the name and the
// end in one pass.
func tagEndReference(b []byte, i int) int {
	if i+1 >= len(b) || !(isLetter(b[i+1]) || b[i+1] == '/' && i+2 < len(b) && isLetter(b[i+2])) {
		return notTag
	}
	var quote byte
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return noEnd
}

// indexFoldReference is bytes.Index of an ASCII needle, ignoring case.
func indexFoldReference(b []byte, needle string) int {
	n := []byte(needle)
	for i := 0; i+len(n) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(n)], n) {
			return i
		}
	}
	return -1
}

func tagNameReference(t []byte) (name []byte, closing bool) {
	if len(t) > 0 && t[0] == '/' {
		t, closing = t[1:], true
	}
	n := 0
	for n < len(t) && (isLetter(t[n]) || '0' <= t[n] && t[n] <= '9') {
		n++
	}
	name = t[:n]
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			return bytes.ToLower(name), closing
		}
	}
	return name, closing
}

// TestCompactBlocksSameAsReference compares compactBlocks with the
// reference on random bodies built from the pieces that make either take
// another turn: block and inline tags, raw text elements, quotes, case,
// stray < and >, newlines.
func TestCompactBlocksSameAsReference(t *testing.T) {
	pieces := []string{
		"<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<h2 id=\"a\">", "</h2>", "<em>", "</em>",
		"<a href=\"x>y\">", "</a>", "<br>", "<pre>", "</pre>", "<PRE>", "</Pre>", "<code>", "</code>",
		"<script>", "</script>", "<textarea>", "<style>", "</style>", "<table>", "<td>", "</td>",
		"<p title='>'>", "<!-- x -->", "</ p>", "< p>", "<", ">", "\n", "\n", "\n", "tekst", " ", "a<b", "'", "\"", "</p",
		"<h1>", "<1p>", "</2>", "</PRE", "</pr", "<pre class=\"x\">", "<Ul>", "<p\n>", "<br/>", "</", "<p", "<sTyLe>", "</scRIPT ",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		var b bytes.Buffer
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		want := string(compactBlocksReference([]byte(in)))
		if got := string(compactBlocks([]byte(in))); got != want {
			t.Fatalf("compactBlocks(%q) = %q, reference %q", in, got, want)
		}
	}
}

func FuzzCompactBlocksSame(f *testing.F) {
	f.Add("<p>a</p>\n<pre>x\n</pre>\n<ul>\n<li>b</li>\n</ul>\n")
	f.Add("<P title='>'>\n<script>\n</script>\n")
	f.Fuzz(func(t *testing.T, in string) {
		want := string(compactBlocksReference([]byte(in)))
		if got := string(compactBlocks([]byte(in))); got != want {
			t.Errorf("compactBlocks(%q) = %q, reference %q", in, got, want)
		}
	})
}

// BenchmarkBodyReference is BenchmarkBody with the reference, to compare.
func BenchmarkBodyReference(b *testing.B) {
	page := benchBody()
	buf := make([]byte, len(page))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		copy(buf, page)
		compactBlocksReference(buf)
	}
}
