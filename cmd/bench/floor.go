package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/samenopleiden/handboek/internal/heapbudget"
	"github.com/samenopleiden/handboek/internal/markdown"
)

// runFloor is `bench floor -source DIR`: the goldmark floor. It reads every
// Markdown file under DIR/content and converts its body (after the
// frontmatter) with the build's goldmark configuration alone
// (markdown.Convert: goldmark's Convert, without the positions, link list,
// plain text and checks that markdown.Parse adds) on all cores, writing
// nothing. A build has to do at least this, so build time / floor time is
// the overhead to drive down. It runs as its own process so that it is
// measured like `handboek build`.
//
// It runs at Go's default garbage collector pace, as it always has (the
// goal's yardstick); with -pace, at a build's (heapbudget). The default pace
// collects its heap of a few MB 537 times at 10,000 pages and takes ~45%
// longer than a build's pace: only the paced floor is a bound that no build
// could beat by collecting less.
//
// With -own it converts each body with the build's own Markdown pass
// instead (markdown.Parse and Render: goldmark's parser, then the positions,
// links, headings, plain text and checks, rendered by markdown.htmlOut
// rather than goldmark's renderer), which is what the build does of
// Markdown: build time over that is the cost of everything else.
func runFloor(args []string) error {
	fl := flag.NewFlagSet("bench floor", flag.ContinueOnError)
	source := fl.String("source", ".", "site `folder` holding content/")
	pace := fl.Bool("pace", false, "pace the garbage collector as a build does (heapbudget)")
	own := fl.Bool("own", false, "convert with the build's own Markdown pass (markdown.Parse) instead of goldmark's Convert")
	if err := fl.Parse(args); err != nil {
		return err
	}
	var files []string
	var size int64
	err := filepath.WalkDir(filepath.Join(*source, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
			if *pace { // the budget's size; the floor as it always ran reads no sizes
				info, err := d.Info()
				if err != nil {
					return err
				}
				size += info.Size()
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if *pace {
		pacer := heapbudget.Start(heapbudget.ForContent(size))
		defer pacer.Stop()
	}
	in, out, err := convertFiles(files, *own)
	if err != nil {
		return err
	}
	fmt.Printf("converted %d files, %d bytes of Markdown to %d bytes of HTML\n", len(files), in, out)
	return nil
}

// convertFiles converts the Markdown files on all cores, with goldmark's
// Convert or, if own, the build's own pass, and returns the bytes read and
// the bytes of HTML made.
func convertFiles(files []string, own bool) (in, out int64, err error) {
	md := markdown.New()
	var (
		wg        sync.WaitGroup
		next      = make(chan string)
		inN, outN atomic.Int64
		firstErr  atomic.Value
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				src, err := os.ReadFile(f)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				n, err := convert(md, splitFrontmatter(src), own)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				inN.Add(int64(len(src)))
				outN.Add(int64(n))
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, 0, err
	}
	return inN.Load(), outN.Load(), nil
}

// convert converts one body and returns the length of its HTML.
func convert(md *markdown.Markdown, body []byte, own bool) (int, error) {
	if own {
		html, err := md.Render(md.Parse("content/x.md", body, 0), nil)
		return len(html), err
	}
	var html counter
	err := md.Convert(body, &html)
	return int(html), err
}

// counter is an io.Writer that counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// splitFrontmatter returns the body after a "---" frontmatter block.
func splitFrontmatter(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src
	}
	i := bytes.Index(src[4:], []byte("\n---\n"))
	if i < 0 {
		return src
	}
	return src[4+i+len("\n---\n"):]
}
