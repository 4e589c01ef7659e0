package content

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
)

var md = markdown.New()

func TestParseGoodPage(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: \"Het iXperium: een lab\"\r\nsubregio: arnhem\r\nthemas: ict\r\ndoelen: [autonomie, tevredenheid-studenten]\r\nwerkvormen:\r\n  - onderzoek\r\n  - ontwerpen\r\ndate: 2025-06-15\r\nweight: 010\r\n---\r\n\r\n## Aanleiding\r\n\r\nZie [doelen](../doelen/_index.md).\r\n"
	p, problems := Parse(md, "content/goede-praktijken/Het iXperium.md", []byte(src), Options{})
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if p.Slug != "het-ixperium" || p.Section != "goede-praktijken" || p.Kind != Regular || p.Path() != "goede-praktijken/het-ixperium/" {
		t.Errorf("page = slug %q section %q kind %v path %q", p.Slug, p.Section, p.Kind, p.Path())
	}
	m := p.Meta
	if m.Title != "Het iXperium: een lab" || m.Subregio.Slug != "arnhem" || m.Weight != 10 || m.Date.Format("2006-01-02") != "2025-06-15" {
		t.Errorf("meta = %+v", m)
	}
	if len(m.Themas) != 1 || m.Themas[0].Slug != "ict" || m.Themas[0].Pos.String() != "content/goede-praktijken/Het iXperium.md:4:9" {
		t.Errorf("themas = %+v", m.Themas)
	}
	if len(m.Doelen) != 2 || m.Doelen[1].Pos.Col != 21 || strings.Join(m.Werkvormen, ",") != "onderzoek,ontwerpen" {
		t.Errorf("doelen = %+v werkvormen = %v", m.Doelen, m.Werkvormen)
	}
	if l := p.Doc.Links[0]; l.Pos.Line != 15 || l.Pos.Col != 5 {
		t.Errorf("link pos = %v", l.Pos)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"unknown key", "content/goede-praktijken/x.md", "---\ntitle: X\nsubregoi: arnhem\n---\n",
			`content/goede-praktijken/x.md:3:1: unknown key "subregoi" (did you mean "subregio"?)`},
		{"key of other section", "content/themas/x.md", "---\ntitle: X\nsoort: proces\n---\n",
			`content/themas/x.md:3:1: unknown key "soort"; allowed keys here: title, summary, date, draft, weight, slug`},
		{"unquoted colon", "content/x.md", "---\ntitle: Samen: opleiden\n---\n",
			`content/x.md:2:13: the value of "title" contains a colon; put the value in quotes: title: "Samen: opleiden"`},
		{"tab", "content/x.md", "---\ntitle: X\nthemas:\n\t- ict\n---\n",
			`content/x.md:4:1: YAML does not allow tabs for indentation; use spaces`},
		{"missing title", "content/x.md", "---\nsummary: iets\n---\n",
			`content/x.md:1:1: missing required key "title"; add a line like: title: "..."`},
		{"bad enum", "content/doelen/x.md", "---\ntitle: X\nsoort: langetermjin\n---\n",
			`content/doelen/x.md:3:8: unknown soort "langetermjin" (did you mean "langetermijn"?); allowed: langetermijn, proces, tevredenheid`},
		{"bad werkvorm", "content/goede-praktijken/x.md", "---\ntitle: X\nwerkvormen: [onderzoek, ontwerp]\n---\n",
			`content/goede-praktijken/x.md:3:25: unknown werkvorm "ontwerp" (did you mean "ontwerpen"?); allowed: onderzoek, ontwerpen, uitvoeren`},
		{"bad date", "content/x.md", "---\ntitle: X\ndate: 2025-02-30\n---\n",
			`content/x.md:3:7: "date" is not a real date: "2025-02-30"`},
		{"date format", "content/x.md", "---\ntitle: X\ndate: 15 juni 2025\n---\n",
			`content/x.md:3:7: "date" must be a date written as YYYY-MM-DD (like 2025-06-15), not "15 juni 2025"`},
		{"bool", "content/x.md", "---\ntitle: X\ndraft: NO\n---\n",
			`content/x.md:3:8: "draft" must be true or false, not "NO"`},
		{"int", "content/x.md", "---\ntitle: X\nweight: eerste\n---\n",
			`content/x.md:3:9: "weight" must be a whole number, not "eerste"`},
		{"duplicate key", "content/x.md", "---\ntitle: X\ntitle: Y\n---\n",
			`content/x.md:3:1: key "title" appears twice (first on line 2); keep one`},
		{"unclosed", "content/x.md", "---\ntitle: X\n\nTekst\n",
			`content/x.md:1:1: frontmatter opened here is never closed; add a line with --- after the last key`},
		{"toml", "content/x.md", "+++\ntitle = \"X\"\n+++\n",
			`content/x.md:1:1: TOML frontmatter (+++) is not supported; write YAML between --- lines`},
		{"empty", "content/x.md", "\n\n",
			`content/x.md: file is empty; a page starts with frontmatter: a line ---, a line title: "Titel van de pagina", and a line ---`},
		{"latin-1", "content/x.md", "---\ntitle: Cr\xe9\xebren\n---\n",
			`content/x.md:2:10: invalid UTF-8 (byte 0xE9); save the file as UTF-8 (in most editors: "Save with encoding" > UTF-8)`},
		{"control", "content/x.md", "---\ntitle: X\x00\n---\n",
			`content/x.md:2:9: control character U+0000 is not allowed; delete it (it is invisible in most editors)`},
		{"url", "content/besturen/x.md", "---\ntitle: X\nwebsite: www.delta.nl\n---\n",
			`content/besturen/x.md:3:10: "website" must be a web address starting with https://, not "www.delta.nl"`},
		{"bad ref slug", "content/goede-praktijken/x.md", "---\ntitle: X\nsubregio: Arnhem Zuid\n---\n",
			`content/goede-praktijken/x.md:3:11: "subregio" must name a page of subregios/ by its slug (like "arnhem-zuid"), not "Arnhem Zuid"`},
		{"list for scalar", "content/x.md", "---\ntitle: [a, b]\n---\n",
			`content/x.md:2:8: "title" must be a single value, not a list`},
		{"nested index", "content/doelen/sub/_index.md", "---\ntitle: X\n---\n",
			`content/doelen/sub/_index.md: only a section folder directly under content/ can have an _index.md; move or rename this file`},
		{"too big", "content/x.md", "---\ntitle: X\n---\n" + strings.Repeat("a", 1<<20),
			`content/x.md: file is 1024 KiB, more than the limit of 1 MiB; split it into several pages`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse(md, tt.file, []byte(tt.src), Options{})
			if got := strings.TrimSpace(problems.String()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestParseTimeout(t *testing.T) {
	// 900 unclosed links stay under markdown's shape limits but take far
	// longer than a microsecond to parse; the hook holds the parse until the
	// caller has given up, however the goroutines are scheduled.
	release := holdParse(t, "content/traag.md")
	src := "---\ntitle: X\n---\n" + strings.Repeat("[a](", 900) + "\n"
	p, problems := Parse(md, "content/traag.md", []byte(src), Options{Timeout: time.Microsecond})
	release()
	want := "content/traag.md: the Markdown of this file took longer than 1µs to read; simplify it (deeply nested lists or quotes, thousands of links)"
	if p != nil || strings.TrimSpace(problems.String()) != want {
		t.Errorf("page %v, problems:\n%s", p, problems)
	}
}

// holdParse makes the parser of file wait before it parses until release
// is called, for as long as the test runs: a parse that overruns its
// deadline however the goroutines are scheduled.
func holdParse(t *testing.T, file string) (release func()) {
	gaveUp := make(chan struct{})
	hook := func(f string) {
		if f == file {
			<-gaveUp
		}
	}
	beforeParse.Store(&hook)
	release = sync.OnceFunc(func() { close(gaveUp) })
	t.Cleanup(func() {
		beforeParse.Store(nil)
		release() // if the test stopped before it did
	})
	return release
}

// TestParsersLiveOn checks that files parsed one after another share one
// parser goroutine instead of starting one each, and that a parser busy
// past its deadline does not hold up the next file.
func TestParsersLiveOn(t *testing.T) {
	src := []byte("---\ntitle: X\n---\nTekst met een [link](../y/).\n")
	Parse(md, "content/x.md", src, Options{}) // a parser is idle from here on
	before := parsersStarted.Load()
	for range 50 {
		if _, problems := Parse(md, "content/x.md", src, Options{}); len(problems) > 0 {
			t.Fatal(problems)
		}
	}
	if n := parsersStarted.Load() - before; n > 1 {
		t.Errorf("50 files parsed one after another started %d parsers, want at most 1", n)
	}

	// A parse that overruns its deadline: the parser holds the file until
	// the caller has given up on it, however the goroutines are scheduled.
	release := holdParse(t, "content/slow.md")
	_, problems := Parse(md, "content/slow.md", src, Options{Timeout: time.Millisecond})
	release()
	if len(problems) == 0 || !strings.Contains(problems.String(), "took longer than 1ms to read") {
		t.Fatalf("no timeout reported: %s", problems)
	}
	if p, problems := Parse(md, "content/x.md", src, Options{Timeout: time.Minute}); p == nil || len(problems) > 0 {
		t.Errorf("the file after a timeout: page %v, problems %s", p, problems)
	}
}

// TestParsersComeAndGo parses from several goroutines at once while idle
// parsers end after a few microseconds, so that parsers leave while callers
// claim them: every file is parsed, none waits for its deadline.
func TestParsersComeAndGo(t *testing.T) {
	parserIdle.Store(int64(20 * time.Microsecond))
	defer parserIdle.Store(int64(time.Second))
	src := []byte("---\ntitle: X\n---\nTekst.\n")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 300 {
				if p, problems := Parse(md, "content/x.md", src, Options{Timeout: time.Minute}); p == nil || len(problems) > 0 {
					t.Errorf("goroutine %d, file %d: page %v, problems %s", g, i, p, problems)
					return
				}
				if i%7 == g {
					time.Sleep(time.Duration(i%3) * 10 * time.Microsecond)
				}
			}
		})
	}
	wg.Wait()
	if n := idle.Load(); n < 0 {
		t.Errorf("idle parsers counted %d", n)
	}
}

