// Command handboek builds the Samen Opleiden handbook, and any site laid out
// the same way, from Markdown files with YAML frontmatter into a static site.
//
//	handboek build  [--source DIR] [--out DIR] [--base-url URL] [--drafts] [--strict] [--format text|json|gitlab] [--git-dates=false]
//	handboek check  [--source DIR] [--drafts] [--strict] [--format text|json|gitlab]
//	handboek serve  [--source DIR] [--addr 127.0.0.1:1313] [--drafts] [--poll]
//	handboek new    [--source DIR] <section> "<title>"
//	handboek schema [--source DIR] [--out DIR] [--frontmatter FILE]
//
// Problems go to stderr as "path:line:col: message", one a line, sorted.
// Exit status: 0 success, 1 problems found, 2 wrong usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/samenopleiden/handboek/internal/serve"
	"io"
	"os"
	"strings"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands in the order the help shows them.
var commands = []command{
	{"build", "build the site into a folder", runBuild},
	{"check", "validate everything a build validates; write nothing", runCheck},
	{"serve", "build, serve on " + serve.DefaultAddr + " with live reload, rebuild on every change", runServe},
	{"new", "create a new page of a section, with its frontmatter to fill in", runNew},
	{"schema", "write JSON Schemas and frontmatter.json for editors' tools", runSchema},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "handboek: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "handboek builds a static handbook site from Markdown in content/.")
	fmt.Fprintln(w, "\nUsage: handboek <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'handboek <command> -h' for a command's flags.")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("handboek "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args and rejects stray arguments; ok is false with the
// exit code to return.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2, false
	}
	return 0, true
}
