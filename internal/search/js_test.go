package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"
)

// dirWriter writes files under a folder.
type dirWriter string

func (d dirWriter) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// fixtureDocs is a small site for ranking, filter and marking cases.
func fixtureDocs() []Doc {
	arnhem := Term{Slug: "arnhem", Title: "Arnhem"}
	nijmegen := Term{Slug: "nijmegen", Title: "Nijmegen"}
	ict := Term{Slug: "ict", Title: "ICT"}
	burgerschap := Term{Slug: "burgerschap", Title: "Burgerschap"}
	gp := func(slug, title string) Doc {
		return Doc{URL: "/handboek/goede-praktijken/" + slug + "/", Title: title, Type: "goede-praktijken", TypeLabel: "Goede praktijk"}
	}
	mc := func(slug, title string) Doc {
		return Doc{URL: "/handboek/masterclasses/" + slug + "/", Title: title, Type: "masterclasses", TypeLabel: "Masterclass"}
	}
	var docs []Doc
	d := gp("ict-in-de-klas", "ICT in de klas")
	d.Summary, d.Text, d.Subregio, d.Themas = "Leerlingen werken met robots.", "Een les over programmeren.", arnhem, []Term{ict}
	docs = append(docs, d)
	d = gp("digitale-geletterdheid", "Digitale geletterdheid")
	d.Headings, d.Text, d.Subregio = []string{"ICT op school"}, "Over de inzet van computers.", nijmegen
	docs = append(docs, d)
	d = gp("computers", "Computers in het onderwijs")
	d.Text, d.Subregio, d.Themas = "Wij gebruiken ict en nog eens ict en ict voor alles.", arnhem, []Term{burgerschap}
	docs = append(docs, d)
	d = mc("samen-creeren", "Samen creëren")
	d.Summary, d.Text, d.Themas = "Nieuwe ideeën voor de klas.", "In deze masterclass creëren leraren en studenten samen lessen over burgerschap en ict.", []Term{ict, burgerschap}
	docs = append(docs, d)
	d = mc("leerkrachtvaardigheden", "Leerkrachtvaardigheden in de praktijk")
	d.Text, d.Subregio = "Masterclasses voor de coöperatie van leerkrachten.", nijmegen
	docs = append(docs, d)
	d = Doc{URL: "/handboek/over/", Title: "<script>alert(1)</script> Over ons", Type: "", TypeLabel: "Pagina", Text: "Een pagina met <b>markup</b> als tekst."}
	docs = append(docs, d)
	return docs
}

type jsCase struct {
	Name   string                    `json:"name"`
	Q      string                    `json:"q"`
	Filter map[string]string         `json:"filter,omitempty"`
	Want   []string                  `json:"want"`
	None   bool                      `json:"none,omitempty"`
	Counts map[string]map[string]int `json:"counts,omitempty"`
	Marks  []string                  `json:"marks,omitempty"`
	First  *struct {
		Type     string `json:"type"`
		Subregio string `json:"subregio"`
		Title    string `json:"title"`
	} `json:"first,omitempty"`
}

func urls(slugs ...string) []string {
	out := make([]string, len(slugs))
	for i, s := range slugs {
		out[i] = path.Join("/handboek", s) + "/"
	}
	return out
}