// TestFrontmatterEnd checks that handing adrg/frontmatter only the bytes up
// to frontmatterSpan's end splits every file exactly as handing it the whole file.
func TestFrontmatterEnd(t *testing.T) {
	format := frontmatter.NewFormat("---", "---", func(data []byte, v any) error { return yaml.Unmarshal(data, v) })
	for _, src := range []string{
		"---\ntitle: a\n---\nbody\n",
		"---\ntitle: a\n---\n",
		"---\ntitle: a\n---",
		"\n\n  \n---\ntitle: a\n---\n\nbody\n---\nmore\n",
		"  ---  \ntitle: a\n\t---\t\nbody",
		"---\ntitle: a\n",
		"title: a\n---\n",
		"",
		"\n\n",
		"---\n---\nbody",
		"---\ntitle: a\n----\n---\nx",
		"+++\ntitle = 'a'\n+++\n",
	} {
		var whole, prefix yaml.Node
		wantBody, wantErr := frontmatter.MustParse(strings.NewReader(src), &whole, format)
		_, _, end := frontmatterSpan([]byte(src))
		rest, err := frontmatter.MustParse(strings.NewReader(src[:end]), &prefix, format)
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%q: error %v, whole file gives %v", src, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if len(rest) > 0 {
			t.Errorf("%q: the library read %q past the end frontmatterSpan gives", src, rest)
		}
		if body := src[end-len(rest):]; body != string(wantBody) {
			t.Errorf("%q: body %q, whole file gives %q", src, body, wantBody)
		}
	}
}

