package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/goccy/go-yaml"
	"golang.org/x/term"

	"github.com/idtui/idtui/model"
)

// escapingWriter escapes terminal control characters in what it writes,
// keeping line feeds and tabs, so that a value from Keycloak cannot send
// escape sequences to the operator's terminal. It is meant for text that
// arrives in whole lines or messages: a multi-byte character split across
// two writes shows as \xNN escapes.
type escapingWriter struct {
	w io.Writer
	// file is the writer as an *os.File, or nil, for the terminal's size.
	file *os.File
}

func (e escapingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, model.EscapeControlKeepLines(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// newStderr escapes control characters in every message: stderr carries
// messages for people, which quote Keycloak's values and its error texts.
func newStderr(w io.Writer) io.Writer {
	f, _ := w.(*os.File)
	return escapingWriter{w: w, file: f}
}

// newStdout escapes control characters when stdout is a terminal, where a
// person reads the output, and leaves the bytes as they are in a pipe or a
// file, where a program reads them. Tables escape their cells in both
// cases, because a line feed in a cell would break the table's lines.
func newStdout(w io.Writer) io.Writer {
	if f := fileOf(w); f != nil && term.IsTerminal(int(f.Fd())) {
		return escapingWriter{w: w, file: f}
	}
	return w
}

// fileOf returns the file behind w, or nil when w writes elsewhere.
func fileOf(w io.Writer) *os.File {
	switch w := w.(type) {
	case *os.File:
		return w
	case escapingWriter:
		return w.file
	}
	return nil
}

// escapeJSONControl escapes the terminal control characters that
// encoding/json leaves as they are: DEL, the C1 controls and the
// bidirectional formatting characters. It escapes the C0 controls in
// strings already, so the C0 characters left are the line feeds of the
// indentation. The others occur only inside JSON strings, where \uXXXX
// stands for the same character, so the JSON keeps its meaning.
func escapeJSONControl(data []byte) []byte {
	escaped := func(r rune) bool { return r >= 0x7f && model.IsTerminalControl(r) }
	if bytes.IndexFunc(data, escaped) < 0 {
		return data
	}
	var b bytes.Buffer
	for _, r := range string(data) {
		if escaped(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}

// jsonToYAML converts JSON to YAML with the keys in the same order. A
// string with a terminal control character becomes a double-quoted YAML
// string with escapes, such as "Evil\x1b[31m": YAML allows no control
// characters outside escapes, and the YAML library would write them as
// they are.
func jsonToYAML(data []byte) ([]byte, error) {
	var v any
	if err := yaml.UnmarshalWithOptions(data, &v, yaml.UseOrderedMap()); err != nil {
		return nil, err
	}
	return yaml.Marshal(quoteControlStrings(v))
}

// quotedYAMLString is a string that YAML output writes double-quoted, with
// Go's escapes, which YAML's double-quoted style reads the same way.
type quotedYAMLString string

func (s quotedYAMLString) MarshalYAML() ([]byte, error) {
	return []byte(strconv.Quote(string(s))), nil
}

func quoteControlStrings(v any) any {
	switch v := v.(type) {
	case string:
		if model.HasTerminalControl(v) {
			return quotedYAMLString(v)
		}
	case yaml.MapSlice:
		for i := range v {
			// The YAML library takes only plain strings as keys, so a key
			// with a control character, such as a client id in a token's
			// claims, gets the escapes as text.
			if key, ok := v[i].Key.(string); ok {
				v[i].Key = model.EscapeControl(key)
			}
			v[i].Value = quoteControlStrings(v[i].Value)
		}
	case []any:
		for i := range v {
			v[i] = quoteControlStrings(v[i])
		}
	}
	return v
}
