package markdown

import (
	"strings"
	"testing"
)

func parse(t *testing.T, body string) *Doc {
	t.Helper()
	return New().Parse("content/x.md", []byte(body), 3)
}

func render(t *testing.T, d *Doc, dests Resolved) string {
	t.Helper()
	out, err := New().Render(d, dests)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestHeadingIDs(t *testing.T) {
	d := parse(t, "## Waarom samen?\n\n## **Creëren** samen\n\n## Waarom samen?\n\n### ?!\n")
	var got []string
	for _, h := range d.Headings {
		got = append(got, h.ID)
	}
	want := "waarom-samen creeren-samen waarom-samen-1 kop"
	if strings.Join(got, " ") != want {
		t.Errorf("ids = %q, want %q", got, want)
	}
	if h := d.Headings[1]; h.Text != "Creëren samen" || h.Level != 2 || h.Pos.Line != 6 || h.Pos.Col != 4 {
		t.Errorf("heading 1 = %+v", h)
	}
	html := render(t, d, nil)
	if !strings.Contains(html, `<h2 id="creeren-samen">`) {
		t.Errorf("rendered heading without id:\n%s", html)
	}
}

func TestLinkPositions(t *testing.T) {
	body := "Intro.\n\nZie [de doelen](../doelen/x.md#waarom) en ![een foto](foto.jpg).\n\n- lijst met [één link](a.md)\n"
	d := parse(t, body)
	want := []struct {
		dest      string
		line, col int
		image     bool
	}{
		{"../doelen/x.md#waarom", 6, 5, false},
		{"foto.jpg", 6, 43, true},
		{"a.md", 8, 13, false},
	}
	if len(d.Links) != len(want) {
		t.Fatalf("got %d links, want %d", len(d.Links), len(want))
	}
	for i, w := range want {
		l := d.Links[i]
		if l.Dest != w.dest || l.Pos.Line != w.line || l.Pos.Col != w.col || l.Image != w.image {
			t.Errorf("link %d = %q at %d:%d image=%v, want %q at %d:%d", i, l.Dest, l.Pos.Line, l.Pos.Col, l.Image, w.dest, w.line, w.col)
		}
	}
	html := render(t, d, Resolved{d.Links[0]: "/doelen/x/#waarom"})
	if !strings.Contains(html, `<a href="/doelen/x/#waarom">de doelen</a>`) {
		t.Errorf("link not rewritten:\n%s", html)
	}
	// Rendering again with other destinations must not keep the old ones.
	html = render(t, d, Resolved{d.Links[0]: "/b/"})
	if !strings.Contains(html, `href="/b/"`) {
		t.Errorf("second render kept stale destination:\n%s", html)
	}
}

func TestUnsafeContentDropped(t *testing.T) {
	body := "<script>alert(1)</script>\n\nTekst <b onclick=\"x()\">vet</b> en [klik](javascript:alert(1)) en [data](DATA:text/html,x) en [ok](https://example.org).\n\n![x](javascript:alert(1))\n"
	d := parse(t, body)
	html := render(t, d, nil)
	for _, bad := range []string{"<script", "onclick", "javascript:", "DATA:", "<b"} {
		if strings.Contains(html, bad) {
			t.Errorf("output contains %q:\n%s", bad, html)
		}
	}
	for _, keep := range []string{"klik", "vet", `<a href="https://example.org">ok</a>`} {
		if !strings.Contains(html, keep) {
			t.Errorf("output lost %q:\n%s", keep, html)
		}
	}
	var got []string
	for _, dg := range d.Diags {
		got = append(got, dg.String())
	}
	want := []string{
		`content/x.md:4:1: warning: raw HTML is not rendered; write it in Markdown instead`,
		`content/x.md:6:7: warning: raw HTML "<b onclick=\"x()\">" is not rendered; write it in Markdown instead`,
		`content/x.md:6:27: warning: raw HTML "</b>" is not rendered; write it in Markdown instead`,
		`content/x.md:6:35: warning: link to a javascript: address removed (only the text is kept)`,
		`content/x.md:6:66: warning: link to a data: address removed (only the text is kept)`,
		`content/x.md:8:1: warning: image from a javascript: address removed`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDangerous(t *testing.T) {
	tests := []struct {
		dest string
		bad  bool
	}{
		{"javascript:alert(1)", true},
		{" JavaScript:alert(1)", true},
		{"java\tscript:x", true},
		{"vbscript:x", true},
		{"data:image/png;base64,xx", true},
		{"file:///etc/passwd", true},
		{"https://example.org", false},
		{"mailto:a@b.nl", false},
		{"../doelen/x.md", false},
		{"javascript", false},
	}
	for _, tt := range tests {
		if _, bad := dangerous(tt.dest); bad != tt.bad {
			t.Errorf("dangerous(%q) = %v, want %v", tt.dest, bad, tt.bad)
		}
	}
}

func TestExtensionsAndText(t *testing.T) {
	body := "| Voorwaarde | Onderzoek |\n|---|---|\n| Gelijkwaardigheid | Team |\n\n~~weg~~ en https://example.org\n\n- [x] klaar\n\nTerm\n: Uitleg[^1]\n\n[^1]: Onderwijsraad, 2014.\n"
	d := parse(t, body)
	html := render(t, d, nil)
	for _, want := range []string{
		`<div class="tabel" role="region" aria-label="Tabel" tabindex="0"><table>`,
		"</table>\n</div>",
		"<del>weg</del>",
		`<a href="https://example.org">https://example.org</a>`,
		`type="checkbox"`,
		"<dl>", "<dt>Term</dt>",
		`id="fn:1"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	for _, want := range []string{"Gelijkwaardigheid\nTeam", "weg en https://example.org", "Onderwijsraad, 2014."} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("text missing %q:\n%s", want, d.Text)
		}
	}
}

func TestImageWithoutAlt(t *testing.T) {
	d := parse(t, "Tekst\n\n![](foto.jpg)\n")
	if len(d.Diags) != 1 || d.Diags[0].Pos.Line != 6 || d.Diags[0].Pos.Col != 1 || !strings.Contains(d.Diags[0].Message, "no alt text") {
		t.Errorf("diags = %v", d.Diags)
	}
}

func TestComplexityLimits(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"quotes", "Tekst\n\n" + strings.Repeat(">", 40) + " diep\n", "content/x.md:6:1: quotes nested 40 deep (at most 32); this is too complex to render"},
		{"indent", "Tekst\n" + strings.Repeat(" ", 300) + "- x\n", "content/x.md:5:1: line indented 300 columns (at most 256); this nesting is too deep to render"},
		{"unclosed links", "Intro\n" + strings.Repeat("[a](", 1001) + "\n", `content/x.md:5:3: 1001 links are opened with "](" but never closed with ")" (at most 1000); this is too complex to render`},
		{"fine", strings.Repeat("> ", 10) + "x\n\n" + strings.Repeat("[a](b) ", 2000) + "\n", ""},
		// checkComplexity searches for "](" only when there are more than
		// 1000 "]": at the limit, and past it with other "]" around.
		{"1000 unclosed", strings.Repeat("[a](", 1000) + "\n", ""},
		{"1000 unclosed, more ]", strings.Repeat("[a](", 1000) + "\n" + strings.Repeat("[b] ", 50) + "\n", ""},
		{"1001 unclosed, after ]", strings.Repeat("] ", 30) + "\n" + strings.Repeat("x](", 1001) + "\n", `content/x.md:5:2: 1001 links are opened with "](" but never closed with ")" (at most 1000); this is too complex to render`},
	}
	for _, tt := range tests {
		d := parse(t, tt.body)
		if got := strings.TrimSpace(d.Diags.String()); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
