package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/output"
	"golang.org/x/net/html"
)

// TestHostileContentStaysText builds a site whose frontmatter and body try to
// inject markup everywhere a value ends up: HTML text and attributes, <title>,
// meta tags, the feed, the sitemap and the search index. Nothing may come out
// as markup.
func TestHostileContentStaysText(t *testing.T) {
	const evil = `<script>alert(1)</script>" onmouseover="alert(2)' x='</title>`
	files := map[string]string{
		"content/_index.md":             "---\ntitle: 'Site " + strings.ReplaceAll(evil, "'", "''") + "'\ndescription: 'Over " + strings.ReplaceAll(evil, "'", "''") + "'\n---\n",
		"content/themas/kwaad.md":       "---\ntitle: 'Thema " + strings.ReplaceAll(evil, "'", "''") + "'\nsummary: 'Samenvatting " + strings.ReplaceAll(evil, "'", "''") + "'\n---\n\n## Kop " + evil + "\n\n<script>alert(3)</script>\n\n[klik](javascript:alert(4)) <img src=x onerror=alert(5)>\n",
		"content/goede-praktijken/a.md": "---\ntitle: 'Praktijk " + strings.ReplaceAll(evil, "'", "''") + "'\nthemas: [kwaad]\ndate: 2025-01-01\n---\n\nTekst.\n",
	}
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Both kinds of build: handboek build's (Once) renders from minified
	// layouts and minifies bodies on their own.
	for _, opts := range []Options{{Source: dir}, {Source: dir, Once: true}} {
		t.Run(fmt.Sprintf("once=%v", opts.Once), func(t *testing.T) { checkHostile(t, opts, evil) })
	}
}

// checkHostile builds the hostile site with opts and checks its output.
func checkHostile(t *testing.T, opts Options, evil string) {
	mem := output.NewMem()
	res := New(opts).Build(mem)
	if res.Problems.HasErrors(false) {
		t.Fatal(res.Problems)
	}
	if _, w := res.Problems.Count(); w < 3 {
		t.Errorf("dropped raw HTML and the javascript: link should be warnings; got %s", res.Problems)
	}
	for name, data := range mem.Files() {
		switch {
		case strings.HasSuffix(name, ".html"):
			if msg := markupFromContent(data); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		case strings.HasSuffix(name, ".xml"):
			if msg := xmlElements(data); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		case strings.HasSuffix(name, ".json"):
			if bytes.ContainsAny(data, "<>") {
				t.Errorf("%s: JSON without HTML escaping", name)
			}
		}
	}
	page, _ := mem.ReadFile("themas/kwaad/index.html")
	if h1 := elementText(page, "h1"); h1 != "Thema "+evil {
		t.Errorf("the hostile title is not shown as text: h1 = %q", h1)
	}
}

// markupFromContent parses a page as a browser would and reports a script
// that is not one of ours, an event-handler attribute, a javascript: address,
// or a <title> that a value broke out of.
func markupFromContent(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	titles := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if titles != 1 {
				return fmt.Sprintf("%d <title> elements", titles)
			}
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "title" {
				titles++
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") {
					return "event attribute " + a.Key + " on <" + tok.Data + ">"
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					return "javascript: address"
				}
			}
			if tok.Data == "script" && attr(tok, "src") == "" {
				return "inline script"
			}
			if tok.Data == "img" && attr(tok, "src") == "x" {
				return "injected image"
			}
		}
	}
}

// xmlElements parses a feed or sitemap and reports malformed XML or an
// element that came from content.
func xmlElements(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return "not well-formed: " + err.Error()
		}
		if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "script" || el.Name.Local == "img") {
			return "element <" + el.Name.Local + "> from content"
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// elementText returns the text of the first element named tag.
func elementText(page []byte, tag string) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	depth := 0
	var b strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if z.Token().Data == tag {
				depth++
			}
		case html.EndTagToken:
			if depth > 0 && z.Token().Data == tag {
				return b.String()
			}
		case html.TextToken:
			if depth > 0 {
				b.Write(z.Text())
			}
		}
	}
}
