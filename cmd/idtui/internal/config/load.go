package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
)

// Error is a mistake in the config file, with its position and what is
// expected there.
type Error struct {
	Path   string
	Line   int // 1-based; 0 when the mistake has no single position
	Column int
	Msg    string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("invalid config file %s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("invalid config file %s, line %d column %d: %s", e.Path, e.Line, e.Column, e.Msg)
}

// Load reads and checks the config file at path. A missing file is no
// error: it returns an empty File whose Path is "".
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the config file: %w", err)
	}
	return Parse(path, data)
}

// Parse checks data, the contents of the config file at path, against the
// schema and returns the file it describes.
func Parse(path string, data []byte) (*File, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}

	d := decoder{path: path}
	f := &File{Path: path}
	for _, doc := range file.Docs {
		if doc.Body == nil {
			continue
		}
		if doc != file.Docs[0] {
			return nil, d.errorAt(doc.Body, "the file has more than one YAML document; keep only one")
		}
		if err := d.file(doc.Body, f); err != nil {
			return nil, err
		}
	}
	if err := d.validate(f); err != nil {
		return nil, err
	}
	return f, nil
}

func syntaxError(path string, data []byte, err error) error {
	var yamlErr yaml.Error
	if errors.As(err, &yamlErr) && yamlErr.GetToken() != nil {
		pos := yamlErr.GetToken().Position
		return &Error{Path: path, Line: pos.Line, Column: pos.Column, Msg: plainSyntaxError(yamlErr.GetMessage(), lineOf(data, pos.Line))}
	}
	return &Error{Path: path, Msg: "invalid YAML: " + err.Error()}
}

// decoder walks the YAML tree by hand instead of decoding it by reflection,
// so that every message can name the key, its line and what is expected.
type decoder struct {
	path string
	// positions maps "contexts[1].auth.method" to the node of its value,
	// for the checks that run after decoding.
	positions map[string]ast.Node
}

func (d *decoder) errorAt(node ast.Node, format string, args ...any) *Error {
	e := &Error{Path: d.path, Msg: fmt.Sprintf(format, args...)}
	if node != nil && node.GetToken() != nil {
		e.Line = node.GetToken().Position.Line
		e.Column = node.GetToken().Position.Column
	}
	return e
}

func (d *decoder) remember(key string, node ast.Node) {
	if d.positions == nil {
		d.positions = map[string]ast.Node{}
	}
	d.positions[key] = node
}

// field is one key of a mapping: its name and how to decode its value.
type field struct {
	key    string
	decode func(node ast.Node) error
}

// mapping decodes the pairs of a YAML mapping through fields, rejecting
// unknown and repeated keys. what names the mapping in messages.
func (d *decoder) mapping(node ast.Node, what string, fields []field) error {
	node = unwrapComments(node)
	var pairs []*ast.MappingValueNode
	switch n := node.(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	case nil, *ast.NullNode:
		return nil
	default:
		return d.errorAt(node, "%s must be a mapping of keys to values, such as \"%s: ...\"", what, fields[0].key)
	}

	keys := make([]string, 0, len(fields))
	for _, f := range fields {
		keys = append(keys, f.key)
	}
	seen := map[string]bool{}
	for _, pair := range pairs {
		key := pair.Key.GetToken().Value
		i := slices.IndexFunc(fields, func(f field) bool { return f.key == key })
		if i < 0 {
			msg := fmt.Sprintf("unknown key %q in %s; expected one of: %s", key, what, strings.Join(keys, ", "))
			if close := suggest.Closest(key, keys); len(close) > 0 {
				msg = fmt.Sprintf("unknown key %q in %s; did you mean %q? Expected one of: %s", key, what, close[0], strings.Join(keys, ", "))
			}
			return d.errorAt(pair.Key, "%s", msg)
		}
		if seen[key] {
			return d.errorAt(pair.Key, "key %q appears twice in %s; keep one", key, what)
		}
		seen[key] = true
		if err := fields[i].decode(pair.Value); err != nil {
			return err
		}
	}
	return nil
}