var jsCases = []jsCase{
	// A title hit first; then a thema tag plus a body hit, and a heading hit
	// (one tier); last three body hits.
	{Name: "title over tags and headings over body", Q: "ict ",
		Want: urls("goede-praktijken/ict-in-de-klas", "masterclasses/samen-creeren", "goede-praktijken/digitale-geletterdheid", "goede-praktijken/computers")},
	{Name: "diacritics folded", Q: "creeren", Want: urls("masterclasses/samen-creeren"), Marks: []string{"creëren", "creëren"}},
	{Name: "ideeen finds ideeën", Q: "ideeen ", Want: urls("masterclasses/samen-creeren"), Marks: []string{"ideeën"}},
	{Name: "masterclass finds masterclasses", Q: "masterclass ", Want: urls("masterclasses/leerkrachtvaardigheden", "masterclasses/samen-creeren")},
	{Name: "prefix on the last word", Q: "leerkracht", Want: urls("masterclasses/leerkrachtvaardigheden")},
	{Name: "unfinished word", Q: "cooperati", Want: urls("masterclasses/leerkrachtvaardigheden")},
	{Name: "all words required", Q: "ict burgerschap", Want: urls("masterclasses/samen-creeren", "goede-praktijken/computers")},
	{Name: "type filter by key", Q: "ict ", Filter: map[string]string{"type": "masterclasses"}, Want: urls("masterclasses/samen-creeren"),
		Counts: map[string]map[string]int{"type": {"goede-praktijken": 3, "masterclasses": 1}}},
	{Name: "type filter by label", Q: "ict ", Filter: map[string]string{"type": "masterclass"}, Want: urls("masterclasses/samen-creeren")},
	{Name: "subregio filter", Q: "ict ", Filter: map[string]string{"subregio": "arnhem"},
		Want:   urls("goede-praktijken/ict-in-de-klas", "goede-praktijken/computers"),
		Counts: map[string]map[string]int{"subregio": {"arnhem": 2, "nijmegen": 1}, "type": {"goede-praktijken": 2}, "thema": {"ict": 1, "burgerschap": 1}}},
	{Name: "thema filter", Q: "ict ", Filter: map[string]string{"thema": "burgerschap"}, Want: urls("masterclasses/samen-creeren", "goede-praktijken/computers")},
	{Name: "unknown filter value is no filter", Q: "ict burgerschap", Filter: map[string]string{"thema": "bestaat-niet"}, Want: urls("masterclasses/samen-creeren", "goede-praktijken/computers")},
	{Name: "nothing found", Q: "xyzzy", Want: []string{}},
	{Name: "stop words only", Q: "de een ", None: true},
	{Name: "markup is text", Q: "script", Want: urls("over"), Marks: []string{"script", "script"}},
	{Name: "result data", Q: "robots", Want: urls("goede-praktijken/ict-in-de-klas"),
		First: &struct {
			Type     string `json:"type"`
			Subregio string `json:"subregio"`
			Title    string `json:"title"`
		}{"Goede praktijk", "Arnhem", "ICT in de klas"}},
}

// TestJavaScript runs static/js/search.js under Node's test runner, as
// written and as the build minifies it: the stemmer against the shared
// vectors, and jsCases against an index written by Write. CI installs Node;
// without it the test is skipped.
func TestJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node not found: CI must install Node.js 20 or later")
		}
		t.Skip("node not found")
	}
	dir := t.TempDir()
	res, err := Write(dirWriter(dir), fixtureDocs(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases, err := json.Marshal(jsCases)
	if err != nil {
		t.Fatal(err)
	}
	casesFile := filepath.Join(dir, "cases.json")
	if err := os.WriteFile(casesFile, cases, 0o644); err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	src, err := os.ReadFile("../../static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := minify.New()
	m.AddFunc("application/javascript", js.Minify)
	small, err := m.Bytes("application/javascript", src)
	if err != nil {
		t.Fatalf("minifying search.js: %v", err)
	}
	minified := filepath.Join(dir, "search.min.js")
	if err := os.WriteFile(minified, small, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("search.js: %d bytes, minified %d, gzipped %d", len(src), len(small), gzipLen(small))

	for _, script := range []string{abs("../../static/js/search.js"), minified} {
		cmd := exec.Command(node, "--test", "--test-reporter=spec", abs("testdata/search.test.js"))
		cmd.Env = append(os.Environ(),
			"SEARCH_JS="+script,
			"STEM_VECTORS="+abs(vectorsFile),
			"SEARCH_INDEX="+filepath.Join(dir, filepath.FromSlash(path.Dir(res.Manifest))),
			"SEARCH_CASES="+casesFile,
		)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("node --test with %s: %v\n%s", filepath.Base(script), err, out)
		}
		if !strings.Contains(string(out), "pass") {
			t.Fatalf("node --test ran nothing?\n%s", out)
		}
	}
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}
