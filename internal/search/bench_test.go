package search

import (
	"encoding/gob"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

var synth10000 = sync.OnceValue(func() []Doc { return synthDocs(10000) })

// BenchmarkWrite10000 indexes 10,000 generated pages as a build does and
// reports CPU time besides wall time: the machine is shared.
func BenchmarkWrite10000(b *testing.B) {
	docs := synth10000()
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		if _, err := Write(memWriter{}, docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteBodies10000 is BenchmarkWrite10000 as a build writes: the
// pages' text tokenised ahead by Index.Body, which is not timed.
func BenchmarkWriteBodies10000(b *testing.B) {
	docs := synth10000()
	text := 0
	for i := range docs {
		text += len(docs[i].Text)
	}
	b.ResetTimer()
	var cpu time.Duration // of the Writes
	for range b.N {
		b.StopTimer()
		x := NewIndex()
		x.Reserve(text)
		ds := slices.Clone(docs)
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := w; i < len(ds); i += 2 {
					ds[i].Body, ds[i].Text = x.Body(ds[i].Text), ""
				}
			})
		}
		wg.Wait()
		start := cpuTime()
		b.StartTimer()
		if _, err := x.Write(memWriter{}, ds, Options{}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkTokenize is the indexer's inner loop on one core.
func BenchmarkTokenize(b *testing.B) {
	docs := synth10000()[:3000]
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		c := newTermCache(newVocab(newDict(), 0))
		for i := range docs {
			tokenize(&docs[i], c)
		}
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkRewrite10000 is a dev server's rebuild: one page of 10,000 changed.
func BenchmarkRewrite10000(b *testing.B) { benchRewrite(b, slices.Clone(synth10000())) }

// benchRewrite writes an index of docs, then times writing it again after
// each edit of one page.
func benchRewrite(b *testing.B, docs []Doc) {
	x := NewIndex()
	if _, err := x.Write(memWriter{}, docs, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := range b.N {
		docs[i%len(docs)].Text += " bewerkt"
		if _, err := x.Write(memWriter{}, docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteDocs indexes the pages in the gob file named by
// $SEARCH_BENCH_DOCS, so the index can be measured on a built site's text;
// skipped without it. The file is a gob-encoded []Doc with Text, e.g. of the
// site of `bench gen -pages 10000`, its pages parsed with content.Parse and
// linked with site.Link (a build.Builder drops the pages' text once it has
// made their Doc.Body, which gob does not encode):
//
//	s, _ := site.Link(pages, assets, site.Options{})
//	gob.NewEncoder(f).Encode(build.SearchDocs(s, nil))
func BenchmarkWriteDocs(b *testing.B) {
	docs := gobDocs(b)
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		if _, err := Write(memWriter{}, docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func gobDocs(b *testing.B) []Doc {
	name := os.Getenv("SEARCH_BENCH_DOCS")
	if name == "" {
		b.Skip("SEARCH_BENCH_DOCS not set")
	}
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var docs []Doc
	if err := gob.NewDecoder(f).Decode(&docs); err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkRewriteDocs is BenchmarkRewrite10000 on $SEARCH_BENCH_DOCS.
func BenchmarkRewriteDocs(b *testing.B) { benchRewrite(b, gobDocs(b)) }

// BenchmarkFiles10000 is the encoding part of Write alone (indexer.files)
// at 10,000 generated pages: the term shards, result files and manifest.
func BenchmarkFiles10000(b *testing.B) {
	docs, err := sortDocs(synth10000())
	if err != nil {
		b.Fatal(err)
	}
	ix := NewIndex().index(docs)
	opts := Options{}.withDefaults(len(docs))
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		ix.files(opts, startDocFiles(docs, opts))
	}
}

// BenchmarkExcerptStart keeps the start of the text of 10,000 generated
// pages, as Index.Body does.
func BenchmarkExcerptStart(b *testing.B) {
	docs := synth10000()
	b.ResetTimer()
	for range b.N {
		for i := range docs {
			excerptStart(docs[i].Text)
		}
	}
}
