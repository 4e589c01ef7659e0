package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// sameAsYAML checks fastYAML on data against yaml.Unmarshal: if the fast
// path accepts, yaml.v3 must accept too and build an equal tree. It returns
// whether the fast path accepted. The nodes go in a room from yamlRooms, as
// in Parse, so the cases of a test reuse rooms the cases before filled.
func sameAsYAML(t *testing.T, data string) bool {
	t.Helper()
	var got yaml.Node
	room := yamlRooms.Get().(*[]yaml.Node)
	defer putYAMLRoom(room)
	ok := fastYAML(data, &got, room)
	if !ok {
		if !reflect.DeepEqual(got, yaml.Node{}) {
			t.Errorf("%q: not handled, but root was set to\n%s", data, dumpNode(&got))
		}
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal([]byte(data), &want); err != nil {
		t.Errorf("%q: fast path accepted what yaml.v3 rejects: %v", data, err)
		return true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: fast path built\n%s\nyaml.v3 built\n%s", data, dumpNode(&got), dumpNode(&want))
	}
	return true
}

// dumpNode prints every field of a tree, one node a line, for diffs.
func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, indent string)
	walk = func(n *yaml.Node, indent string) {
		fmt.Fprintf(&b, "%skind=%d style=%d tag=%q value=%q at %d:%d anchor=%q alias=%v comments=%q/%q/%q content=%v\n",
			indent, n.Kind, n.Style, n.Tag, n.Value, n.Line, n.Column, n.Anchor, n.Alias != nil,
			n.HeadComment, n.LineComment, n.FootComment, n.Content != nil)
		for _, c := range n.Content {
			walk(c, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

func TestFastYAML(t *testing.T) {
	accepted := []string{
		"",
		"\n  \n",
		"title: X\n",
		"title: \"Het iXperium: een lab\"\nsubregio: arnhem\nthemas: ict\ndoelen: [autonomie, tevredenheid-studenten]\n",
		"title: 'it''s ''quoted'''\n",
		"title: \"a \\\"b\\\" \\\\ c\\n\\td\"\n",
		"title: \"  spaces  inside  \"   \n",
		"a: \"\"\nb: ''\n",
		"themas: [a, b,c ,  d  ]\n",
		"themas: []\nb: [ ]\n",
		"themas: [\"a, b\", 'c', \"d\" ,e]\n",
		"themas: [it's, a\"b, x&y]\n",
		"werkvormen:\n  - onderzoek\n  - \"ontwerpen\"\n  -   'uitvoeren'\n",
		"werkvormen:\n- onderzoek\n- ontwerpen\ntitle: x\n",
		"werkvormen:\n\n    - a\n\n    - b\n\ntitle: x\n",
		"werkvormen:   \n  - a\n",
		"weight: 10\nw: -3\nz: 0\nm: -0\nbig: 123456789012345678\n",
		"date: 2025-06-15\nbad: 2025-02-30\nzero: 0000-01-01\nmonth: 2025-13-01\n",
		"draft: true\nvoorloper: False\nx: TRUE\ny: yes\nn: NO\non: on\n",
		"summary:\ntitle: x\nlast:\n",
		"summary: ~\nx: null\ny: Null\nz: NULL\nw: ~x\nv: nullish\n",
		"\n\ntitle: x\n\n\nsummary: y\n  \n",
		"title: x   \n",
		"website: https://www.x.nl/pad?q=1&r=2\n",
		"title: Creëren 💥 ü\nthemas: [é, 'ü', x, \"ë\"]\nlocatie: café  \u00a0\n",
		"title: a, b [c] {d} e&f *g !h |i >j 'k' \"l\" %m @n `o` -p ?q\n",
		"title: C:/x\n",
		"a: [-1, 2025-01-01, true, null, ~, 7]\n",
		"a-b_c: x\nA9: y\n",
		"partners: [\"Stichting A: B\", 'C # D']\n",
		"title: \"# not a comment\"   \n",
	}
	for _, data := range accepted {
		if !sameAsYAML(t, data) {
			t.Errorf("%q: not handled, want handled", data)
		}
	}

	rejected := []string{
		"title: X # c\n", "# c\ntitle: X\n", "title: X\n# c\n", "title: C#\n",
		"title: &a X\n", "title: X\nsummary: *a\n", "title: !!str X\n", "title: !x X\n",
		"title: |\n  x\n", "title: >\n  x\n", "title: |-\n",
		"title: a\n  b\n", "title: a\n\n  b\n", "title: \"a\n  b\"\n", "title: 'a\n b'\n",
		"\ttitle: x\n", "title:\tx\n", "title: x\t\n", "a:\n\t- b\n",
		"  title: x\n", " title: x\n  summary: y\n",
		"title: x\ntitle: y\n",
		"a: 1e3\n", "a: 0x1\n", "a: 0o7\n", "a: .inf\n", "a: -.inf\n", "a: .5\n", "a: 010\n", "a: 09\n",
		"a: 1.5\n", "a: +1\n", "a: 1_000\n", "a: 2025-06-15T10:00:00Z\n", "a: 2025-06-15 10:00\n",
		"a: 2025-6-1\n", "a: 1234567890123456789\n", "a: <<\n", "<<: x\n", "a: 12 apen\n", "a: 10:30\n",
		"true: x\n", "null: x\n", "1: x\n", "~: x\n", "_a: x\n", "\"a\": x\n", "'a': x\n", "? a\n",
		"a: [b: c]\n", "a: [a, ]\n", "a: [a,,b]\n", "a: [,]\n", "a: [a\n", "a: [a,\n  b]\n", "a: [[a]]\n",
		"a: [{b}]\n", "a: {b: c}\n", "a: [a] x\n", "a: [a]]\n", "a: [a?]\n", "a: [-]\n", "a: [a # b]\n",
		"a:\n  b: c\n", "a:\n  b\n", "a:\n  - b\n   - c\n", "a:\n  - b\n - c\n", "a:\n  - b\n    c\n",
		"a:\n  - b\n- c\n", "a:\n  -\n", "a:\n  - \n", "a:\n  - [x]\n", "a:\n  - - x\n", "a:\n  - b: c\n", "a:\n-x\n",
		"a: b: c\n", "a: b:\n", "a: b :\n", "a:b\n", "a : b\n", "a\n", "a: x\n- b\n", "- a\n",
		"a: ? b\n", "a: %x\n", "a: @x\n", "a: `x\n", "a: -\n", "a: -x\n", "a: --1\n", "a: {\n", "a: ]\n", "a: ,x\n",
		"a: 'x' y\n", "a: \"x\":\n", "a: \"x\" # c\n", "a: \"x\\\"\n", "a: \"x\\\n", "a: 'x\n", "a: \"x\\x41\"\n", "a: \"x\\u00e9\"\n", "a: \"\\/\"\n",
		"a: x\r\n", "a: x", "a: \ufeffx\n", "a: x\u2028y\n", "a: x\u0085y\n", "a: x\x00\n", "a: x\x7f\n", "a: \xff\n", "a: \xef\xbf\xbe\n",
		"---\n", "...\n", "%YAML 1.2\n", "a: x\n---\n",
		strings.Repeat("k", 65) + ": x\n",
	}
	for _, data := range rejected {
		if sameAsYAML(t, data) {
			t.Errorf("%q: handled, want not handled (yaml.v3 reads it)", data)
		}
	}
}

// TestFastYAMLRandom compares the fast path with yaml.v3 on frontmatter
// pieced together from keys, values and the characters that sit at the edge
// of what the fast path reads: quotes, escapes, brackets, colons, comments,
// indentation, tabs, numbers, dates. Random bytes (the fuzzer's start) seldom
// fall inside the subset; a good part of these do.
func TestFastYAMLRandom(t *testing.T) {
	// Each piece comes from its usual list, and one time in ten from the
	// list of unusual ones.
	keys := [2][]string{{"title", "a", "b-c", "x_y", "y", "A1"}, {"true", "null", "1", " k", "k\t", "#k", "-k", "k k"}}
	seps := [2][]string{{": ", ":  "}, {":", " : ", ":\t", ": #"}}
	values := [2][]string{
		{"x", "Crëren 💥", "1", "-1", "0", "2025-06-15", "2025-02-30", "true", "NO", "~", "null", "https://x.nl/", "a, b",
			`"q"`, `'s'`, `"a\"b"`, `"\\"`, `"\t\n"`, `'it''s'`, "[a, b]", "[]", `["x", 'y']`, "[-1, true]", `"#: x"`, "x\u00a0"},
		{"010", "1.5", "1e3", "0x1", ".inf", "2025-6-1", "[a,", "a]", " ", "#", " #", ":", ": ", "[", "]", ",", "-", "- ",
			"&a", "*a", "!t", "|", ">", `"\u00e9"`, "\\", "\t", "{", "}", "?", "%", "\r", "\u2028", "\ufeff", "'", `"`},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(l [2][]string) string {
		if rng.IntN(10) == 0 {
			return l[1][rng.IntN(len(l[1]))]
		}
		return l[0][rng.IntN(len(l[0]))]
	}
	accepted := 0
	const cases = 20000
	for range cases {
		var b strings.Builder
		for i := range 1 + rng.IntN(4) {
			key := pick(keys) + strconv.Itoa(i) // mostly distinct
			switch rng.IntN(20) {
			case 0, 1:
				b.WriteString(strings.Repeat(" ", rng.IntN(2)) + "\n")
			case 2, 3:
				b.WriteString(key + ":\n")
				indent := strings.Repeat(" ", rng.IntN(3))
				for range rng.IntN(3) {
					if rng.IntN(6) == 0 {
						indent = strings.Repeat(" ", rng.IntN(3))
					}
					b.WriteString(indent + "- " + pick(values) + "\n")
				}
			case 4: // the value goes on, or a nested key
				b.WriteString(strings.Repeat(" ", rng.IntN(3)) + pick(values) + "\n")
			default:
				b.WriteString(key + pick(seps))
				b.WriteString(pick(values))
				if rng.IntN(4) == 0 {
					b.WriteString(pick(values))
				}
				b.WriteString("\n")
			}
		}
		if sameAsYAML(t, b.String()) {
			accepted++
		}
	}
	if accepted < cases/4 {
		t.Errorf("the fast path read only %d of %d cases; the test no longer tests much", accepted, cases)
	}
	t.Logf("fast path read %d of %d", accepted, cases)
}

// oldFrontmatter is the frontmatter as Parse read it before readFrontmatter:
// always through adrg/frontmatter and yaml.v3.
func oldFrontmatter(src []byte, root *yaml.Node) ([]byte, error) {
	_, _, end := frontmatterSpan(src)
	rest, err := frontmatter.MustParse(bytes.NewReader(src[:end]), root, yamlFormat)
	return src[end-len(rest):], err
}

// sameAsBefore checks that readFrontmatter returns what oldFrontmatter does.
func sameAsBefore(t *testing.T, src string) {
	t.Helper()
	var got, want yaml.Node
	front, body, err := readFrontmatter([]byte(src), &got, nil)
	wantBody, wantErr := oldFrontmatter([]byte(src), &want)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) || (err == nil) != (wantErr == nil) {
		t.Errorf("%q: error %v, want %v", src, err, wantErr)
	}
	if !bytes.Equal(body, wantBody) {
		t.Errorf("%q: body %q, want %q", src, body, wantBody)
	}
	if front != src[:len(src)-len(body)] {
		t.Errorf("%q: front %q, want all before the body", src, front)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: tree\n%s\nwant\n%s", src, dumpNode(&got), dumpNode(&want))
	}
}

func TestReadFrontmatter(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: a\n---\nbody\n",
		"---\ntitle: a\n---\n",
		"---\ntitle: a\n---",
		"\n\n  \n---\ntitle: a\n---\n\nbody\n---\nmore\n",
		"  ---  \ntitle: a\n\t---\t\nbody",
		"---\ntitle: a\n",
		"---",
		"title: a\n---\n",
		"",
		"\n\n",
		"---\n---\nbody",
		"---\n\n---\nbody",
		"---\ntitle: a\n----\n---\nx",
		"---\ntitle: a # c\n---\nx",
		"---\ntitle: [a\n---\nx",
		"---\ntitle: a\ntitle: b\n---\nx",
		"---\n- a\n---\nx",
		"+++\ntitle = 'a'\n+++\n",
		"---\ntitle: a\r\n---\r\nx",
	} {
		sameAsBefore(t, src)
	}
}

// FuzzFastFrontmatter checks the fast path against yaml.v3 and
// adrg/frontmatter: whenever fastYAML accepts a text, yaml.v3 builds an
// equal tree from it, and readFrontmatter reads every file (as text between
// "---" lines or as a whole) as the libraries alone did: the same tree, body
// and error.
func FuzzFastFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: \"Alle naar de kust\"\nsummary: \"Van a: b.\"\ndate: 2025-06-09\nsubregio: arnhem\nthemas: [a-b, c]\nwerkvormen: [uitvoeren]\n---\n\nTekst\n",
		"---\ntitle: Over dit handboek\nweight: 10\ndraft: false\n---\n",
		"---\ntitle: 'x'\nbesturen:\n  - stichting-a\n  - stichting-b\n---\n",
		"---\ntitle: x\nbesturen:\n- a\n- 'b'\nsoort: proces\n---\n",
		"---\ntitle: \"a \\\"b\\\" \\\\\"\nlocatie: café\nvoorloper: true\nx: ~\ny:\n---\n",
		"---\ntitle: a\n  b\n---\n",
		"---\ntitle: [a, b, ]\n---\n",
		"---\ntitle: 010\n---\n",
		"title: x # c\n",
		"a:\n  - b\n - c\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		sameAsYAML(t, src)
		sameAsBefore(t, src)
	})
}

