package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// sameCases are bodies that exercise every rule of collect, the line index
// and Render's escaping: unsafe nodes in every place they change what the old
// passes saw (a dangerous image as the first thing in a link, in a heading, in
// alt text; raw HTML in list items), nesting, positions after line breaks.
var sameCases = []string{
	"",
	"\n\n\n",
	"# Titel\n\nTekst met [link](../a.md#x) en ![alt](foto.jpg).",
	"## Waarom samen?\n\n## **Creëren** samen\n\n## Waarom samen?\n\n### ?!\n",
	"# Kop met ![gevaar](javascript:alert(1)) erin\n\n# Kop met ![goed](a.png)",
	"# <b>vet</b> kop\n\n## kop <https://x.org> en <javascript:alert(1)>",
	"[![gevaar](javascript:x) tekst](a.md) en [![](javascript:y)](b.md)",
	"[<b>x</b>](c.md) en [](leeg.md) en ![](leeg.png) en [ ](spatie.md)",
	"![alt ![binnen](in.png) en [link](l.md) en ![weg](javascript:1)](buiten.png)",
	"![alt [js](javascript:1) **vet**](a.png)",
	"[js [binnen](x.md)](javascript:1) [js ![img](i.png)](javascript:2)",
	"- a\n\n  <div>x</div>\n\n- [b](b.md)\n  <span>y</span>\n",
	"<div>\nblok\n</div>\n\n[na](na.md)\n\n<!-- commentaar -->\n\n# Kop",
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>)",
	"![x\" onerror=\"alert(1)](a.png)",
	"| a | b |\n|---|---|\n| <b>c</b> | [d](d.md) |\n| ![e](e.png) | `f` |\n\n[^1]\n\n[^1]: voetnoot met [link](v.md)",
	"> > > diep\n\n- a\n  - b\n    - c [l](l.md)",
	"`code <script>` and ```\n<script>\n```\n\n    ingesprongen code\n    [geen](link.md)\n",
	"www.example.org and https://x.org/<script> en mail@example.org",
	"Term\n: <iframe src=x>\n: [uitleg](u.md)\n\nTerm 2\n: ![beeld](b.png)",
	"\xff\xfe invalid [\xff](\xfe.md)",
	"regel een  \nregel twee\\\nregel drie\nregel vier",
	"Tekst\r\nmet CRLF [link](a.md)\r\n\r\n# Kop\r\n",
	"\ttab [a](a.md)\n\t\t[b](b.md)",
	"Voetnoot[^a] en [^b].\n\n[^a]: Eerste [x](x.md).\n[^b]: Tweede ![y](y.png).",
	"[ref][1] en [ref2][] en [ref2]\n\n[1]: ../r.md#s\n[ref2]: <met spatie.md> \"titel\"",
	"- [x] klaar\n- [ ] niet [klaar](k.md)\n\n~~weg [link](w.md)~~",
	"[a](a.md)[b](b.md)![c](c.png)![d](d.png)",
	"*[nadruk](n.md)* **[vet](v.md)** ***![beide](b.png)***",
	"Setext kop\n==========\n\nNog een [link](s.md)\n---------------------",
	"# \n\n#\n\n## #\n\n# ![](x.png)",
	"1. een\n2. twee <b>\n3. [drie](3.md)\n\n> citaat ![c](c.png)\n> [d](javascript:1)",
	"[link met\nregelovergang](r.md) en ![alt\nmet regel](a.png)",
	"Créëren [één](één.md) ë ![ï](ï.png)\n\n## Ünïcödé kop",
	"é[a](b) ë[c](d)\xc3[e](f) \xe2\x82[g](h)\xa9[i](j) 日本[k](l)\xff[m](n) ![\xc3](o.png)[\xa9](p.md)",
	strings.Repeat("ë[a](b)\xc3 ", 300) + "\n" + strings.Repeat("[c](d)日", 300),
	strings.Repeat("[a](", 1001) + "\n",
	strings.Repeat(">", 40) + " diep\n[na](na.md)",
	"Intro\n" + strings.Repeat(" ", 300) + "- x\n",
	strings.Repeat("> ", 10) + "x\n\n" + strings.Repeat("[a](b) ", 200) + "\n",
	"[a](<javascript:x>) [b](java&#115;cript:x) [c](&#x6A;avascript:x) [d](\\javascript:x)",
	"<a href=\"x\">[in html](h.md)</a>",
	"[](javascript:x)![](javascript:y)<javascript:z>",
	"[x](javascrİpt:alert(1)) ![y](dİta:x) <fİle:z>",
	"http://a.nl https://b.nl/c?d=e ftp://f.nl/g (www.h.nl) *www.i.nl* _http://j.nl_ ~ftp://k.nl~ en l@m.nl.",
	"mail naar a.b@c.nl of @gebruiker; tijd 10:30 en x:y, www.zonder en wwwx.nl\n\t\twww.tab.nl en `http://code.nl`",
	"- lijst met www.lijst.nl\n> citaat met https://citaat.nl\n\n| a | http://cel.nl |\n|---|---|\n| b@c.nl | www.d.nl |",
	"[link www.in-link.nl](a.md) en ![alt http://in-alt.nl](b.png) en **http://vet.nl** en \\www.escaped.nl",
	"regel\nhttp://begin.nl en\n    www.ingesprongen.nl\n\ttab@mail.nl",
	"lang adres " + strings.Repeat("a", 63) + "@x.nl en " + strings.Repeat("b", 64) + "@y.nl en " + strings.Repeat("c", 65) + "@z.nl",
	"(" + strings.Repeat("d", 64) + "@e.nl) *" + strings.Repeat("f", 64) + "@g.nl* " + strings.Repeat("h", 70) + " i@j.nl",
	"-\twww.tab.nl\n-\t\ta@b.nl\n\n1.\thttps://c.nl\n\n>\tftp://d.nl\n\n- a\n\n\twww.e.nl en\tf@g.nl",
	"-\t\t" + strings.Repeat("k", 62) + "@l.nl\n-\t" + strings.Repeat("m", 63) + "@n.nl\n\n>\t\t" + strings.Repeat("o", 63) + "@p.nl\n\n1.\t\t\t" + strings.Repeat("q", 63) + "@r.nl",
	"www. www.a www.b.nl: http:x https:// ftp: @ a@ @b a@b a@b. x.www.c.nl wwww.d.nl",
	"een regel zonder iets, dan :: en @@ en daarna www.ver.weg.nl na heel veel woorden op deze ene lange regel hier",
	// White space at line ends, which goldmark trims differently with
	// linkify (cutKeepsSpace), in every block that holds text.
	"regel \t\nregel\t\t\nregel    \nregel \t  \nregel\r \nregel \r\nregel  \r\nregel\v\f\nslot \t",
	"# kop \t #\n\n## kop\t\t\n\n| a \t | b  \t |\n|---|---|\n| c \t\t | d  \n\n- lijst \t\n  verder\t \n> citaat  \t\n> meer \t",
	"Term \t\n: uitleg \t\n\n[^1]: noot \t\n  verder \t\n\n[^1] en `code \t\nspan` en *nadruk \t\nverder* en [label \t\nlink](a.md)",
	"hard  \nbreak\\\nzicht \t\\\nbaar  \t\n",
	// More headings than idUsed scans, with ids that collide with repeats.
	strings.Repeat("# Kop\n\n## Kop 1\n\n### Kop-2\n\n", 20) + "# <javascript:x>\n\n# ![a](javascript:y) Kop\n\n# Kop",
}

