package e2e

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored unchanged (see testdata/axe-core/README.md).
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// axeSRI is the SHA-256 that axe-core's sri-history.json lists for
// axe.min.js 4.14.1.
const axeSRI = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="

func TestAxeIsVendoredUnchanged(t *testing.T) {
	sum := sha256.Sum256([]byte(axeSource))
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != axeSRI {
		t.Errorf("testdata/axe-core/axe.min.js has SHA-256 %s, want %s (axe-core 4.14.1)", got, axeSRI)
	}
	if !strings.HasPrefix(axeSource, "/*! axe v4.14.1") {
		t.Errorf("testdata/axe-core/axe.min.js is not axe 4.14.1: %.40q", axeSource)
	}
}

// axeTags are the rule sets the handbook must pass: WCAG 2.1 A and AA, and
// axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// AxeViolation is one failed axe rule with the elements that fail it.
type AxeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// Serious reports whether the violation blocks a release.
func (v AxeViolation) Serious() bool { return v.Impact == "serious" || v.Impact == "critical" }

func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n  %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(v.Nodes)-5)
			break
		}
		fmt.Fprintf(&b, "\n  - %s\n    %s\n    %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n    "))
	}
	return b.String()
}

// runAxe runs axe-core with axeTags on the page in the tab ctx and returns
// its violations. The page's Content-Security-Policy does not apply to code
// that the test evaluates through the DevTools protocol.
func runAxe(ctx context.Context) ([]AxeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("loading axe-core: %w", err)
		}
	}
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: String(n.target), html: n.html, summary: n.failureSummary || ""}))
	})))`
	return chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](js, func(p *runtime.EvaluateParams) {
		t := true
		p.AwaitPromise = &t
	}))
}
