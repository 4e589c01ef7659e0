package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	handboek "github.com/samenopleiden/handboek"
)

// serveFigures are edit-to-served-page times of `handboek serve`.
type serveFigures struct {
	Start  time.Duration   // from start to the first page served
	Body   []time.Duration // one page's body edited
	Layout []time.Duration // layouts/base.html edited: every page changes
}

// measureServe starts `handboek serve` on the site, saves edits and polls the
// served page over HTTP until the new text is there. It needs a binary with a
// serve command; it gives every file it touched its bytes back.
func measureServe(bin, site string, edits, layoutEdits int) (*serveFigures, error) {
	help, _ := exec.Command(bin, "help").CombinedOutput()
	if !bytes.Contains(help, []byte("serve")) {
		return nil, errors.New("handboek has no serve command yet")
	}
	pages, err := editablePages(site, edits)
	if err != nil {
		return nil, err
	}
	editLayout, removeLayout, err := baseLayout(site)
	if err != nil {
		return nil, err
	}
	defer removeLayout()

	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "handboek-serve-*.log")
	if err != nil {
		return nil, err
	}
	defer os.Remove(logFile.Name())
	defer logFile.Close()
	cmd := exec.Command(bin, "serve", "--source", site, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer stop(cmd)
	serverLog := func() string {
		b, _ := os.ReadFile(logFile.Name())
		return tail(string(b), 1500)
	}

	root := "http://" + addr + "/"
	client := &http.Client{Timeout: 10 * time.Second}
	if _, err := waitFor(client, root, nil, 10*time.Minute); err != nil {
		return nil, fmt.Errorf("serve never answered: %v\n%s", err, serverLog())
	}
	f := &serveFigures{Start: time.Since(start)}

	for i, p := range pages {
		time.Sleep(300 * time.Millisecond) // let the watcher's debounce settle
		token := fmt.Sprintf("servebewerking%d", i)
		restore, err := appendParagraph(filepath.Join(site, p), token)
		if err != nil {
			return nil, err
		}
		defer restore()
		d, err := waitFor(client, root+pageURL(p), []byte(token), time.Minute)
		if err != nil {
			return nil, fmt.Errorf("body edit %d: %v\n%s", i, err, serverLog())
		}
		f.Body = append(f.Body, d)
	}
	for i := range layoutEdits {
		time.Sleep(300 * time.Millisecond)
		token := fmt.Sprintf("layoutbewerking%d", i)
		start := time.Now()
		if err := editLayout(token); err != nil {
			return nil, err
		}
		if _, err := waitFor(client, root+pageURL(pages[i%len(pages)]), []byte(token), 5*time.Minute); err != nil {
			return nil, fmt.Errorf("layout edit %d: %v\n%s", i, err, serverLog())
		}
		f.Layout = append(f.Layout, time.Since(start))
	}
	return f, nil
}

// baseLayout gives the site a layouts/base.html of its own, the embedded
// one, present from the start so that edits change a file a build reads.
// edit saves it with a paragraph holding token at the end of the body;
// remove takes the site's layouts/ away again.
func baseLayout(site string) (edit func(token string) error, remove func(), err error) {
	base, err := fs.ReadFile(handboek.Defaults, "layouts/base.html")
	if err != nil {
		return nil, nil, err
	}
	if !bytes.Contains(base, []byte("</body>")) {
		return nil, nil, errors.New("layouts/base.html has no </body> to put an edit before")
	}
	layouts := filepath.Join(site, "layouts")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		return nil, nil, err
	}
	remove = func() { os.RemoveAll(layouts) }
	file := filepath.Join(layouts, "base.html")
	if err := os.WriteFile(file, base, 0o644); err != nil {
		remove()
		return nil, nil, err
	}
	edit = func(token string) error {
		edited := bytes.Replace(base, []byte("</body>"), []byte("<p>"+token+"</p></body>"), 1)
		return os.WriteFile(file, edited, 0o644)
	}
	return edit, remove, nil
}

// waitFor polls url until it answers 200 with a body containing want (any
// body if want is nil) and returns how long that took.
func waitFor(client *http.Client, url string, want []byte, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	var last error
	for time.Since(start) < timeout {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && (want == nil || bytes.Contains(body, want)) {
				return time.Since(start), nil
			}
			last = fmt.Errorf("%s: %s", url, resp.Status)
		} else {
			last = err
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("waited %s: %v", timeout, last)
}

// pageURL is the URL path of a page file: "content/goede-praktijken/2020/x.md"
// -> "goede-praktijken/2020/x/". Generated file names are slugs already.
func pageURL(file string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(file), "content/"), ".md")
	return p + "/"
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// stop ends the server with an interrupt, as Ctrl-C would, and kills it if it
// does not stop in time.
func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}
