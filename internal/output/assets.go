package output

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

// Asset is a static file ready to write.
type Asset struct {
	Name string // output name, with a content hash for CSS and JS: "css/site.3f2a1b9c.css"
	Data []byte // minified where the type allows
}

// Static reads every file under static/ in fsys, minifies CSS and JS and names
// them by content hash, so browsers may cache them forever. It returns the
// files and a map from the original name ("css/site.css") to the output name.
// Junk is skipped by the caller's fsys.
func Static(fsys fs.FS, min *Minifier, skip func(name string) bool) ([]Asset, map[string]string, error) {
	var assets []Asset
	names := map[string]string{}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipAll // no static/ folder at all
			}
			return err
		}
		if skip != nil && skip(d.Name()) && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return &fs.PathError{Op: "read", Path: p, Err: fs.ErrInvalid}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		out := name
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			if data, err = min.Minify(name, data); err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		}
		names[name] = out
		assets = append(assets, Asset{Name: out, Data: data})
		return nil
	})
	return assets, names, err
}
