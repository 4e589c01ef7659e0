package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fixed returns a server (not listening) that serves files as its last good build.
func fixed(files map[string]string, problems ...string) *Server {
	s := &Server{hub: newHub()}
	st := &state{files: map[string][]byte{}, problems: problems, version: "v1"}
	for name, data := range files {
		st.files[name] = []byte(data)
	}
	s.state.Store(st)
	return s
}

var siteFiles = map[string]string{
	"index.html":              "<!doctype html><html><head></head><body><p>home</p></body></html>",
	"themas/index.html":       "<html><body>themas</body></html>",
	"themas/ict/index.html":   "<html><BODY>ict</BODY></html>",
	"404.html":                "<html><body>niet gevonden</body></html>",
	"css/site.0123456789.css": "body{}",
	"feed.xml":                "<feed/>",
	"foto.jpg":                "JPEG",
	"zonder-body.html":        "<p>los</p>",
}

// raw sends a request line as a client could write it, unparsed by any
// client library, through the server's own request parser.
func raw(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")))
	if err != nil {
		// net/http refuses it before any handler: just as safe.
		rec.Code = http.StatusBadRequest
		return rec
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestPathTraversalRefused(t *testing.T) {
	s := fixed(siteFiles)
	for _, target := range []string{
		"/../../../../etc/passwd",
		"/themas/../../etc/passwd",
		"/themas/..",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E/%2E%2E/etc/passwd",
		"/themas/%2e%2e/%2e%2e/etc/passwd",
		"/..%2f..%2fetc%2fpasswd",
		"/%252e%252e/%252e%252e/etc/passwd",
		"/themas/%252e%252e%252f",
		"/%25252e%25252e/x",
		`/..\..\etc\passwd`,
		"/%5c..%5c..%5cetc%5cpasswd",
		"/themas%5cict/index.html",
		"/index.html%00.jpg",
		"/%00",
		"/themas/%0aict/",
		"//etc/passwd",
		"/themas//ict/",
		"/./index.html",
		"/%2e/index.html",
		"/%ff%fe/",
		"/" + strings.Repeat("a/", 2000),
		"/" + strings.Repeat("%2e%2e/", 300) + "etc/passwd",
		"etc/passwd",
		"*",
	} {
		rec := raw(t, s, target)
		if rec.Code != http.StatusBadRequest && rec.Code != http.StatusRequestURITooLong {
			t.Errorf("GET %.60s: %d, want 400 or 414", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "home") || strings.Contains(rec.Body.String(), "root:") {
			t.Errorf("GET %.60s: served %q", target, rec.Body.String())
		}
		if rec.Header().Get("Cache-Control") != "no-store" && rec.Code != http.StatusBadRequest {
			t.Errorf("GET %.60s: no Cache-Control", target)
		}
	}
}

func TestFileNames(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"/", "index.html"},
		{"/themas/", "themas/index.html"},
		{"/themas/ict/index.html", "themas/ict/index.html"},
		{"/css/site.0123456789.css", "css/site.0123456789.css"},
		{"/50%.pdf", "50%.pdf"},
		{"/Creëren samen.pdf", "Creëren samen.pdf"},
		{"/.nojekyll", ".nojekyll"},
		{"/..", ""},
		{"/a/../b", ""},
		{"/%2e%2e", ""},
		{"/a\\b", ""},
		{"/a\x00", ""},
		{"//x", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		got, ok := fileName(tt.path)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("fileName(%q) = %q, %v; want %q", tt.path, got, ok, tt.want)
		}
	}
}

func TestServeFromMemory(t *testing.T) {
	s := fixed(siteFiles)
	tests := []struct {
		target, want string
		code         int
		ctype        string
	}{
		{"/", "<p>home</p>", 200, "text/html; charset=utf-8"},
		{"/index.html", "<p>home</p>", 200, "text/html; charset=utf-8"},
		{"/themas/ict/", "ict", 200, "text/html; charset=utf-8"},
		{"/themas/ict", "", 301, ""},
		{"/themas/ict?x=1", "", 301, ""},
		{"/nergens/", "niet gevonden", 404, "text/html; charset=utf-8"},
		{"/css/site.0123456789.css", "body{}", 200, "text/css; charset=utf-8"},
		{"/feed.xml", "<feed/>", 200, "application/xml; charset=utf-8"},
		{"/foto.jpg", "JPEG", 200, "image/jpeg"},
		{"/zonder-body.html", "<p>los</p><script", 200, "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		rec := raw(t, s, tt.target)
		if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.want) || (tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype) {
			t.Errorf("GET %s: %d %q %q", tt.target, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: headers %v", tt.target, rec.Header())
		}
	}
	if loc := raw(t, s, "/themas/ict?x=1").Header().Get("Location"); loc != "/themas/ict/?x=1" {
		t.Errorf("redirect to %q", loc)
	}
	// The script goes just before </body>, whatever its case; nothing is inline.
	body := raw(t, s, "/themas/ict/").Body.String()
	if want := `ict<script src="/__handboek/reload.js" data-version="v1" defer></script></BODY></html>`; !strings.HasSuffix(body, want) {
		t.Errorf("injected page: %q", body)
	}
	// Non-HTML files are served as they are.
	if body := raw(t, s, "/css/site.0123456789.css").Body.String(); body != "body{}" {
		t.Errorf("CSS changed: %q", body)
	}
	// HEAD: headers only.
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("HEAD", "/", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "0" {
		t.Errorf("HEAD: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestOverlayEscaped(t *testing.T) {
	s := fixed(siteFiles, `content/x.md:3:1: unknown key "<script>alert(1)</script>"`, "layouts/base.html:12:5: & so on")
	for _, target := range []string{"/", "/themas/ict/", "/nergens/", "/zonder-body.html"} {
		body := raw(t, s, target).Body.String()
		if !strings.Contains(body, `<div id="handboek-overlay" role="alert">`) ||
			!strings.Contains(body, `content/x.md:3:1: unknown key &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;`) ||
			!strings.Contains(body, "layouts/base.html:12:5: &amp; so on") ||
			!strings.Contains(body, `href="/__handboek/overlay.css"`) {
			t.Errorf("GET %s: overlay missing or not escaped:\n%s", target, body)
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: unescaped", target)
		}
	}
	// Files other than HTML are left alone.
	if body := raw(t, s, "/feed.xml").Body.String(); body != "<feed/>" {
		t.Errorf("feed changed: %q", body)
	}
}

// TestServerKeepsAnswering sends hostile request lines over a real
// connection and checks that the server answers each, and a good one after.
func TestServerKeepsAnswering(t *testing.T) {
	s := fixed(siteFiles)
	srv := httptest.NewServer(s)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/etc/passwd",
		`/..\..\etc\passwd`, "/a%00b", "/" + strings.Repeat("x", 100000), "/",
	} {
		conn, err := net.Dial("tcp", addr)
		must(t, err)
		conn.SetDeadline(time.Now().Add(wait))
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Errorf("GET %.40s: %v", target, err)
			conn.Close()
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if target == "/" {
			if resp.StatusCode != 200 || !strings.Contains(string(body), "home") {
				t.Errorf("GET / after the attacks: %d", resp.StatusCode)
			}
		} else if resp.StatusCode < 400 || strings.Contains(string(body), "home") {
			t.Errorf("GET %.40s: %d %q", target, resp.StatusCode, body)
		}
	}
}
