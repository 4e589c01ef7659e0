// Package output is where every output byte ends: it minifies by file type
// (HTML, CSS, JS, JSON, SVG, XML with tdewolff/minify), names static CSS and
// JS files by their content hash, and writes either into a folder, atomically,
// or into memory for the dev server and tests. The writers store bytes as
// given; the build minifies each file once, in its rendering workers, so that
// an incremental build can reuse minified files.
//
// It is the last stage of the pipeline and knows nothing about pages.
package output

import (
	"bytes"
	"path"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies file contents by extension. It is safe for concurrent use.
type Minifier struct {
	m      *minify.M
	layout *minify.M // HTML with Go template actions
}

// htmlOptions are the HTML minifier's settings, for pages and for layouts.
// KeepQuotes also keeps html/template's escaping contexts in layouts as
// they were written.
func htmlOptions(delims [2]string) *html.Minifier {
	return &html.Minifier{
		KeepDocumentTags: true, // keep <html lang>, <head>, <body>: clearer for tools and assistive tech
		KeepEndTags:      true,
		KeepQuotes:       true,
		TemplateDelims:   delims,
	}
}

// NewMinifier returns the minifier every build uses.
func NewMinifier() *Minifier {
	layout := minify.New()
	layout.Add("text/html", htmlOptions(html.GoTemplateDelims))
	m := minify.New()
	m.Add("text/html", htmlOptions([2]string{}))
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minifier{m: m, layout: layout}
}

// Layout minifies the source of an HTML layout, leaving its {{ }} actions as
// they are. A page rendered from minified layouts, with its Markdown body
// minified on its own (HTML), needs no minifying as a whole: the build then
// minifies each layout once instead of its markup on every page, which was
// two thirds of the minifier's work. Whitespace next to an action stays (a
// newline at most), as the minifier cannot know what the action prints.
//
// Whitespace at either end of a layout stays too, as one character: the
// minifier drops it as the end of a document, but a partial ends where the
// layout that calls it goes on, maybe between two inline elements, where a
// space shows.
func (m *Minifier) Layout(src []byte) ([]byte, error) {
	if m == nil {
		return src, nil
	}
	small, err := m.layout.Bytes("text/html", src)
	if err != nil {
		return nil, err
	}
	if len(small) == 0 {
		if ws := edgeSpace(src); ws != 0 {
			return []byte{ws}, nil
		}
		return small, nil
	}
	out := make([]byte, 0, len(small)+2)
	if ws := edgeSpace(src[:len(src)-len(bytes.TrimLeft(src, spaces))]); ws != 0 && !bytes.HasPrefix(small, src[:1]) {
		out = append(out, ws)
	}
	out = append(out, small...)
	if ws := edgeSpace(src[len(bytes.TrimRight(src, spaces)):]); ws != 0 && !bytes.HasSuffix(small, src[len(src)-1:]) {
		out = append(out, ws)
	}
	return out, nil
}

const spaces = " \t\n\r\f"

// edgeSpace returns the one character that stands for a run of whitespace:
// a newline if it holds one, else a space; 0 for none.
func edgeSpace(run []byte) byte {
	switch {
	case len(run) == 0:
		return 0
	case bytes.IndexByte(run, '\n') >= 0:
		return '\n'
	}
	return ' '
}

// HTML minifies a fragment of HTML, such as a rendered Markdown body.
func (m *Minifier) HTML(b []byte) ([]byte, error) {
	if m == nil {
		return b, nil
	}
	return m.m.Bytes("text/html", b)
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".mjs":  "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "application/xml",
}

// Minify returns data minified for the type of name, or data itself for
// types it does not minify.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok || m == nil {
		return data, nil
	}
	// Bytes hands data to the minifier as it is; Minify with a bytes.Reader
	// made the parser copy every file first (io.ReadAll).
	out, err := m.m.Bytes(mt, data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Mem holds a site in memory: for the dev server and tests. Safe for
// concurrent use.
type Mem struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMem returns an empty in-memory site.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}} }

// WriteFile stores data under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// ReadFile returns the file at name.
func (m *Mem) ReadFile(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// Files returns a copy of all files by name.
func (m *Mem) Files() map[string][]byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string][]byte, len(m.files))
	for k, v := range m.files {
		out[k] = v
	}
	return out
}

// Discard accepts and drops everything: for `handboek check`, which runs the
// whole build but writes nothing.
type Discard struct{}

// WriteFile checks the name and drops the data.
func (Discard) WriteFile(name string, _ []byte) error { return checkName(name) }

// KeepsData says that Discard keeps nothing it is given.
func (Discard) KeepsData() bool { return false }
