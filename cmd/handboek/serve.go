package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/samenopleiden/handboek/internal/serve"
)

// serve registers itself, so that this file is all `handboek serve` adds.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args, stderr)
}

// serveUntil runs the dev server until ctx is done (Ctrl-C or SIGTERM).
// Everything it prints goes to stderr, like build's problems and times.
func serveUntil(ctx context.Context, args []string, stderr io.Writer) int {
	var opts serve.Options
	fs := newFlags("serve", stderr)
	fs.StringVar(&opts.Source, "source", ".", "site `folder` holding content/ (and optionally layouts/, static/)")
	fs.StringVar(&opts.Addr, "addr", serve.DefaultAddr, "`host:port` to listen on; without a host (:8080) only this machine can connect")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&opts.Poll, "poll", false, "look for changes every 500 ms instead of waiting for file-system events (Docker volumes, WSL2, network drives)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if info, err := os.Stat(opts.Source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "handboek: --source %s is not a folder\n", opts.Source)
		return 1
	}
	opts.Out = stderr
	s, err := serve.Listen(opts)
	if err != nil {
		fmt.Fprintf(stderr, "handboek: %v\n", err)
		return 1
	}
	if err := s.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "handboek: %v\n", err)
		return 1
	}
	return 0
}
