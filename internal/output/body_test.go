package output

import (
	"bytes"
	"fmt"
	"testing"
)

func TestBody(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>een</p>\n<p>twee</p>\n", "<p>een</p><p>twee</p>"},
		{"text keeps its newlines", "<p>een\ntwee</p>\n", "<p>een\ntwee</p>"},
		{"list", "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n", "<ul><li>a</li><li>b\n<ul><li>c</li></ul></li></ul>"},
		{"inline tags keep theirs", "<p><em>a</em>\n<a href=\"x\">b</a><br>\nc</p>\n", "<p><em>a</em>\n<a href=\"x\">b</a><br>\nc</p>"},
		{"one newline only", "<p>a</p>\n\n<p>b</p>", "<p>a</p>\n<p>b</p>"},
		{"table", "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n",
			"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>"},
		{"code keeps every newline", "<pre><code class=\"language-go\">x := 1\n\ny := 2\n</code></pre>\n<p>a</p>", "<pre><code class=\"language-go\">x := 1\n\ny := 2\n</code></pre><p>a</p>"},
		{"nothing inside pre", "<pre><div>a</div>\nb</pre>\n", "<pre><div>a</div>\nb</pre>"},
		{"raw text elements", "<textarea><p>\n</textarea>\n<script>if(a<b)\n{}</script>\n<style>p>a\n{}</style>\n", "<textarea><p>\n</textarea>\n<script>if(a<b)\n{}</script>\n<style>p>a\n{}</style>\n"},
		{"unclosed pre", "<pre>a\n<p>\n", "<pre>a\n<p>\n"},
		{"upper case", "<P>a</P>\n<PRE>b\n<p>\n</Pre>\n", "<P>a</P><PRE>b\n<p>\n</Pre>"},
		{"quoted >", "<p title=\"a>b\n\">c</p>\n<p title='>'>d</p>\n", "<p title=\"a>b\n\">c</p><p title='>'>d</p>"},
		{"not tags", "a < b\n<p>\n1<2\n<\n</ p>\n<!-- x -->\n", "a < b\n<p>1<2\n<\n</ p>\n<!-- x -->\n"},
		{"unterminated tag", "<p>a</p\n", "<p>a</p\n"},
		{"footnotes", "<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n<li id=\"fn:1\">\n<p>x&#160;<a href=\"#fnref:1\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n",
			"<div class=\"footnotes\" role=\"doc-endnotes\"><hr><ol><li id=\"fn:1\"><p>x&#160;<a href=\"#fnref:1\">&#x21a9;&#xfe0e;</a></p></li></ol></div>"},
		{"definition list", "<dl>\n<dt>a</dt>\n<dd>b</dd>\n</dl>\n", "<dl><dt>a</dt><dd>b</dd></dl>"},
		{"empty", "", ""},
	}
	m := NewMinifier()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Body([]byte(tt.in))
			if err != nil || string(got) != tt.want {
				t.Errorf("Body(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			// Whatever Body leaves, the full minifier takes away the same.
			full, _ := m.HTML([]byte(tt.in)) // HTML works in place: give each call its own copy
			again, _ := m.HTML(bytes.Clone(got))
			if !bytes.Equal(full, again) {
				t.Errorf("minified in full, Body's output %q differs from the input's %q", again, full)
			}
		})
	}
}

func TestBodyNilMinifier(t *testing.T) {
	var m *Minifier // NoMinify
	in := "<p>a</p>\n"
	if got, _ := m.Body([]byte(in)); string(got) != in {
		t.Errorf("nil Minifier: Body = %q, want the input %q", got, in)
	}
}

// BenchmarkBody minifies a body shaped like goldmark's output for a
// generated page: headings, paragraphs with links, lists and a table.
func BenchmarkBody(b *testing.B) {
	page := benchBody()
	m := NewMinifier()
	buf := make([]byte, len(page))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		copy(buf, page)
		m.Body(buf)
	}
}

func benchBody() []byte {
	var page bytes.Buffer
	for i := range 12 {
		fmt.Fprintf(&page, "<h2 id=\"kop-%d\">Een kop over <em>leren</em></h2>\n<p>Tekst met een <a href=\"../andere-pagina/#doel\">verwijzing</a> en <strong>nadruk</strong>,\nover twee regels.</p>\n", i)
		page.WriteString("<ul>\n<li>een punt</li>\n<li>nog een punt met <code>code</code></li>\n</ul>\n")
		page.WriteString("<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n")
	}
	return page.Bytes()
}