// sameFragments are pieces that sameBody joins into random bodies.
var sameFragments = []string{
	"# Kop", "## Kop", "### Andere kop", "Kop\n===", "tekst", "meer tekst",
	"[link](a.md)", "[link](../b/c.md#anker)", "[js](javascript:x)", "[](leeg.md)",
	"![alt](a.png)", "![](b.png)", "![js](javascript:y)", "![a ![b](c.png)](d.png)",
	"<b>", "</b>", "<div>\nblok\n</div>", "<!-- c -->", "<https://a.org>", "<javascript:z>",
	"www.example.nl", "*nadruk*", "**vet**", "`code`", "```\ncode [x](x.md)\n```",
	"- item", "  - sub", "1. genummerd", "> citaat", "| a | b |\n|---|---|\n| c | d |",
	"[^1]", "[^1]: voetnoot", "Term\n: uitleg", "- [ ] taak", "~~weg~~", "regel  ",
	"http://a.nl", "www.b.nl", "c@d.nl", "(www.e.nl)", "tijd 10:30", "*https://f.nl*", "regel \t", "regel\t\t", "regel    ", "[x](https://g.nl)", "`www.h.nl`", "\\*", "&amp;", "&#233;", "é", "\t", "    code", "---", "***", "[ref]", "[ref]: r.md",
}

