package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The CI workflow and the snippets in docs/publishing.md are not run here,
// but the handboek commands in them are: each must use flags the CLI accepts.

// invocation is one handboek command line found in CI configuration.
type invocation struct {
	where string
	args  []string // after "handboek"
}

// ciVars stand in for what CI fills in.
var ciVars = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$[A-Z_]+|\$\{[A-Z_]+\}`)

// invocations returns the handboek commands in a shell script.
func invocations(where, script string) []invocation {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var out []invocation
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		words := shellWords(ciVars.ReplaceAllString(line, "https://example.org/handboek"))
		for i, w := range words {
			if w != "./cmd/handboek" && w != "handboek" {
				continue
			}
			var args []string
			for _, a := range words[i+1:] {
				if slices.Contains([]string{"&&", "||", ";", "|", ">", "2>", ">>", "then"}, a) {
					break
				}
				args = append(args, a)
			}
			out = append(out, invocation{where, args})
		}
	}
	return out
}

// shellWords splits a line into words the way sh does for simple commands:
// quotes group, and are removed; operators (; && | >) are words of their own;
// a word starting with # starts a comment.
func shellWords(line string) []string {
	var words []string
	var b strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if quote == 0 && !in && c == '#' {
			break // a comment
		}
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			b.WriteByte(c)
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				words = append(words, b.String())
				b.Reset()
				in = false
			}
		case strings.IndexByte(";|&<>", c) >= 0: // an operator is a word of its own
			if in {
				words = append(words, b.String())
				b.Reset()
			}
			j := i
			for j < len(line) && strings.IndexByte(";|&<>", line[j]) >= 0 {
				j++
			}
			words = append(words, line[i:j])
			i, in = j-1, false
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, b.String())
	}
	return words
}

// checkInvocation runs the command with -h appended: the CLI then parses every
// flag and stops before doing anything. Exit 0 means every flag is known and
// there is no stray argument.
func checkInvocation(t *testing.T, inv invocation) {
	t.Helper()
	if len(inv.args) == 0 {
		t.Errorf("%s: handboek without a command", inv.where)
		return
	}
	code, _, stderr := runCLI(append(slices.Clone(inv.args), "-h")...)
	if code != 0 || strings.Contains(stderr, "unknown command") {
		t.Errorf("%s: handboek %s: the CLI rejects it:\n%s", inv.where, strings.Join(inv.args, " "), stderr)
	}
	for i, a := range inv.args {
		if (a == "--format" || a == "-format") && i+1 < len(inv.args) && !slices.Contains(formats, inv.args[i+1]) {
			t.Errorf("%s: --format %s is not one of %v", inv.where, inv.args[i+1], formats)
		}
		if (a == "--base-url" || a == "-base-url") && i+1 < len(inv.args) && !strings.HasPrefix(inv.args[i+1], "https://") {
			t.Errorf("%s: --base-url %q is not an address", inv.where, inv.args[i+1])
		}
	}
}

func TestCheckInvocation(t *testing.T) {
	// The test of the test: a wrong flag or command is caught.
	for _, args := range [][]string{{"check", "--strikt"}, {"bouw"}, {"build", "--out", "public", "extra"}} {
		code, _, _ := runCLI(append(args, "-h")...)
		if code == 0 {
			t.Errorf("%v -h: exit 0", args)
		}
	}
}

type workflow struct {
	Jobs map[string]struct {
		Needs string `yaml:"needs"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
		Permissions map[string]string `yaml:"permissions"`
	} `yaml:"jobs"`
}

