package main

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"

	handboek "github.com/samenopleiden/handboek"
)

// hugoSite is a small Hugo site equivalent to handboek's default layouts; see
// hugo/hugo.toml. Hugo is a benchmark-only tool: nothing else needs it.
//
//go:embed hugo
var hugoSite embed.FS

// writeHugoSite writes the Hugo site into dir, with handboek's own stylesheet
// as its asset so both sites minify and fingerprint the same CSS.
func writeHugoSite(dir string) error {
	err := fs.WalkDir(hugoSite, "hugo", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("hugo", filepath.FromSlash(p))
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := hugoSite.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return err
	}
	css, err := fs.ReadFile(handboek.Defaults, "static/css/site.css")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "assets", "css"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "assets", "css", "site.css"), css, 0o644)
}

// hugoArgs are the arguments of one Hugo build of the content in site into out.
func hugoArgs(hugoDir, site, out string) []string {
	return []string{"--minify", "--quiet",
		"--source", hugoDir,
		"--contentDir", filepath.Join(site, "content"),
		"--destination", out,
		"--cacheDir", filepath.Join(hugoDir, "cache"),
	}
}
