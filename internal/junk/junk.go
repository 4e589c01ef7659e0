// Package junk recognises the files that editors, operating systems and tools
// leave behind beside real content: swap files, backups, safe-write temporaries,
// folder metadata. Loading skips them and the watcher ignores them, silently,
// so both share this one list.
package junk

import "strings"

// Is reports whether the base name of a file or folder is junk: a dot file, or
// a dropping such as "x.md.swp", "x.md~", ".#x.md", "#x.md#", "4913",
// ".DS_Store", "Thumbs.db", "x.md___jb_tmp___" or ".goutputstream-ABC".
func Is(name string) bool {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return false
	}
	if name[0] == '.' || name[0] == '#' || strings.HasSuffix(name, "~") {
		return true // dot files (.DS_Store, .#x, .goutputstream-*), Emacs #x#, backups x~
	}
	if strings.HasPrefix(name, "~$") {
		return true // Microsoft Office lock files beside an open document: ~$verslag.docx
	}
	switch name {
	case "4913", "Thumbs.db", "ehthumbs.db", "desktop.ini", "Desktop.ini":
		return true // 4913: the probe file vim writes to test a folder
	}
	for _, suffix := range []string{
		".swp", ".swo", ".swx", ".swn", // vim
		".tmp", ".temp", ".bak", ".orig", ".crdownload", ".part",
		"___jb_tmp___", "___jb_old___", // JetBrains safe write
	} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}
