// Package e2e holds the end-to-end tests of the published handbook: they
// build a site with package build, serve the folder on 127.0.0.1 and check
// it, with a plain HTML parser (always) and in headless Chromium (when it is
// installed; CI installs it and fails without it).
//
// The package has no code of its own outside tests. The shared helpers live in
// e2e_test.go: building a site (the real handbook, once per test binary, or a
// small fixture), serving it, and opening browser tabs. Files are named by
// owner: a11y_* check accessibility, layout and responsiveness; search_* check
// the search page.
//
// Screenshots are written to $HANDBOEK_E2E_ARTIFACTS, or to
// $TMPDIR/handboek-e2e when that is unset; they are test artefacts, never
// committed.
package e2e
