package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// searchDir is where the build writes the search index (internal/search's
// default Options.Dir), one folder per index version.
const searchDir = "zoeken/index"

// searchFigures describe the search index of one built site, measured from
// the output folder so that they are what a static host serves.
type searchFigures struct {
	Pages    int   // HTML pages of the site (from the build's report), for scale
	Files    int   // index files
	Bytes    int64 // raw
	Gzip     int64 // each file gzipped (what a host that compresses sends)
	Manifest int64 // the manifest, gzipped: loaded first
	// FirstQuery is what a one-word first query downloads, gzipped: the
	// manifest, the term's shard and the result files of its first page of
	// results; the median over the 50 most frequent terms (as
	// internal/search defines it, read here from the files themselves).
	FirstQuery int64
	// FirstQueryMax is the worst case: the manifest, the largest shard and
	// the largest result files one page of results can need.
	FirstQueryMax int64
}

// The index format, as docs/search-index.md describes it.
type (
	manifestFile struct {
		Docs   int      `json:"n"`
		Page   int      `json:"page"`
		Shards []string `json:"shards"`
		Per    int      `json:"per"`
	}
	shardFile struct {
		Terms    []string `json:"t"`
		Postings []string `json:"p"`
	}
)

// measureSearch measures the index under out/zoeken/index.
func measureSearch(out string) (*searchFigures, error) {
	root := filepath.Join(out, filepath.FromSlash(searchDir))
	manifests, _ := filepath.Glob(filepath.Join(root, "*", "manifest.json"))
	if len(manifests) != 1 {
		return nil, fmt.Errorf("want one %s/*/manifest.json in the output, found %d", searchDir, len(manifests))
	}
	dir := filepath.Dir(manifests[0])
	f := &searchFigures{}
	gz := map[string]int64{} // file name -> gzipped size
	raw := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		raw[e.Name()] = data
		gz[e.Name()] = gzipSize(data)
		f.Files++
		f.Bytes += int64(len(data))
		f.Gzip += gz[e.Name()]
	}
	var m manifestFile
	if err := json.Unmarshal(raw["manifest.json"], &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %v", err)
	}
	f.Manifest = gz["manifest.json"]
	page := max(m.Page, 1)

	// Every term with its postings, and the largest files for the worst case.
	type term struct {
		shard    int
		postings []int // page, weight, page, weight, ... (pages absolute)
	}
	var terms []term
	var shardGz, docGz []int64
	for i := range m.Shards {
		name := fmt.Sprintf("s%d.json", i)
		var sh shardFile
		if err := json.Unmarshal(raw[name], &sh); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		shardGz = append(shardGz, gz[name])
		for _, p := range sh.Postings {
			nums := decodeNumbers(p)
			for j := 2; j < len(nums); j += 2 {
				nums[j] += nums[j-2] // page differences -> pages
			}
			terms = append(terms, term{shard: i, postings: nums})
		}
	}
	for j := 0; ; j++ {
		n, ok := gz[fmt.Sprintf("d%d.json", j)]
		if !ok {
			break
		}
		docGz = append(docGz, n)
	}
	f.FirstQueryMax = f.Manifest + largest(shardGz, 1) + largest(docGz, page)
	if len(terms) == 0 || m.Per <= 0 {
		return f, nil
	}
	slices.SortStableFunc(terms, func(a, b term) int { return len(b.postings) - len(a.postings) })
	var sizes []int64
	for _, t := range terms[:min(50, len(terms))] {
		n := f.Manifest + shardGz[t.shard]
		type hit struct{ page, weight int }
		var hits []hit
		for j := 0; j+1 < len(t.postings); j += 2 {
			hits = append(hits, hit{t.postings[j], t.postings[j+1]})
		}
		slices.SortStableFunc(hits, func(a, b hit) int { return b.weight - a.weight })
		seen := map[int]bool{}
		for _, h := range hits[:min(page, len(hits))] {
			if d := h.page / m.Per; !seen[d] && d < len(docGz) {
				seen[d] = true
				n += docGz[d]
			}
		}
		sizes = append(sizes, n)
	}
	f.FirstQuery = median(sizes)
	return f, nil
}

// decodeNumbers reads the index's compact numbers: base 32, every digit but
// the last from the upper half of the alphabet 0-9 A-Z a-z - _.
func decodeNumbers(s string) []int {
	var out []int
	n := 0
	for i := 0; i < len(s); i++ {
		v := strings.IndexByte(alphabet, s[i])
		if v < 0 {
			continue
		}
		if v >= 32 {
			n = n*32 + v - 32
			continue
		}
		out = append(out, n*32+v)
		n = 0
	}
	return out
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// largest returns the sum of the n largest sizes.
func largest(sizes []int64, n int) int64 {
	s := slices.Clone(sizes)
	slices.Sort(s)
	var sum int64
	for _, x := range s[max(0, len(s)-n):] {
		sum += x
	}
	return sum
}

func gzipSize(data []byte) int64 {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return int64(b.Len())
}

// buildAndMeasureSearch builds the site in dir with the handboek binary and
// measures its index.
func buildAndMeasureSearch(bin, dir, out string) (*searchFigures, error) {
	os.RemoveAll(out)
	defer os.RemoveAll(out)
	_, stderr, err := run(bin, "build", "--source", dir, "--out", out)
	if err != nil {
		return nil, fmt.Errorf("building %s: %v", dir, firstLine(err.Error()))
	}
	f, err := measureSearch(out)
	if err != nil {
		return nil, err
	}
	if m := builtRE.FindStringSubmatch(stderr); m != nil {
		fmt.Sscan(m[1], &f.Pages)
	}
	return f, nil
}
