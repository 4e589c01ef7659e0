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
	// Nearly every link is some "../" and then a clean path: that is dir
	// less as many elements, "/" and the rest, in one copy. (Going element
	// by element, this was the most of joinRel.)
	d, rest := dir, rel
	for len(rest) > 3 && rest[:3] == "../" && d != "" {
		d, rest = d[:max(strings.LastIndexByte(d, '/'), 0)], rest[3:]
	}
	if isCleanTail(rest) {
		out = append(dst[:0], d...)
		if d != "" {
			out = append(out, '/')
		}
		return append(out, rest...), scratch
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

// isCleanTail reports whether p is a relative path without "." or ".."
// elements, empty elements or a trailing "/", which path.Clean leaves as it
// is also after a clean folder. It may say no to some others ("a/.b").
func isCleanTail(p string) bool {
	if p == "" || p[0] == '.' || p[0] == '/' || p[len(p)-1] == '/' {
		return false
	}
	// No "//" or "/.": the byte after each '/' (there is one). One search
	// for '/' costs less than searching for the two pairs.
	for i := strings.IndexByte(p, '/'); i >= 0; i = strings.IndexByte(p, '/') {
		if p[i+1] == '/' || p[i+1] == '.' {
			return false
		}
		p = p[i+1:]
	}
	return true
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
