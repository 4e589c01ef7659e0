package output

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMinify(t *testing.T) {
	m := NewMinifier()
	tests := []struct{ name, in, want string }{
		{"a.html", "<!doctype html>\n<html lang=\"nl\">\n<head><title> x </title></head>\n<body>\n  <p>  tekst  </p>\n<!-- weg -->\n</body></html>\n",
			`<!doctype html><html lang="nl"><head><title>x</title></head><body><p>tekst</p></body></html>`},
		{"a.css", "body {\n  color : red ;\n}\n", "body{color:red}"},
		{"a.js", "var  a = 1 ;\n// comment\n", "var a=1"},
		{"a.json", "{ \"a\" : [ 1, 2 ] }\n", `{"a":[1,2]}`},
		{"a.xml", "<a>\n  <b>x</b>\n</a>\n", "<a><b>x</b></a>"},
		{"a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<!-- c -->\n<rect width=\"10\" height=\"10\"/>\n</svg>", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`},
		{"a.txt", "  keep  me  ", "  keep  me  "},
		{"a.jpg", "\xff\xd8binary", "\xff\xd8binary"},
	}
	for _, tt := range tests {
		got, err := m.Minify(tt.name, []byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, bad := range []string{"", "/etc/passwd", "../x", "a/../../x", `a\b`, "a//b", "./a"} {
		if checkName(bad) == nil {
			t.Errorf("checkName(%q) accepted", bad)
		}
	}
	for _, good := range []string{"index.html", "a/b/index.html", ".nojekyll"} {
		if err := checkName(good); err != nil {
			t.Errorf("checkName(%q) = %v", good, err)
		}
	}
}

func TestDirCommitAndAbort(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/b/index.html", []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("../escape.html", []byte("x")); err == nil {
		t.Error("wrote outside the folder")
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("target exists before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(target, "a/b/index.html"))
	if string(got) != "<p>x</p>" {
		t.Errorf("written %q", got)
	}
	// A second, aborted build leaves the first in place.
	d2, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	d2.WriteFile("other.html", []byte("y"))
	d2.Abort()
	if _, err := os.Stat(filepath.Join(target, "a/b/index.html")); err != nil {
		t.Error("abort removed the previous site")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want only it", len(entries))
	}
}

func TestDirRefusesForeignFolder(t *testing.T) {
	target := t.TempDir()
	os.WriteFile(filepath.Join(target, "notes.txt"), []byte("mine"), 0o644)
	_, err := NewDir(target)
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("err = %v", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if _, err := NewDir(file); err == nil {
		t.Error("accepted a file as output folder")
	}
}

func TestStaticHashesCSSAndJS(t *testing.T) {
	fsys := fstest.MapFS{
		"static/css/site.css":     {Data: []byte("body {  color: red; }")},
		"static/js/a.js":          {Data: []byte("var  x = 1;")},
		"static/img/logo.png":     {Data: []byte("png")},
		"static/img/.DS_Store":    {Data: []byte("junk")},
		"static/robots-extra.txt": {Data: []byte("txt")},
	}
	assets, names, err := Static(fsys, NewMinifier(), func(n string) bool { return strings.HasPrefix(n, ".") })
	if err != nil {
		t.Fatal(err)
	}
	if len(assets) != 4 {
		t.Errorf("%d assets, want 4 (junk skipped)", len(assets))
	}
	css := names["css/site.css"]
	if !strings.HasPrefix(css, "css/site.") || !strings.HasSuffix(css, ".css") || len(css) != len("css/site.0123456789.css") {
		t.Errorf("css name %q", css)
	}
	if names["img/logo.png"] != "img/logo.png" {
		t.Errorf("png renamed to %q", names["img/logo.png"])
	}
	// The hash follows the content.
	fsys["static/css/site.css"] = &fstest.MapFile{Data: []byte("body{color:blue}")}
	_, names2, _ := Static(fsys, NewMinifier(), nil)
	if names2["css/site.css"] == css {
		t.Error("hash did not change with the content")
	}
}

// TestMinifyLayout checks what Layout promises: a page rendered from a
// minified layout, minified once more as a whole, is the page rendered from
// the layout as written and minified as a whole, so minifying layouts
// changes nothing a reader or the minifier can tell.
func TestMinifyLayout(t *testing.T) {
	m := NewMinifier()
	data := map[string]any{
		"Title": `Thema's & "quotes" <b>`, "URL": "/a b/?q=1&r=2", "On": true, "Off": false,
		"Items": []string{"een", "twee", "drie"}, "Body": template.HTML("<p>al\nminified</p>\n<ul>\n<li>x</li>\n</ul>\n"),
	}
	layouts := []string{
		"<!doctype html>\n<html lang=\"nl\">\n<head>\n<title>{{.Title}} · Handboek</title>\n</head>\n<body>\n<main>\n{{.Body}}\n</main>\n</body>\n</html>\n",
		"<nav>\n<ul>\n{{range .Items}}<li><a href=\"/{{.}}/\"{{if $.On}} aria-current=\"page\"{{end}}>{{.}}</a></li>\n{{end}}</ul>\n</nav>\n",
		"<p>\n  {{.Title}}   {{.Title}}\n  <em> {{if .Off}}x{{else}}y{{end}} </em>\n</p>",
		"{{- /* a comment\nover lines */ -}}\n<div class=\"a  b\" data-x=\"{{.URL}}\">\n  <span>{{.Title}}</span>\n</div>\n",
		"<pre>\n  keep   {{.Title}}\n    this\n</pre>\n<p>{{- .Title -}}  <br>  tekst</p>",
		"<a href=\"{{.URL}}\" title=\"{{.Title}}\">{{.Title}}</a> <a href=\"#x\">y</a>\n<!-- weg -->\n<input type=\"text\" value=\"{{.Title}}\" disabled=\"\">",
		"<svg class=\"merk\" viewBox=\"0 0 4 4\"><circle r=\"1\"/></svg>\n",
		"\n  <em>{{.Title}}</em>",
		"\n\n",
	}
	render := func(src []byte) []byte {
		tpl := template.Must(template.New("t").Parse(string(src)))
		var b strings.Builder
		if err := tpl.Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return []byte(b.String())
	}
	for _, src := range layouts {
		small, err := m.Layout([]byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if len(small) > len(src) {
			t.Errorf("%q: not minified: %q", src, small)
		}
		// Alone, and as a partial between two inline elements.
		for _, around := range [][2]string{{"", ""}, {"<p><b>a</b>", "<span>b</span></p>"}} {
			want, _ := m.HTML([]byte(around[0] + string(render([]byte(src))) + around[1]))
			got, _ := m.HTML([]byte(around[0] + string(render(small)) + around[1]))
			if string(got) != string(want) {
				t.Errorf("layout %q\nminified to %q\nrenders as %q\nwant        %q", src, small, got, want)
			}
		}
	}
}
