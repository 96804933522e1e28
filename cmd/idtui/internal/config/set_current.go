package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// SetCurrent makes name the current context of the config file at path. It
// edits the one line of current-context, or adds that line above the first
// key, so that comments and layout stay as the operator wrote them. The
// caller checks that the context exists.
func SetCurrent(path, name string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read the config file: %w", err)
	}
	f, err := Parse(path, data)
	if err != nil {
		return err
	}
	if _, ok := f.Context(name); !ok {
		return fmt.Errorf("no context %q in %s", name, path)
	}

	edited, err := withCurrentContext(path, data, name)
	if err != nil {
		return err
	}
	return writeKeepingMode(path, edited)
}

// withCurrentContext returns data with current-context set to name.
func withCurrentContext(path string, data []byte, name string) ([]byte, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	entry := "current-context: " + name

	var top *ast.MappingNode
	if len(file.Docs) > 0 {
		top, _ = file.Docs[0].Body.(*ast.MappingNode)
	}
	if top == nil {
		// An empty file, or one with only comments.
		return []byte(strings.Join(lines, "") + ensureNewline(string(data)) + entry + "\n"), nil
	}
	if top.IsFlowStyle {
		return nil, &Error{Path: path, Line: top.GetToken().Position.Line, Column: top.GetToken().Position.Column,
			Msg: "idtui cannot edit a mapping written in {...} flow style; set current-context in the file by hand"}
	}

	for _, pair := range top.Values {
		if pair.Key.GetToken().Value != "current-context" {
			continue
		}
		i := pair.Key.GetToken().Position.Line - 1
		line := strings.TrimRight(lines[i], "\r\n")
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		comment := ""
		if j := strings.Index(line, " #"); j >= 0 {
			comment = line[j:]
		}
		lines[i] = indent + entry + comment + "\n"
		return []byte(strings.Join(lines, "")), nil
	}

	first := top.Values[0].Key.GetToken().Position.Line - 1
	lines = append(lines[:first], append([]string{entry + "\n"}, lines[first:]...)...)
	return []byte(strings.Join(lines, "")), nil
}

func ensureNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return ""
	}
	return "\n"
}

// writeKeepingMode replaces the file through a temporary file and a rename,
// so that a failed write leaves the old file intact. It writes through a
// symbolic link to its target, so that a config file kept with the
// operator's dotfiles stays a link.
func writeKeepingMode(path string, data []byte) error {
	path, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("write the config file: %w", err)
	}
	defer os.Remove(tmp.Name())

	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write the config file: %w", err)
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return fmt.Errorf("write the config file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the config file: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}

// OthersAccess returns the permission bits of the file at path, after
// symbolic links, and what users other than the owner may do with it:
// "read", "written", "read and written", or "" when they may do neither
// or the file cannot be read.
func OthersAccess(path string) (os.FileMode, string) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, ""
	}
	perm := info.Mode().Perm()
	readable, writable := perm&0o044 != 0, perm&0o022 != 0
	switch {
	case readable && writable:
		return perm, "read and written"
	case writable:
		return perm, "written"
	case readable:
		return perm, "read"
	}
	return perm, ""
}
