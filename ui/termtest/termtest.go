// Package termtest runs a terminal program in a tmux server of its own, to
// drive it with keys and read its screen, for the end-to-end tests and the
// screenshots of the console.
//
// The server reads OSC 52 copies into its paste buffer (set-clipboard on),
// so a test can read back what the program copied, on machines without a
// display.
package termtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Options start a Session.
type Options struct {
	// Command is the program and its arguments. Put no secret here: it
	// shows in ps. Pass secrets in Env.
	Command []string
	// Env is the program's whole environment.
	Env []string
	// Width and Height are the terminal size in cells.
	Width, Height int
	// Dir holds the tmux configuration; a test's TempDir fits.
	Dir string
}

// Session is one tmux server with one pane that runs the program.
type Session struct {
	tmux   string
	socket string
	// statusFile receives the program's exit status when it ends.
	statusFile string
}

// statusScript runs the program given after the status file, then writes
// its exit status there. tmux 3.3 marks a pane dead when the program closes
// the terminal, and now and then loses the exit status that follows, so
// the status goes through a file instead.
const statusScript = `status=$1; shift; "$@"; echo $? >"$status"`

// config makes the pane fill the terminal, keeps it after the program
// exits so that its last screen can be read, and takes OSC 52 copies into
// the paste buffer.
const config = `set -g status off
set -g remain-on-exit on
set -g set-clipboard on
set -g default-terminal "tmux-256color"
set -s escape-time 0
`

// Start starts tmux on a socket of its own, with the program in its pane.
func Start(opts Options) (*Session, error) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		return nil, fmt.Errorf("tmux is not installed: %w; install it with apt-get install tmux", err)
	}
	conf := filepath.Join(opts.Dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte(config), 0o600); err != nil {
		return nil, err
	}

	id := make([]byte, 6)
	_, _ = rand.Read(id)
	s := &Session{tmux: tmux, socket: "idtui-test-" + hex.EncodeToString(id), statusFile: filepath.Join(opts.Dir, "exit-status")}

	args := []string{"-L", s.socket, "-f", conf, "new-session", "-d", "-s", "main",
		"-x", strconv.Itoa(opts.Width), "-y", strconv.Itoa(opts.Height), "--",
		"/bin/sh", "-c", statusScript, "sh", s.statusFile}
	cmd := exec.Command(tmux, append(args, opts.Command...)...)
	// The server starts with this environment, and the pane inherits it.
	cmd.Env = opts.Env
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("start tmux: %w: %s", err, out)
	}
	return s, nil
}

func (s *Session) run(args ...string) (string, error) {
	cmd := exec.Command(s.tmux, append([]string{"-L", s.socket}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tmux %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// Keys sends keys by tmux's names, such as "Enter", "Escape", "C-s" or "j".
func (s *Session) Keys(keys ...string) error {
	_, err := s.run(append([]string{"send-keys", "-t", "main"}, keys...)...)
	return err
}

// Type sends text as typed, character by character.
func (s *Session) Type(text string) error {
	_, err := s.run("send-keys", "-t", "main", "-l", text)
	return err
}

// SetOption sets a global option of the tmux server, such as
// set-clipboard, while the program runs.
func (s *Session) SetOption(name, value string) error {
	_, err := s.run("set-option", "-g", name, value)
	return err
}

// Screen returns the visible screen as plain text.
func (s *Session) Screen() (string, error) { return s.run("capture-pane", "-t", "main", "-p") }

// ScreenANSI returns the visible screen with its colours and attributes as
// ANSI escape sequences, keeping the trailing spaces that carry a
// background colour.
func (s *Session) ScreenANSI() (string, error) {
	return s.run("capture-pane", "-t", "main", "-p", "-e", "-N")
}

// ErrTimeout is returned by WaitFor when the text does not show in time.
var ErrTimeout = errors.New("timed out")

// WaitFor polls the screen until it contains text, and returns it.
func (s *Session) WaitFor(text string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		screen, err := s.Screen()
		if err != nil {
			return screen, err
		}
		if strings.Contains(screen, text) {
			return screen, nil
		}
		if time.Now().After(deadline) {
			return screen, fmt.Errorf("waiting for %q: %w after %s", text, ErrTimeout, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Buffer returns tmux's newest paste buffer: the program's last OSC 52 copy.
func (s *Session) Buffer() (string, error) { return s.run("show-buffer") }

// Exited reports whether the program has ended, and its exit status: 128
// plus the signal's number when a signal ended it.
func (s *Session) Exited() (bool, int, error) {
	data, err := os.ReadFile(s.statusFile)
	if errors.Is(err, fs.ErrNotExist) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		return false, 0, nil // the shell has created the file but not yet written it
	}
	status, err := strconv.Atoi(text)
	if err != nil {
		return false, 0, fmt.Errorf("read the exit status: %w", err)
	}
	return true, status, nil
}

// WaitExit waits until the program ends and returns its exit status.
func (s *Session) WaitExit(timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for {
		dead, status, err := s.Exited()
		if err != nil || dead {
			return status, err
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("waiting for the program to exit: %w after %s", ErrTimeout, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Close stops the tmux server and the program in it.
func (s *Session) Close() error {
	_, err := s.run("kill-server")
	return err
}
