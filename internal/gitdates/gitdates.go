// Package gitdates finds, for every file of a site, when it last changed
// according to git: the committer date of the last commit that touched it.
// Pages show it as "Laatst bijgewerkt op ..." and the sitemap as lastmod.
//
// It runs one `git log` for the whole site, not one per file, and depends only
// on the repository's history: never on the clock or on file times, so a
// build is reproducible. Outside a git repository, without git installed, or
// in a shallow clone (where the history is cut off and every file would seem
// to have changed in the oldest commit present) it returns nothing, without
// error. CI must therefore fetch the full history (actions/checkout with
// fetch-depth: 0; GIT_DEPTH: 0 on GitLab).
//
// It is a helper of the build stage and knows nothing about pages.
package gitdates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Load returns the date of the last commit that touched each file under dir,
// keyed by slash path relative to dir ("content/doelen/x.md"). Paths limit the
// search to those folders or files, relative to dir (for example "content").
// The times keep the committer's time zone, as git recorded it.
//
// A nil map and a nil error mean git has nothing to say: dir is not in a
// repository, git is not installed, or the clone is shallow.
func Load(ctx context.Context, dir string, paths ...string) (map[string]time.Time, error) {
	shallow, err := git(ctx, dir, "rev-parse", "--is-shallow-repository")
	if err != nil {
		if notARepo(err) {
			return nil, nil
		}
		return nil, err
	}
	if strings.TrimSpace(string(shallow)) != "false" {
		return nil, nil
	}
	args := []string{
		"-c", "log.showSignature=false",
		"log", "-z", "--no-color", "--no-renames", "--relative",
		"--format=%x01%cI", "--name-only", "--",
	}
	out, err := git(ctx, dir, append(args, paths...)...)
	if err != nil {
		if isEmptyRepo(err) {
			return nil, nil
		}
		return nil, err
	}
	return parse(out)
}

// parse reads the output of `git log -z --format=%x01%cI --name-only`: per
// commit "\x01" date "\x00" "\n", then the file names, each ended by "\x00".
func parse(out []byte) (map[string]time.Time, error) {
	dates := map[string]time.Time{}
	for _, rec := range bytes.Split(out, []byte{1}) {
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		date, names, _ := bytes.Cut(rec, []byte{0})
		t, err := time.Parse(time.RFC3339, string(bytes.TrimSpace(date)))
		if err != nil {
			return nil, fmt.Errorf("git log: unexpected date %q", date)
		}
		for _, name := range bytes.Split(names, []byte{0}) {
			name = bytes.TrimLeft(name, "\n")
			if len(name) == 0 {
				continue
			}
			// The log is newest first, but commit dates need not be in order
			// (rebases, clock skew): keep the latest.
			if prev, ok := dates[string(name)]; !ok || t.After(prev) {
				dates[string(name)] = t
			}
		}
	}
	return dates, nil
}

// gitError is a failed git command with what it printed.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	msg := strings.TrimSpace(e.stderr)
	if msg == "" {
		msg = e.err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), msg)
}

func (e *gitError) Unwrap() error { return e.err }

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, &gitError{args: args, stderr: stderr.String(), err: err}
	}
	return out, nil
}

// notARepo reports whether git failed because there is no repository here, or
// no git at all.
func notARepo(err error) bool {
	if errors.Is(err, exec.ErrNotFound) {
		return true
	}
	var ge *gitError
	return errors.As(err, &ge) && strings.Contains(ge.stderr, "not a git repository")
}

// isEmptyRepo reports whether git log failed because there are no commits yet.
func isEmptyRepo(err error) bool {
	var ge *gitError
	return errors.As(err, &ge) && strings.Contains(ge.stderr, "does not have any commits")
}
