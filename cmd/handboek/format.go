package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samenopleiden/handboek/internal/diag"
)

// formats are the values --format accepts.
var formats = []string{"text", "json", "gitlab"}

// writeText prints the problems one a line, as "path:line:col: message",
// followed by a count.
func writeText(w io.Writer, problems diag.List) {
	fmt.Fprint(w, problems.String())
	if errs, warns := problems.Count(); errs+warns > 0 {
		fmt.Fprintf(w, "%s, %s\n", count(errs, "error"), count(warns, "warning"))
	}
}

// count writes "1 error", "2 errors", "0 warnings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// writeGitHub prints the problems as GitHub Actions workflow commands
// ("::error file=...,line=...,col=...::message"), which GitHub shows as
// annotations on the changed lines of a pull request.
func writeGitHub(w io.Writer, problems diag.List, source string) {
	for _, d := range problems {
		props := []string{"file=" + escapeProperty(repoPath(source, d.Pos.File, "GITHUB_WORKSPACE"))}
		if d.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
			if d.Pos.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
			}
		}
		fmt.Fprintf(w, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), escapeData(d.Message))
	}
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// gitlabIssue is one entry of a GitLab Code Quality report
// (artifacts:reports:codequality), a subset of the Code Climate format.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// writeGitLab prints the problems as a GitLab Code Quality report: errors are
// "major", warnings "minor". A whole-file problem points at line 1.
func writeGitLab(w io.Writer, problems diag.List, source string) error {
	out := make([]gitlabIssue, 0, len(problems))
	for _, d := range problems {
		severity := "major"
		if d.Severity == diag.Warning {
			severity = "minor"
		}
		path := repoPath(source, d.Pos.File, "CI_PROJECT_DIR")
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d\x00%s", d.Severity, path, d.Pos.Line, d.Pos.Col, d.Message))
		out = append(out, gitlabIssue{
			Description: d.Message,
			CheckName:   "handboek-check",
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    severity,
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: max(d.Pos.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// repoPath turns a path relative to the site folder into one relative to the
// repository, which is what CI annotations need: the site folder joined to
// it, made relative to the CI workspace (the folder in the environment
// variable workspace) when the site folder was given as an absolute path.
func repoPath(source, file, workspace string) string {
	p := filepath.Join(source, filepath.FromSlash(file))
	if filepath.IsAbs(p) {
		if ws := os.Getenv(workspace); ws != "" {
			if rel, err := filepath.Rel(ws, p); err == nil && filepath.IsLocal(rel) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}
