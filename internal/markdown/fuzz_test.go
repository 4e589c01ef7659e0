package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRender parses and renders arbitrary Markdown with every link resolved to
// a fixed address. Invariants: no panic, valid UTF-8 out, and nothing from the
// content becomes markup that runs code: no <script>, <iframe> or <style>
// element, no on* event attribute, no javascript: or data: address.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Titel\n\nTekst met [link](../a.md#x) en ![alt](foto.jpg).",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>)",
		"![x\" onerror=\"alert(1)](a.png)",
		"| a | b |\n|---|---|\n| <b>c</b> | d |\n\n[^1]\n\n[^1]: voetnoot",
		"> > > diep\n\n- a\n  - b\n    - c",
		"`code <script>` and ```\n<script>\n```",
		"www.example.org and https://x.org/<script>",
		"Term\n: <iframe src=x>",
		"\xff\xfe invalid",
	} {
		f.Add(s)
	}
	md := New()
	f.Fuzz(func(t *testing.T, src string) {
		doc := md.Parse("content/x.md", []byte(src), 0)
		dests := Resolved{}
		for _, l := range doc.Links {
			dests[l] = "/resolved/"
		}
		html, err := md.Render(doc, dests)
		if err != nil {
			t.Fatalf("render error: %v", err)
		}
		if utf8.ValidString(src) && !utf8.Valid(html) {
			t.Fatalf("invalid UTF-8 out of valid input")
		}
		if msg := unsafeMarkup(string(html)); msg != "" {
			t.Fatalf("%s in output of %q:\n%s", msg, src, html)
		}
		if !utf8.ValidString(doc.Text) && utf8.ValidString(src) {
			t.Fatalf("invalid UTF-8 in plain text")
		}
	})
}

// unsafeMarkup scans HTML as goldmark writes it (double-quoted attributes,
// text escaped) and says what would run code, or "".
func unsafeMarkup(h string) string {
	for i := 0; i < len(h); i++ {
		if h[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(h) && h[j] == '/' {
			continue
		}
		start := j
		for j < len(h) && isNameByte(h[j]) {
			j++
		}
		tag := strings.ToLower(h[start:j])
		switch tag {
		case "script", "iframe", "style", "object", "embed", "svg", "math":
			return "<" + tag + "> element"
		}
		// attributes
		for j < len(h) && h[j] != '>' {
			for j < len(h) && (h[j] == ' ' || h[j] == '\n' || h[j] == '/') {
				j++
			}
			ns := j
			for j < len(h) && isNameByte(h[j]) {
				j++
			}
			name := strings.ToLower(h[ns:j])
			if strings.HasPrefix(name, "on") {
				return "event attribute " + name
			}
			val := ""
			if j < len(h) && h[j] == '=' {
				j++
				if j < len(h) && h[j] == '"' {
					end := strings.IndexByte(h[j+1:], '"')
					if end < 0 {
						return "unterminated attribute"
					}
					val = h[j+1 : j+1+end]
					j += end + 2
				}
			}
			if (name == "href" || name == "src") && dangerousValue(val) {
				return "dangerous " + name + " " + val
			}
			if ns == j {
				j++ // skip a stray byte
			}
		}
		i = j
	}
	return ""
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ':'
}

func dangerousValue(v string) bool {
	v = strings.NewReplacer("&#x3A;", ":", "&#58;", ":", "&colon;", ":").Replace(v)
	_, bad := dangerous(v)
	return bad
}
