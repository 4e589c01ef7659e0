package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/junk"
	"github.com/samenopleiden/handboek/internal/textnorm"
)

// File is a file found under content/.
type File struct {
	Path    string // slash path relative to the site folder: "content/doelen/x.md"
	Size    int64
	ModTime time.Time
	Page    bool // a Markdown file; otherwise an asset to copy
}

// Walk lists the files under content/ in fsys, in lexical order. It skips junk,
// reports symlinks, non-regular files and names that cannot become part of a
// URL, and never follows links. A site without content/ is an error.
func Walk(fsys fs.FS) ([]File, diag.List) {
	var files []File
	var problems diag.List
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" && errors.Is(err, fs.ErrNotExist) {
				problems.Errorf(diag.Pos{File: "content"}, "no content/ folder here; run handboek in the site folder or pass --source DIR")
				return fs.SkipAll
			}
			problems.Errorf(diag.Pos{File: p}, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if p == "content" {
			return nil
		}
		name := d.Name()
		if junk.Is(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if msg := checkName(name); msg != "" {
			problems.Errorf(diag.Pos{File: p}, "%s", msg)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t&fs.ModeSymlink != 0:
			problems.Errorf(diag.Pos{File: p}, "is a symbolic link; links are never followed: copy the file here instead")
			return nil
		case d.IsDir():
			return nil
		case !t.IsRegular():
			problems.Errorf(diag.Pos{File: p}, "is %s, not a file; remove it", special(t))
			return nil
		}
		info, err := d.Info()
		if err != nil {
			problems.Errorf(diag.Pos{File: p}, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		files = append(files, File{Path: p, Size: info.Size(), ModTime: info.ModTime(), Page: strings.HasSuffix(name, ".md")})
		return nil
	})
	if err != nil {
		problems.Errorf(diag.Pos{File: "content"}, "cannot read: %v", err)
	}
	return files, problems
}

// special names a file type that is neither a file nor a folder.
func special(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "something special (" + t.String() + ")"
}

// checkName returns why a file or folder name cannot be used, or "".
func checkName(name string) string {
	if !utf8.ValidString(name) {
		return "file name is not valid UTF-8; rename it"
	}
	for _, r := range name {
		if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
			return fmt.Sprintf("file name contains an invisible or control character (U+%04X); retype the name", r)
		}
	}
	stem := strings.TrimSuffix(name, ".md")
	if stem == "_index" && strings.HasSuffix(name, ".md") {
		return ""
	}
	if path.Ext(name) == ".md" && textnorm.Slug(stem) == "" {
		return "file name has no letters or digits to make an address from; rename it"
	}
	return ""
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
