package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	// FirstQuery is what a first one-word query downloads, gzipped: the
	// manifest, the median term shard and the result data files of one page
	// of results (as many of the median-sized result files as
	// search.PageSize results can touch at worst).
	FirstQuery int64
}

// measureSearch measures the index under out/zoeken/index.
func measureSearch(out string) (*searchFigures, error) {
	root := filepath.Join(out, filepath.FromSlash(searchDir))
	if _, err := os.Stat(root); err != nil {
		return nil, errors.New("no search index in the output (" + searchDir + "/)")
	}
	f := &searchFigures{}
	var shards, docs []int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		gz := gzipSize(data)
		f.Files++
		f.Bytes += int64(len(data))
		f.Gzip += gz
		switch name := d.Name(); {
		case name == "manifest.json":
			f.Manifest = gz
		case strings.HasPrefix(name, "s"):
			shards = append(shards, gz)
		case strings.HasPrefix(name, "d"):
			docs = append(docs, gz)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.FirstQuery = f.Manifest + median(shards) + min(int64(len(docs)), pageSize)*median(docs)
	return f, nil
}

// pageSize is search.PageSize: results shown at first.
const pageSize = 10

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
