package site

import (
	"path"
	"strings"
)

// joinPath appends path.Join(dir, name) to dst[:0], using scratch (which it
// may grow) for the joined path before cleaning: a link's target is looked up
// in maps and dropped, so making it without allocating saves two allocations
// per relative link (path.Join and path.Clean each made the string).
func joinPath(dst, scratch []byte, dir, name string) (out, scratchOut []byte) {
	// As path.Join: the non-empty elements joined by "/", then cleaned; ""
	// if both are empty.
	joined := scratch[:0]
	if dir != "" {
		joined = append(joined, dir...)
		joined = append(joined, '/')
		joined = append(joined, name...)
	} else if name != "" {
		joined = append(joined, name...)
	} else {
		return dst[:0], joined
	}
	return cleanPath(dst[:0], joined), joined
}

// cleanPath appends path.Clean(string(p)) to dst; it is path.Clean's
// algorithm, writing into dst.
func cleanPath(dst, p []byte) []byte {
	if len(p) == 0 {
		return append(dst, '.')
	}
	base := len(dst)
	rooted := p[0] == '/'
	n := len(p)
	// w is len(dst)-base; dotdot is where ".." must stop, relative to base.
	r, dotdot := 0, 0
	if rooted {
		dst = append(dst, '/')
		r, dotdot = 1, 1
	}
	for r < n {
		switch {
		case p[r] == '/':
			r++
		case p[r] == '.' && (r+1 == n || p[r+1] == '/'):
			r++
		case p[r] == '.' && p[r+1] == '.' && (r+2 == n || p[r+2] == '/'):
			r += 2
			w := len(dst) - base
			switch {
			case w > dotdot:
				w--
				for w > dotdot && dst[base+w] != '/' {
					w--
				}
				dst = dst[:base+w]
			case !rooted:
				if w > 0 {
					dst = append(dst, '/')
				}
				dst = append(dst, '.', '.')
				dotdot = len(dst) - base
			}
		default:
			if w := len(dst) - base; rooted && w != 1 || !rooted && w != 0 {
				dst = append(dst, '/')
			}
			for ; r < n && p[r] != '/'; r++ {
				dst = append(dst, p[r])
			}
		}
	}
	if len(dst) == base {
		return append(dst, '.')
	}
	return dst
}

// joinRel appends path.Join(dir, rel) to dst[:0] for a dir that path.Clean
// returns unchanged (a path.Dir), a whole element of rel at a time: the
// usual link from a page's folder. Only a dir that is rooted, ".", or starts
// with ".." goes the general way (joinPath).
func joinRel(dst, scratch []byte, dir, rel string) (out, scratchOut []byte) {
	if dir == "" || dir == "." || dir[0] == '/' || dir == ".." || strings.HasPrefix(dir, "../") {
		return joinPath(dst, scratch, dir, rel)
	}
	// As path.Clean goes on from the clean, unrooted dir: dotdot is the end
	// of the leading "../.." that backtracking out of dir leaves.
	out = append(dst[:0], dir...)
	dotdot := 0
	for rel != "" {
		elem := rel
		if i := strings.IndexByte(rel, '/'); i >= 0 {
			elem, rel = rel[:i], rel[i+1:]
		} else {
			rel = ""
		}
		switch elem {
		case "", ".":
		case "..":
			if len(out) > dotdot {
				i := len(out) - 1
				for i > dotdot && out[i] != '/' {
					i--
				}
				out = out[:i]
			} else {
				if len(out) > 0 {
					out = append(out, '/')
				}
				out = append(out, '.', '.')
				dotdot = len(out)
			}
		default:
			if len(out) > 0 {
				out = append(out, '/')
			}
			out = append(out, elem...)
		}
	}
	if len(out) == 0 {
		out = append(out, '.')
	}
	return out, scratch
}

// dirOf is path.Dir(file) without cleaning the folder again when file is a
// clean relative path, as the files of pages are: its folder is then
// everything before the last "/".
func dirOf(file string) string {
	i := strings.LastIndexByte(file, '/')
	if i <= 0 || !isCleanRel(file) {
		return path.Dir(file)
	}
	return file[:i]
}

// isCleanRel reports whether p is a relative path that path.Clean leaves
// as it is and has no ".." element.
func isCleanRel(p string) bool {
	if p == "" {
		return false
	}
	for {
		elem, rest, more := strings.Cut(p, "/")
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
		if !more {
			return true
		}
		p = rest
	}
}
