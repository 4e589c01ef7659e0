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
func runFloor(args []string) error {
	fl := flag.NewFlagSet("bench floor", flag.ContinueOnError)
	source := fl.String("source", ".", "site `folder` holding content/")
	pace := fl.Bool("pace", false, "pace the garbage collector as a build does (heapbudget)")
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
	md := markdown.New()
	var (
		wg       sync.WaitGroup
		next     = make(chan string)
		in, out  atomic.Int64
		firstErr atomic.Value
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
				var html counter
				if err := md.Convert(splitFrontmatter(src), &html); err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				in.Add(int64(len(src)))
				out.Add(int64(html))
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	fmt.Printf("converted %d files, %d bytes of Markdown to %d bytes of HTML\n", len(files), in.Load(), out.Load())
	return nil
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
