package content

// For tests in package content_test, which may import benchgen (benchgen
// imports content).
var (
	FastYAML        = fastYAML
	FrontmatterSpan = frontmatterSpan
)
