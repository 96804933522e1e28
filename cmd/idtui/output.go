package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Output formats of -o.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatYAML  = "yaml"
	formatEnv   = "env" // the .env block, for commands that output a secret
)

// outputFlag is the -o flag of a command whose output is data.
type outputFlag struct {
	format  string
	allowed []string
}

func addOutputFlag(cmd *cobra.Command, extra ...string) *outputFlag {
	o := &outputFlag{format: formatTable, allowed: append([]string{formatTable, formatJSON, formatYAML}, extra...)}
	cmd.Flags().StringVarP(&o.format, "output", "o", formatTable, "output format: "+strings.Join(o.allowed, ", "))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return o.allowed, cobra.ShellCompDirectiveNoFileComp
	})
	return o
}

// check returns a usage error for a format the command does not offer.
func (o *outputFlag) check() error {
	if slices.Contains(o.allowed, o.format) {
		return nil
	}
	return usageError{fmt.Errorf("-o %q is not an output format of this command; use one of: %s", o.format, strings.Join(o.allowed, ", "))}
}

// writeData writes v as JSON or YAML. YAML is converted from the JSON, so
// that both have the same keys in the same order. Neither carries a
// terminal control character as it is: both write it as an escape.
func writeData(w io.Writer, format string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode the output: %w", err)
	}
	data := escapeJSONControl(buf.Bytes())
	if format == formatJSON {
		_, err := w.Write(data)
		return err
	}

	out, err := jsonToYAML(data)
	if err != nil {
		return fmt.Errorf("encode the output as YAML: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// terminalWidth returns the width to fit tables to: COLUMNS when set, else
// the width of the terminal on stdout, else 0 for no limit, so that a pipe
// receives whole lines.
func terminalWidth(stdout io.Writer, getenv func(string) string) int {
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if f := fileOf(stdout); f != nil && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return 0
}