// BenchmarkFrontmatter reads the frontmatter of every file of a generated
// site ($CONTENT_BENCH_SITE, default /tmp/b10k, as `make bench` leaves it;
// skipped without it), the way Parse did before the fast path and the way it
// does now. One op is all the files.
func BenchmarkFrontmatter(b *testing.B) {
	site := os.Getenv("CONTENT_BENCH_SITE")
	if site == "" {
		site = "/tmp/b10k"
	}
	var files [][]byte
	err := filepath.WalkDir(filepath.Join(site, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		files = append(files, src)
		return err
	})
	if err != nil || len(files) == 0 {
		b.Skipf("no generated site at %s (%v)", site, err)
	}
	for _, bb := range []struct {
		name string
		read func([]byte, *yaml.Node) ([]byte, error)
	}{{"adrg+yaml.v3", oldFrontmatter}, {"fast", func(src []byte, root *yaml.Node) ([]byte, error) {
		room := yamlRooms.Get().(*[]yaml.Node)
		defer putYAMLRoom(room)
		_, body, err := readFrontmatter(src, root, room)
		return body, err
	}}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, src := range files {
					var root yaml.Node
					if _, err := bb.read(src, &root); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestParseDate holds parseDate equal to time.Parse with both layouts it
// stands for, on every day of the months around the edges of real dates.
func TestParseDate(t *testing.T) {
	for _, y := range []int{0, 1, 1900, 1999, 2000, 2023, 2024, 2100, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				got, ok := parseDate(s)
				for _, layout := range []string{"2006-01-02", "2006-1-2"} {
					want, err := time.Parse(layout, s)
					if ok != (err == nil) || got != want {
						t.Errorf("parseDate(%q) = %v, %v; time.Parse(%q) = %v, %v", s, got, ok, layout, want, err)
					}
				}
			}
		}
	}
}
