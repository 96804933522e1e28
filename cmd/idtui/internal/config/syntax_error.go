package config

import (
	"bytes"
	"strings"
)

// plainSyntaxError explains a message of the YAML parser, such as "mapping
// value is not allowed in this context", in the terms of the config file,
// with the usual fix. line is the text of the line the parser stopped at.
// The parser's own message follows in parentheses, for a search.
func plainSyntaxError(message, line string) string {
	var explanation string
	switch {
	case strings.ContainsRune(line, '\t') || strings.Contains(message, "tab character") || strings.Contains(message, "'\t'"):
		explanation = "the line holds a tab, and YAML indents with spaces only; replace each tab with spaces, two for each level"
	case strings.Contains(message, "mapping value is not allowed"):
		explanation = "a key is indented deeper than the keys before it, or a value holds \": \"; line the keys of one context up under each other, and quote such a value, as in url: \"http://host: 8080\""
	case strings.Contains(message, "value is not allowed"), strings.Contains(message, "non-map value"):
		explanation = "the line does not fit its indentation; write key: value, start each context with \"- name:\" at the same column and line its other keys up under name, as in the README's example"
	case strings.Contains(message, "could not find end character"):
		explanation = "a quoted value has no closing quote; add it at the end of the value"
	case strings.Contains(message, "']' not found"), strings.Contains(message, "'}' not found"):
		explanation = "a '[' or '{' has no closing bracket; close it, or write the list with one \"- \" item a line"
	default:
		explanation = "the file is not valid YAML here; check the indentation, spaces only, and that each line is key: value"
	}
	return "invalid YAML: " + explanation + " (YAML parser: " + message + ")"
}

// lineOf returns the text of the 1-based line n of data, or "".
func lineOf(data []byte, n int) string {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	return string(lines[n-1])
}
