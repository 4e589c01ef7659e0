package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// validate checks value (as decoded from JSON, or by fromYAML) against a JSON
// Schema, for the subset of JSON Schema 2020-12 that this package generates.
// A keyword outside that subset is an error, so the validator never silently
// ignores what a real validator would check. It returns one message a problem.
func validate(schema map[string]any, value any) []string {
	v := validator{}
	v.check(schema, value, "")
	return v.problems
}

type validator struct{ problems []string }

// annotations are keywords that do not constrain values.
var annotations = []string{"$schema", "$id", "title", "description", "format"}

func (v *validator) errorf(path, format string, args ...any) {
	if path == "" {
		path = "/"
	}
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) check(s map[string]any, value any, path string) {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := s[k]
		switch k {
		case "type":
			var types []string
			switch t := kw.(type) {
			case string:
				types = []string{t}
			case []any:
				for _, x := range t {
					types = append(types, x.(string))
				}
			}
			if !slices.ContainsFunc(types, func(t string) bool { return hasType(value, t) }) {
				v.errorf(path, "%s is not of type %s", show(value), strings.Join(types, " or "))
			}
		case "enum":
			if !slices.ContainsFunc(kw.([]any), func(e any) bool { return equal(e, value) }) {
				v.errorf(path, "%s is not one of the allowed values", show(value))
			}
		case "const":
			if !equal(kw, value) {
				v.errorf(path, "%s is not %s", show(value), show(kw))
			}
		case "pattern":
			if s, ok := value.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(s) {
				v.errorf(path, "%s does not match %s", show(value), kw)
			}
		case "minLength":
			if s, ok := value.(string); ok && float64(len([]rune(s))) < kw.(float64) {
				v.errorf(path, "%s is too short", show(value))
			}
		case "items":
			if arr, ok := value.([]any); ok {
				for i, it := range arr {
					v.check(kw.(map[string]any), it, fmt.Sprintf("%s/%d", path, i))
				}
			}
		case "anyOf":
			ok := false
			for _, alt := range kw.([]any) {
				sub := validator{}
				sub.check(alt.(map[string]any), value, path)
				ok = ok || len(sub.problems) == 0
			}
			if !ok {
				v.errorf(path, "%s matches none of the allowed forms", show(value))
			}
		case "properties":
			if obj, ok := value.(map[string]any); ok {
				props := kw.(map[string]any)
				for name, sub := range props {
					if pv, ok := obj[name]; ok {
						v.check(sub.(map[string]any), pv, path+"/"+name)
					}
				}
			}
		case "required":
			if obj, ok := value.(map[string]any); ok {
				for _, name := range kw.([]any) {
					if _, ok := obj[name.(string)]; !ok {
						v.errorf(path, "required key %q is missing", name)
					}
				}
			}
		case "additionalProperties":
			if kw != false {
				v.errorf(path, "unsupported additionalProperties %v", kw)
			}
			if obj, ok := value.(map[string]any); ok {
				props, _ := s["properties"].(map[string]any)
				for name := range obj {
					if _, ok := props[name]; !ok {
						v.errorf(path, "key %q is not allowed", name)
					}
				}
			}
		default:
			if !slices.Contains(annotations, k) {
				v.errorf(path, "keyword %q is not supported by this validator", k)
			}
		}
	}
}

func hasType(value any, t string) bool {
	switch t {
	case "null":
		return value == nil
	case "boolean":
		_, ok := value.(bool)
		return ok
	case "string":
		_, ok := value.(string)
		return ok
	case "integer":
		f, ok := value.(float64)
		return ok && f == math.Trunc(f)
	case "number":
		_, ok := value.(float64)
		return ok
	case "array":
		_, ok := value.([]any)
		return ok
	case "object":
		_, ok := value.(map[string]any)
		return ok
	}
	return false
}

func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fromYAML converts YAML frontmatter to the value a JSON tool sees: YAML 1.2's
// JSON view, where an unquoted 2025-06-15 is a string and numbers are float64.
func fromYAML(t *testing.T, src string) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("YAML: %v", err)
	}
	if n.Kind == 0 {
		return nil
	}
	return yamlValue(t, &n)
}

func yamlValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return yamlValue(t, n.Content[0])
	case yaml.AliasNode:
		return yamlValue(t, n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, yamlValue(t, c))
		}
		return out
	}
	var v any
	switch n.Tag {
	case "!!null":
		return nil
	case "!!str", "!!timestamp", "!!binary":
		return n.Value
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			t.Fatalf("number %q: %v", n.Value, err)
		}
		return f
	case "!!bool":
		var b bool
		n.Decode(&b)
		return b
	}
	t.Fatalf("unexpected YAML tag %s", n.Tag)
	return v
}

// TestValidator checks the validator itself, so that a schema test cannot pass
// because the validator accepts everything.
func TestValidator(t *testing.T) {
	schema := map[string]any{}
	json.Unmarshal([]byte(`{
		"type": "object",
		"properties": {
			"a": {"type": ["string", "null"], "pattern": "^[a-z]+$"},
			"b": {"anyOf": [{"type": "array", "items": {"enum": ["x", "y"]}}, {"enum": ["x", "y"]}]},
			"c": {"type": "integer"},
			"d": {"type": "string", "minLength": 1},
			"e": {"const": true}
		},
		"required": ["d"],
		"additionalProperties": false
	}`), &schema)
	tests := []struct {
		yaml string
		ok   bool
	}{
		{"d: x", true},
		{"d: x\na: abc\nb: [x, y]\nc: 3\ne: true", true},
		{"d: x\na:\nb: y", true},
		{"a: abc", false},          // required
		{"d: x\na: ABC", false},    // pattern
		{"d: x\na: 3", false},      // type
		{"d: x\nb: [x, z]", false}, // items enum
		{"d: x\nb: z", false},      // anyOf
		{"d: x\nc: 1.5", false},    // integer
		{"d: ''", false},           // minLength
		{"d: x\ne: false", false},  // const
		{"d: x\nf: 1", false},      // additionalProperties
		{"[d]", false},             // type object
	}
	for _, tt := range tests {
		got := validate(schema, fromYAML(t, tt.yaml))
		if (len(got) == 0) != tt.ok {
			t.Errorf("%q: problems %v, want ok=%v", tt.yaml, got, tt.ok)
		}
	}
	if got := validate(map[string]any{"oneOf": []any{}}, nil); len(got) != 1 {
		t.Errorf("unsupported keyword not reported: %v", got)
	}
}
