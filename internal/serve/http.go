package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// state is one build as served: the files of the last good build and, when
// the latest build failed, its problems. It is never changed once published.
type state struct {
	files    map[string][]byte // output name ("themas/ict/index.html") -> bytes; nil before the first good build
	problems []string          // "path:line:col: message" lines of the latest build, when it failed
	version  string            // changes with every build; tells a reconnecting page that it is stale
}

// reserved is the URL prefix of the dev server's own files. Output names are
// slugs and static files, so nothing a site builds starts with it.
const reserved = "/__handboek/"

// maxPath bounds the length of a request path, encoded.
const maxPath = 1024

// contentTypes fixes the types of what a site serves, so they do not depend on
// the machine's mime tables; others come from mime.TypeByExtension.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".pdf":   "application/pdf",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// ServeHTTP serves the current state: the dev server's own files under
// /__handboek/, and otherwise only files of the last good build, looked up by
// name in memory, so nothing outside the build can be reached.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if len(r.URL.EscapedPath()) > maxPath || len(r.URL.RawQuery) > maxPath {
		http.Error(w, "path too long", http.StatusRequestURITooLong)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if strings.HasPrefix(r.URL.Path, reserved) {
		s.serveOwn(w, r, strings.TrimPrefix(r.URL.Path, reserved))
		return
	}

	st := s.state.Load()
	if st.files == nil {
		// No good build yet: every page is the list of problems.
		s.write(w, r, st, http.StatusInternalServerError, "index.html", []byte(brokenPage))
		return
	}
	if data, ok := st.files[name]; ok {
		s.write(w, r, st, http.StatusOK, name, data)
		return
	}
	if !strings.HasSuffix(name, "/index.html") && name != "index.html" {
		if _, ok := st.files[name+"/index.html"]; ok {
			// Clean URLs end in a slash: /themas/ict -> /themas/ict/
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	if data, ok := st.files["404.html"]; ok {
		s.write(w, r, st, http.StatusNotFound, "404.html", data)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// fileName turns a decoded request path into an output name ("/" ->
// "index.html", "/themas/" -> "themas/index.html"), refusing anything that is
// not a plain path inside the site: "." or ".." elements (also when they were
// percent-encoded once or twice), backslashes, NUL and other control
// characters, empty elements and invalid UTF-8.
func fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || !utf8.ValidString(p) {
		return "", false
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	for elem := range strings.SplitSeq(name, "/") {
		if !plainElem(elem) {
			return "", false
		}
		// Nor may decoding it again: %252e%252e arrives as %2e%2e. Names are
		// looked up as they are, so this only refuses what looks like an attack.
		for dec := elem; ; {
			next, err := url.PathUnescape(dec)
			if err != nil || next == dec {
				break
			}
			if !plainElem(next) {
				return "", false
			}
			dec = next
		}
	}
	return name, true
}

func plainElem(elem string) bool {
	if elem == "" || elem == "." || elem == ".." {
		return false
	}
	for _, r := range elem {
		if r < 0x20 || r == 0x7f || r == '\\' || r == '/' {
			return false
		}
	}
	return true
}

// write sends one file. HTML gets the live-reload script and, while the
// latest build is broken, the overlay with its problems.
func (s *Server) write(w http.ResponseWriter, r *http.Request, st *state, code int, name string, data []byte) {
	ct := contentType(name)
	if strings.HasPrefix(ct, "text/html") {
		data = inject(data, st)
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the dev server's additions just before </body> (or at the end
// of a page without one). Nothing is inline: pages carry a
// Content-Security-Policy that allows only scripts and styles of their origin.
func inject(page []byte, st *state) []byte {
	var add bytes.Buffer
	if len(st.problems) > 0 {
		add.WriteString(overlayHTML(st.problems, st.files != nil))
	}
	fmt.Fprintf(&add, `<script src="%sreload.js" data-version="%s" defer></script>`, reserved, html.EscapeString(st.version))
	i := lastIndexFold(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// overlayHTML shows problems over the page, escaped. reload.js builds the same
// markup when a build breaks while the page is open.
func overlayHTML(problems []string, old bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<link rel="stylesheet" href="%soverlay.css">`, reserved)
	b.WriteString(`<div id="handboek-overlay" role="alert"><p>`)
	if old {
		b.WriteString(overlayOld)
	} else {
		b.WriteString(overlayNone)
	}
	b.WriteString(`</p><pre>`)
	for i, p := range problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(html.EscapeString(p))
	}
	b.WriteString(`</pre></div>`)
	return b.String()
}

// The overlay's heading, in Dutch like the site; reload.js has the same texts.
const (
	overlayOld  = "De build is mislukt. Je ziet de laatste versie die wel lukte. Los dit op:"
	overlayNone = "De build is mislukt. Los dit op:"
)

// brokenPage is served for every page before the first good build.
const brokenPage = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Build mislukt</title></head><body></body></html>`

func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}
