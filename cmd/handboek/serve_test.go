package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is stderr for a server running in another goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		args      []string
		code      int
		stderrHas string
	}{
		{[]string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"serve", "--source", "does-not-exist"}, 1, "is not a folder"},
		{[]string{"serve", "--source", basic, "--addr", "nohost"}, 1, "want host:port"},
		{[]string{"help"}, 0, "serve"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderrHas) {
			t.Errorf("%q: exit %d, stderr:\n%s\nwant exit %d and %q", tt.args, code, stderr, tt.code, tt.stderrHas)
		}
	}
	if code, _, stderr := runCLI("serve", "-h"); code != 0 || !strings.Contains(stderr, "127.0.0.1:1313") {
		t.Errorf("serve -h: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestServeRunsUntilStopped(t *testing.T) {
	var stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- serveUntil(ctx, []string{"--source", basic, "--addr", "127.0.0.1:0"}, &stderr) }()

	url := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	deadline := time.Now().Add(10 * time.Second)
	var m []string
	for m = url.FindStringSubmatch(stderr.String()); m == nil; m = url.FindStringSubmatch(stderr.String()) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL printed:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/__handboek/reload.js") {
		t.Errorf("GET /: %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(stderr.String(), "built ") {
		t.Errorf("no build line:\n%s", stderr.String())
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
