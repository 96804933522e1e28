package main

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/idtui/idtui/keycloak/kctest"
)

// terminalProcess is idtui running with stdin and stdout on a
// pseudo-terminal, as in a terminal window, and stderr in a buffer.
type terminalProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	screen *syncBuffer
	stderr *syncBuffer
}

func (c *cli) startOnTerminal(args ...string) *terminalProcess {
	c.t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		c.t.Fatalf("open a pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
		c.t.Fatal(err)
	}

	p := &terminalProcess{t: c.t, cmd: c.command("", args...), screen: &syncBuffer{}, stderr: &syncBuffer{}}
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = tty, tty, p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := p.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	tty.Close()
	go func() { _, _ = copyAll(p.screen, ptmx) }()
	c.t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
		ptmx.Close()
	})
	return p
}

// waitFor waits up to 30 s until buf shows text.
func (p *terminalProcess) waitFor(what string, buf *syncBuffer, text string) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(buf.String(), text) {
		if time.Now().After(deadline) {
			p.t.Fatalf("waited 30 s for %q on %s; stderr:\n%s", text, what, p.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// exitCode waits for the process to end and returns its exit code.
func (p *terminalProcess) exitCode() int {
	p.t.Helper()
	err := waitWithTimeout(p.cmd, time.Minute)
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode()
	}
	if err != nil {
		p.t.Fatal(err)
	}
	return exitOK
}

func TestConsoleNeedsTerminal(t *testing.T) {
	c := newCLI(t)

	r := c.expectCode(exitUsage)

	for _, part := range []string{"the console needs a terminal, and stdout is not a terminal", "idtui apps list"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr = %q, want it to contain %q", r.stderr, part)
		}
	}
	if strings.Contains(r.stderr, "bubbletea") {
		t.Errorf("stderr shows the library's error: %q", r.stderr)
	}
}

// The console prints where it logs in before the login, so that a Keycloak
// that never responds shows on stderr rather than as a blank screen.
func TestConsoleSaysWhereItLogsIn(t *testing.T) {
	c := newCLI(t)
	c.env[envURL] = kctest.SilentServer(t)

	p := c.startOnTerminal()

	p.waitFor("stderr", p.stderr, "Logging in to "+c.env[envURL]+" as admin@master…")
}

// TestConsoleRejectsWrongPassword checks that a failed login ends before
// the console opens, with the exit code for unauthorized.
func TestConsoleRejectsWrongPassword(t *testing.T) {
	c := newCLI(t)
	c.env[envPassword] = "wrong-password"

	p := c.startOnTerminal()

	if code := p.exitCode(); code != exitUnauthorized {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitUnauthorized, p.stderr.String())
	}
	if !strings.Contains(p.stderr.String(), "Check the admin credentials") {
		t.Errorf("stderr lacks the fix:\n%s", p.stderr.String())
	}
}