func sameBody(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(12) {
		b.WriteString(sameFragments[r.IntN(len(sameFragments))])
		b.WriteString([]string{" ", "\n", "\n\n", "", " [x](y.md) "}[r.IntN(5)])
	}
	return b.String()
}

// sameDests are destinations that Render must escape exactly as goldmark's
// URLEscape and EscapeHTML do.
var sameDests = []string{
	"/handboek/themas/wordt/#voor-zijn", "", "/a b/", "/é/ë?q=1&r=\"2\"", "javascript:alert(1)",
	"JAVASCRIPT:x", "data:image/png;base64,xx", "data:image/svg+xml,x", "data:text/html,x", "vbscript:x",
	"file:///etc", "<script>", "%20%zz%", "%4", "a%2Fb", "\\*x", "&amp;&#65;&bogus;", "x\x00y", "\xff\xfe",
	"https://example.org/a?b=c&d=e", "mailto:a@b.nl", "#kop", "../r.md#s", "[]{}|^`", "'quote'", "日本",
}

// TestSameAsReference compares Parse and Render with the passes they replaced
// (reference_test.go) on the cases above, the fuzz corpus and random bodies.
func TestSameAsReference(t *testing.T) {
	bodies := append(slices.Clone(sameCases), fuzzCorpus(t)...)
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		bodies = append(bodies, sameBody(r))
	}
	md, ref := New(), refMarkdown()
	for i, body := range bodies {
		if msg := compareWithReference(md, ref, body, i); msg != "" {
			t.Errorf("body %d %q:\n%s", i, body, msg)
		}
	}
}

// fuzzCorpus returns the bodies in testdata/fuzz, the cases the fuzz tests
// found.
func fuzzCorpus(t *testing.T) []string {
	var bodies []string
	files, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, lit, ok := strings.Cut(string(b), "string(")
		if !ok {
			continue
		}
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(lit), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		bodies = append(bodies, s)
	}
	return bodies
}

// FuzzSameAsReference is TestSameAsReference on any body.
func FuzzSameAsReference(f *testing.F) {
	for _, s := range sameCases {
		f.Add(s)
	}
	md, ref := New(), refMarkdown()
	f.Fuzz(func(t *testing.T, body string) {
		if msg := compareWithReference(md, ref, body, len(body)); msg != "" {
			t.Fatalf("%q:\n%s", body, msg)
		}
	})
}

// compareWithReference parses body with md and with the old passes, and
// renders both with destinations picked by seed; it returns what differs.
func compareWithReference(md, ref *Markdown, body string, seed int) string {
	got := md.Parse("content/x.md", []byte(body), 3)
	want := refParse(ref, "content/x.md", []byte(body), 3)
	var diffs []string
	check := func(what string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			diffs = append(diffs, fmt.Sprintf("%s:\n got  %#v\n want %#v", what, g, w))
		}
	}
	check("Headings", got.Headings, want.Headings)
	check("Text", got.Text, want.Text)
	check("Diags", got.Diags, want.Diags)
	check("html", string(got.html), string(want.html))
	check("splices", got.splices, want.splices)
	check("err", fmt.Sprint(got.err), fmt.Sprint(want.err))
	if len(got.Links) != len(want.Links) {
		check("Links", got.Links, want.Links)
		return strings.Join(diffs, "\n")
	}
	for i := range got.Links {
		check("Link "+strconv.Itoa(i), *got.Links[i], *want.Links[i])
	}
	for k := range 3 {
		gd, wd := Resolved{}, Resolved{}
		for i := range got.Links {
			if k == 0 || (i+seed)%3 == 0 {
				continue // as written
			}
			d := sameDests[(i*7+seed+k)%len(sameDests)]
			gd[got.Links[i]], wd[want.Links[i]] = d, d
		}
		g, gerr := md.Render(got, gd)
		w, werr := refRender(want, wd)
		check("Render "+strconv.Itoa(k), string(g), string(w))
		check("Render error", fmt.Sprint(gerr), fmt.Sprint(werr))
	}
	return strings.Join(diffs, "\n")
}

// TestEscapeDest compares escapeDest with goldmark's escaping on every
// destination above and every single byte.
func TestEscapeDest(t *testing.T) {
	dests := append([]string(nil), sameDests...)
	for c := range 256 {
		dests = append(dests, string(rune(c)), "a"+string([]byte{byte(c)})+"b", "%"+string([]byte{byte(c)})+"f")
	}
	for _, d := range dests {
		if got, want := escapeDest(d), refDest(d); got != want {
			t.Errorf("escapeDest(%q) = %q, want %q", d, got, want)
		}
	}
}