func TestPublishWorkflow(t *testing.T) {
	raw, err := os.ReadFile("../../.github/workflows/publish.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatalf("publish.yml is not valid YAML: %v", err)
	}
	build, deploy := wf.Jobs["build"], wf.Jobs["deploy"]
	var uses []string
	var commands []invocation
	fetchDepth := ""
	for _, s := range build.Steps {
		if s.Uses != "" {
			uses = append(uses, s.Uses[:strings.IndexByte(s.Uses+"@", '@')])
		}
		if strings.HasPrefix(s.Uses, "actions/checkout@") {
			fetchDepth = s.With["fetch-depth"]
		}
		if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") && s.With["path"] != "public" {
			t.Errorf("uploads %q, not the build's --out public", s.With["path"])
		}
		if strings.Contains(s.Run, "--base-url") && !strings.Contains(s.Run, "steps.pages.outputs.base_url") {
			t.Errorf("build does not use the Pages address: %s", s.Run)
		}
		commands = append(commands, invocations("publish.yml", s.Run)...)
	}
	if fetchDepth != "0" {
		t.Errorf("checkout fetch-depth = %q; the git dates need 0 (full history)", fetchDepth)
	}
	for _, want := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact"} {
		if !slices.Contains(uses, want) {
			t.Errorf("build job does not use %s", want)
		}
	}
	if len(deploy.Steps) != 1 || !strings.HasPrefix(deploy.Steps[0].Uses, "actions/deploy-pages@") || deploy.Needs != "build" ||
		deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" {
		t.Errorf("deploy job = %+v", deploy)
	}
	var names []string
	for _, c := range commands {
		checkInvocation(t, c)
		names = append(names, c.args[0])
		if !slices.Contains(c.args, "--strict") {
			t.Errorf("publish.yml: handboek %s without --strict", strings.Join(c.args, " "))
		}
	}
	if !slices.Equal(names, []string{"check", "build"}) {
		t.Errorf("workflow runs %v; want check, then build", names)
	}
}

// TestPublishingDoc checks the commands in docs/publishing.md: the GitLab CI
// snippet, the pre-commit hook and the pre-commit tool configuration.
func TestPublishingDoc(t *testing.T) {
	raw, err := os.ReadFile("../../docs/publishing.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```(\\w+)\\n(.*?)```").FindAllStringSubmatch(string(raw), -1)
	var commands []invocation
	gitlab := false
	for i, b := range blocks {
		lang, body := b[1], b[2]
		where := "docs/publishing.md block " + string(rune('1'+i))
		switch lang {
		case "sh":
			commands = append(commands, invocations(where, body)...)
		case "yaml":
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(body), &doc); err != nil {
				t.Errorf("%s: not valid YAML: %v", where, err)
				continue
			}
			if _, ok := doc["pages"]; ok {
				gitlab = true
				if v, _ := doc["variables"].(map[string]any); v["GIT_DEPTH"] != 0 {
					t.Errorf("%s: GIT_DEPTH = %v; the git dates need 0 (full history)", where, v["GIT_DEPTH"])
				}
			}
			// Script lines and pre-commit entries are shell commands.
			for _, line := range strings.Split(body, "\n") {
				line = strings.TrimSpace(line)
				line = strings.TrimPrefix(line, "- ")
				line = strings.TrimPrefix(line, "entry: ")
				commands = append(commands, invocations(where, line)...)
			}
		}
	}
	if !gitlab {
		t.Error("no GitLab CI snippet (a YAML block with a pages job)")
	}
	found := map[string]bool{}
	for _, c := range commands {
		checkInvocation(t, c)
		found[strings.Join(c.args, " ")] = true
	}
	for _, want := range []string{
		"check --strict --format gitlab",
		"build --strict --out public --base-url https://example.org/handboek/",
	} {
		if !found[want] {
			t.Errorf("docs/publishing.md lacks handboek %s; found %v", want, found)
		}
	}
	if len(commands) < 6 {
		t.Errorf("found %d handboek commands, want the ones of the intro, GitLab, hook and pre-commit config", len(commands))
	}
}

func TestShellWords(t *testing.T) {
	got := shellWords(`go run ./cmd/handboek build --base-url "https://x.org/a b/" --out 'pub lic' >log; if ! handboek check --strict&&x # uitleg`)
	want := []string{"go", "run", "./cmd/handboek", "build", "--base-url", "https://x.org/a b/", "--out", "pub lic", ">", "log", ";",
		"if", "!", "handboek", "check", "--strict", "&&", "x"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
}