// checkTextReference is checkText as it was: decode every rune, count lines
// and columns all the way.
func checkTextReference(file string, src []byte) (diag.List, bool) {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		pos := diag.Pos{File: file, Line: line, Col: col}
		var l diag.List
		switch {
		case r == utf8.RuneError && n == 1:
			l.Errorf(pos, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8 (in most editors: \"Save with encoding\" > UTF-8)", src[i])
			return l, false
		case r == '\n':
			line, col = line+1, 0
		case r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			l.Errorf(pos, "control character U+%04X is not allowed; delete it (it is invisible in most editors)", r)
			return l, false
		}
		col++
		i += n
	}
	return nil, true
}

func TestCheckTextAsReference(t *testing.T) {
	cases := []string{"", "a\tb\nc ~", "é", "a\rb", "\x7f", "\x00", "\x1b[0m", "regel\nnog één\n\tmet \u0085 NEL",
		"ü\n\xff", "aé\xc3", "\u00a0 nbsp is fine", "\ufeff bom", "x\n\ny\x01", "\U0001F600\x7f"}
	pieces := []string{"a", "é", "\n", "\t", " ", "\r", "\x00", "\x7f", "\u0085", "\u00a0", "\xff", "\xc3", "💥", "ü"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(40) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(8) > 0 {
				p = pieces[rng.IntN(5)] // mostly good text, so problems come late
			}
			b.WriteString(p)
		}
		cases = append(cases, b.String())
	}
	for _, src := range cases {
		got, gotOK := checkText("content/x.md", []byte(src))
		want, wantOK := checkTextReference("content/x.md", []byte(src))
		if gotOK != wantOK || !reflect.DeepEqual(got, want) {
			t.Fatalf("checkText(%q) = %v %v, want %v %v", src, got, gotOK, want, wantOK)
		}
	}
}

// printable8 returns how many of the bytes of x come before its first byte
// that is not printable, as checkText reads notPrintable8.
func printable8(x uint64) int {
	return bits.TrailingZeros64(notPrintable8(x)) / 8
}

// printable8Reference is printable8 a byte at a time.
func printable8Reference(x uint64) int {
	for i := range 8 {
		if c := byte(x >> (8 * i)); c < 0x20 || c > 0x7e {
			return i
		}
	}
	return 8
}

