package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/output"
)

// TestSiteOverridesDefaults gives a site its own page layout and stylesheet:
// they replace the embedded defaults file by file, while every other layout
// and static file still comes from the defaults.
func TestSiteOverridesDefaults(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.MkdirAll(filepath.Join(dir, "static", "css"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "page.html"), []byte(`{{define "main"}}<p class="eigen">Eigen layout: {{.Title}}</p>{{end}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "static", "css", "site.css"), []byte("body { color: purple }"), 0o644)

	mem := output.NewMem()
	res := New(Options{Source: dir}).Build(mem)
	if res.Problems.HasErrors(false) {
		t.Fatal(res.Problems)
	}
	contact, _ := mem.ReadFile("contact/index.html")
	if !bytes.Contains(contact, []byte(`<p class="eigen">Eigen layout: Contact</p>`)) {
		t.Error("site's page.html not used for a plain page")
	}
	doel, _ := mem.ReadFile("doelen/autonomie/index.html")
	if bytes.Contains(doel, []byte("Eigen layout")) || !bytes.Contains(doel, []byte(`class="kenmerken"`)) {
		t.Error("a section's own default layout should still win over the site's page.html")
	}
	var css []byte
	for name, data := range mem.Files() {
		if strings.HasPrefix(name, "css/site.") {
			css = data
		}
	}
	if string(css) != "body{color:purple}" {
		t.Errorf("stylesheet = %q, want the site's own", css)
	}
	if _, ok := mem.ReadFile("404.html"); !ok {
		t.Error("default 404 layout missing")
	}
}