// unwrapComments returns nil for a value that holds only a comment, as in
// "contexts: # none yet".
func unwrapComments(node ast.Node) ast.Node {
	if _, ok := node.(*ast.CommentGroupNode); ok {
		return nil
	}
	return node
}

// str decodes a scalar into *dst. Numbers are kept as written, so that an
// accent colour of 205 needs no quotes.
func (d *decoder) str(dst *string, key string) func(ast.Node) error {
	return func(node ast.Node) error {
		d.remember(key, node)
		switch n := node.(type) {
		case nil, *ast.NullNode:
			*dst = ""
		case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.LiteralNode:
			*dst = scalarValue(n)
		default:
			return d.errorAt(node, "%s must be a single value such as a word or a URL, not a %s", lastPart(key), kindOf(node))
		}
		return nil
	}
}

func scalarValue(node ast.Node) string {
	if s, ok := node.(*ast.StringNode); ok {
		return s.Value
	}
	if l, ok := node.(*ast.LiteralNode); ok {
		return strings.TrimRight(l.Value.Value, "\n")
	}
	return node.GetToken().Value
}

func (d *decoder) boolean(dst *bool, key string) func(ast.Node) error {
	return func(node ast.Node) error {
		d.remember(key, node)
		switch n := node.(type) {
		case nil, *ast.NullNode:
			*dst = false
		case *ast.BoolNode:
			*dst = n.Value
		default:
			return d.errorAt(node, "%s must be true or false, not %q", lastPart(key), node.GetToken().Value)
		}
		return nil
	}
}

func kindOf(node ast.Node) string {
	switch node.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "mapping"
	case *ast.SequenceNode:
		return "list"
	}
	return strings.ToLower(node.Type().String())
}

func lastPart(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

func (d *decoder) file(node ast.Node, f *File) error {
	return d.mapping(node, "the top level", []field{
		{"current-context", d.str(&f.CurrentContext, "current-context")},
		{"contexts", func(node ast.Node) error { return d.contexts(node, f) }},
	})
}

func (d *decoder) contexts(node ast.Node, f *File) error {
	d.remember("contexts", node)
	switch n := unwrapComments(node).(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.SequenceNode:
		for i, item := range n.Values {
			c := Context{}
			if err := d.context(item, fmt.Sprintf("contexts[%d]", i), &c); err != nil {
				return err
			}
			d.remember(fmt.Sprintf("contexts[%d]", i), item)
			f.Contexts = append(f.Contexts, c)
		}
		return nil
	default:
		return d.errorAt(node, "contexts must be a list, with each context starting with \"- name: ...\"")
	}
}

func (d *decoder) context(node ast.Node, key string, c *Context) error {
	return d.mapping(node, "a context", []field{
		{"name", d.str(&c.Name, key+".name")},
		{"url", d.str(&c.URL, key+".url")},
		{"realm", d.str(&c.Realm, key+".realm")},
		{"admin-realm", d.str(&c.AdminRealm, key+".admin-realm")},
		{"auth", func(node ast.Node) error { return d.auth(node, key+".auth", &c.Auth) }},
		{"readonly", d.boolean(&c.ReadOnly, key+".readonly")},
		{"accent", d.str(&c.Accent, key+".accent")},
		{"ca-file", d.str(&c.CAFile, key+".ca-file")},
		{"insecure-skip-tls-verify", d.boolean(&c.InsecureSkipTLSVerify, key+".insecure-skip-tls-verify")},
	})
}

func (d *decoder) auth(node ast.Node, key string, a *Auth) error {
	d.remember(key, node)
	return d.mapping(node, "auth", []field{
		{"method", d.str(&a.Method, key+".method")},
		{"username", d.str(&a.Username, key+".username")},
		{"client-id", d.str(&a.ClientID, key+".client-id")},
		{"secret", d.str(&a.Secret, key+".secret")},
		{"secret-env", d.str(&a.SecretEnv, key+".secret-env")},
		{"secret-file", d.str(&a.SecretFile, key+".secret-file")},
	})
}
