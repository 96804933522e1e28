// Package osc52 finds out whether a copy through OSC 52, the terminal
// escape sequence that sets the clipboard, can reach the clipboard from
// here. doctor reports the result, and the console warns after a copy.
package osc52

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// tmuxTimeout bounds the query of tmux's options: a tmux server that does
// not respond must not hang doctor or the console's start.
const tmuxTimeout = 2 * time.Second

// Problem returns why an OSC 52 copy written to stdout would not reach the
// clipboard, and how to fix that. It returns two empty strings when it
// finds nothing that prevents the copy, although the terminal itself may
// still ignore OSC 52. getenv reads the environment, where $TMUX shows a
// tmux pane.
func Problem(getenv func(string) string, stdoutIsTerminal bool) (problem, fix string) {
	if !stdoutIsTerminal {
		return "stdout is not a terminal, so an OSC 52 copy would go into the pipe or file instead",
			"Run the console in a terminal emulator that supports OSC 52"
	}
	if getenv("TMUX") == "" {
		return "", ""
	}

	value, err := TmuxSetClipboard(getenv("TMUX"))
	switch {
	case err != nil:
		return "this is a tmux pane, and reading tmux's set-clipboard option failed: " + err.Error(),
			"Check that tmux's set-clipboard option is on: tmux show-options -g set-clipboard"
	case value != "on":
		// With "external", tmux sets the clipboard for its own copy mode
		// but drops the OSC 52 of the programs in its panes.
		return fmt.Sprintf("this is a tmux pane, and tmux drops the OSC 52 copies of programs because its set-clipboard option is %q, not \"on\"", value),
			"Run tmux set-option -g set-clipboard on, and add \"set -g set-clipboard on\" to ~/.tmux.conf to keep it"
	}
	return "", ""
}

// TmuxSetClipboard returns the global value of tmux's set-clipboard
// option, from the server that tmuxEnv, the value of $TMUX, names. Only
// "on" takes the OSC 52 copies of the programs in its panes: "external",
// tmux's default, and "off" drop them without a word.
func TmuxSetClipboard(tmuxEnv string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tmuxTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "tmux", "show-options", "-gv", "set-clipboard")
	cmd.Env = append(os.Environ(), "TMUX="+tmuxEnv)
	out, err := cmd.Output()
	if err != nil {
		if exit, ok := err.(*exec.ExitError); ok && len(exit.Stderr) > 0 {
			return "", fmt.Errorf("tmux show-options: %s", strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("tmux show-options: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