// FuzzEscapeDest is TestEscapeDest on any destination.
// TestEscapeDestRandom compares escapeDest with goldmark's escaping on random
// destinations, mostly plain, with a byte to escape, a "%" escape or a
// dangerous scheme at any place (plainDest reads eight bytes at a time).
func TestEscapeDestRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	const plain = "abcxyzABZ019/-._~#?=&:"
	const other = " \"%<>[\\]^`{|}\x00\x7f\xc3\xa9\xff&"
	for range 200_000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = plain[r.IntN(len(plain))]
		}
		switch k := r.IntN(4); {
		case k == 1 && len(b) > 0:
			b[r.IntN(len(b))] = other[r.IntN(len(other))]
		case k == 2 && len(b) > 2:
			i := r.IntN(len(b) - 2)
			copy(b[i:], []string{"%20", "%zz", "%4", "%%2"}[r.IntN(4)])
		case k == 3:
			b = append([]byte([]string{"javascript:", "DATA:", "data:image/png;", "file:"}[r.IntN(4)]), b...)
		}
		d := string(b)
		if got, want := escapeDest(d), refDest(d); got != want {
			t.Fatalf("escapeDest(%q) = %q, want %q", d, got, want)
		}
	}
}

func FuzzEscapeDest(f *testing.F) {
	for _, d := range sameDests {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) {
		if got, want := escapeDest(d), refDest(d); got != want {
			t.Fatalf("escapeDest(%q) = %q, want %q", d, got, want)
		}
	})
}

func refDest(d string) string {
	if b := []byte(d); !html.IsDangerousURL(b) {
		return string(util.EscapeHTML(util.URLEscape(b, true)))
	}
	return ""
}

// TestDangerousSameAsReference compares dangerous with the version that
// built a string for every target.
func TestDangerousSameAsReference(t *testing.T) {
	dests := append([]string(nil), sameDests...)
	for _, s := range []string{"javascrİpt:x", "JAVASCRİPT:x", "dİta:x", "fİle:x", "javascript", "java script:x", "j\x00avascript:x",
		"\x7fdata:x", "javascriptx:x", "javascrip:x", "vbscrİpt:x", "\xffdata:x", "da\xffta:x", "datä:x", "DATA:", ":data", "abcdefghijklm:x", "abcdefghijkl:x",
		"", ".", "./javascript:x", "/javascript:x", "#javascript:x", ".data:x", " /data:x", "../../a.md#javascript:x"} {
		dests = append(dests, s)
	}
	for _, d := range dests {
		gs, gb := dangerous(d)
		ws, wb := refDangerous(d)
		if gs != ws || gb != wb {
			t.Errorf("dangerous(%q) = %q, %v; want %q, %v", d, gs, gb, ws, wb)
		}
		if bs, bb := dangerous([]byte(d)); bs != gs || bb != gb {
			t.Errorf("dangerous([]byte(%q)) = %q, %v; as a string %q, %v", d, bs, bb, gs, gb)
		}
	}
}

// TestCheckComplexitySameAsReference compares checkComplexity with the
// reference on random bodies of lines built to come near each limit and go
// past it: quotes, indentation of spaces and tabs, and links left open, with
// ordinary lines between.
func TestCheckComplexitySameAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	line := func() string {
		switch r.IntN(6) {
		case 0:
			return strings.Repeat([]string{">", "> ", ">\t"}[r.IntN(3)], 28+r.IntN(8)) + "x"
		case 1:
			return strings.Repeat([]string{" ", "\t", "  \t"}[r.IntN(3)], 50+r.IntN(220)) + []string{"x", ""}[r.IntN(2)]
		case 2:
			return strings.Repeat([]string{"[a](", "[a](b) ", "](", ")"}[r.IntN(4)], 1+r.IntN(1200))
		case 3:
			return ""
		}
		return []string{"Tekst [a](b.md) en meer.", "  - item", "> quote", "\t code", "x](y\n)"}[r.IntN(5)]
	}
	for range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(line())
			if r.IntN(8) > 0 {
				b.WriteByte('\n')
			}
		}
		body := []byte(b.String())
		li := newLineIndex("content/x.md", body, 3)
		got := checkComplexity(&li, body)
		want := refCheckComplexity(refNewLineIndex("content/x.md", body, 3), body)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("body %q:\n got  %v\n want %v", body, got, want)
		}
	}
}