// TestPrintable8 checks notPrintable8's lowest flag. It tries every byte value at every place of a printable word,
// then after it another byte that is not printable, and random words.
func TestPrintable8(t *testing.T) {
	check := func(x uint64) {
		if got, want := printable8(x), printable8Reference(x); got != want {
			t.Fatalf("printable8(%#016x) = %d, want %d", x, got, want)
		}
	}
	const base = 0x6162636465666768 // "hgfedcba"
	for i := range 8 {
		for c := range 256 {
			x := base&^(0xff<<(8*i)) | uint64(c)<<(8*i)
			check(x)
			for j := i + 1; j < 8; j++ {
				for _, d := range []uint64{0x00, 0x09, 0x1f, 0x7f, 0x80, 0xff} {
					check(x&^(0xff<<(8*j)) | d<<(8*j))
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1_000_000 {
		check(rng.Uint64())
		// Mostly printable words, each byte turned bad one time in 16.
		var x uint64
		for i := range 8 {
			c := uint64(0x20 + rng.IntN(0x5f))
			if rng.IntN(16) == 0 {
				c = uint64(rng.IntN(256))
			}
			x |= c << (8 * i)
		}
		check(x)
	}
}

// TestCheckTextEveryOffset puts each problem, and each character that needs
// a look of its own, at every offset of a line of ASCII, so that it falls at
// every place of the eight-byte words checkText reads.
func TestCheckTextEveryOffset(t *testing.T) {
	pieces := []string{"\x00", "\x01", "\x1f", "\x7f", "\t", "\n", "\u0085", "\u009f", "\u00a0", "é", "💥", "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80"}
	line := strings.Repeat("Samen opleiden, ~ {[a-z]} 0123! ", 2)
	for _, p := range pieces {
		for at := 0; at <= len(line); at++ {
			src := line[:at] + p + line[at:] + p
			got, gotOK := checkText("content/x.md", []byte(src))
			want, wantOK := checkTextReference("content/x.md", []byte(src))
			if gotOK != wantOK || !reflect.DeepEqual(got, want) {
				t.Fatalf("checkText(%q) = %v %v, want %v %v", src, got, gotOK, want, wantOK)
			}
		}
	}
}

// TestParseReusesRooms parses pages one after another, so that each fills
// the room of nodes the page before used (yamlRooms), and checks that no
// page's Meta changes once the next is parsed: Meta must keep no node.
func TestParseReusesRooms(t *testing.T) {
	srcs := []string{
		"---\ntitle: \"Eerste pagina\"\nsubregio: arnhem\nthemas: [ict, taal]\nwerkvormen:\n  - onderzoek\ndate: 2025-06-15\nweight: 3\n---\nTekst.\n",
		"---\ntitle: Tweede\nthemas: [rekenen]\nsummary: 'Een korte samenvatting, met komma'\n---\nMeer tekst.\n",
		"---\ntitle: Derde\nwerkvormen: [ontwerpen, uitvoeren]\ndraft: true\n---\n",
	}
	var pages []*Page
	var metas []string
	for round := range 3 {
		for i, src := range srcs {
			p, problems := Parse(md, "content/goede-praktijken/p.md", []byte(src), Options{})
			if len(problems) > 0 || p == nil {
				t.Fatalf("page %d: %v", i, problems)
			}
			if round == 0 {
				pages = append(pages, p)
				metas = append(metas, fmt.Sprintf("%+v", p.Meta))
			}
		}
	}
	for i, p := range pages {
		if got := fmt.Sprintf("%+v", p.Meta); got != metas[i] {
			t.Errorf("page %d: Meta changed after later pages were parsed:\n%s\nwas\n%s", i, got, metas[i])
		}
	}
}

// TestKeysFirst holds keys.first, which looks through a few keys and builds
// a map for many, to the first key of the name before the given index, on
// mappings of both sizes with repeated names.
func TestKeysFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 5, 32, 33, 100} {
		var content []*yaml.Node
		for i := range n {
			k := &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprintf("k%d", rng.IntN(n/2+1)), Line: i + 1}
			content = append(content, k, &yaml.Node{Kind: yaml.ScalarNode})
		}
		s := keys{content: content}
		for before := 0; before <= len(content); before += 2 {
			for name := range n/2 + 2 {
				key := fmt.Sprintf("k%d", name)
				var want *yaml.Node
				for i := 0; i < before; i += 2 {
					if content[i].Value == key {
						want = content[i]
						break
					}
				}
				if got := s.first(key, before); got != want {
					t.Fatalf("%d keys: first(%q, %d) = %v, want %v", n, key, before, got, want)
				}
			}
		}
	}
}
