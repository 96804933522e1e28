package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// terminal runs a program on a pseudo-terminal of its own and keeps its
// screen in a terminal emulator, so that the bench sees what an operator
// would see, and when. One goroutine reads the program's output as it
// arrives, with no polling. After each read it updates the screen, checks
// the conditions that callers wait for, and dates a condition that is met
// with the time of that read.
type terminal struct {
	cmd  *exec.Cmd
	ptmx *os.File

	mu      sync.Mutex
	screen  *vt.Emulator
	text    string // the screen's text after the latest read
	watches []*watch
	ended   chan struct{} // closed when the output ends

	closeOnce sync.Once
	closeErr  error
}

// watch is a condition on the screen's text that a caller waits for.
type watch struct {
	what    string // the condition in words, for errors
	matches func(screen string) bool
	seen    chan time.Time
}

func newTerminal(width, height int) *terminal {
	return &terminal{screen: vt.NewEmulator(width, height), ended: make(chan struct{})}
}

// start starts the program on the terminal. Conditions registered before
// it see the program's first output.
func (t *terminal) start(cmd *exec.Cmd) error {
	size := &pty.Winsize{Cols: uint16(t.screen.Width()), Rows: uint16(t.screen.Height())}
	ptmx, err := pty.StartWithSize(cmd, size)
	if err != nil {
		return fmt.Errorf("start %s on a pseudo-terminal: %w", cmd.Path, err)
	}
	t.cmd, t.ptmx = cmd, ptmx
	go t.readOutput()
	go t.forwardReplies()
	return nil
}

// readOutput feeds the program's output to the emulator until it ends.
func (t *terminal) readOutput() {
	defer close(t.ended)
	buf := make([]byte, 64*1024)
	for {
		n, err := t.ptmx.Read(buf)
		at := time.Now()
		if n > 0 {
			t.update(buf[:n], at)
		}
		if err != nil {
			return // EIO once the program has closed the terminal
		}
	}
}

func (t *terminal) update(output []byte, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = t.screen.Write(output)
	t.text = t.screen.String()

	pending := t.watches[:0]
	for _, w := range t.watches {
		if w.matches(t.text) {
			w.seen <- at
			continue
		}
		pending = append(pending, w)
	}
	t.watches = pending
}

// forwardReplies passes the emulator's replies to the program's terminal
// queries back to the program, as a real terminal would. The emulator
// writes them to a pipe that blocks until they are read. The goroutine
// stays blocked on that pipe after the program ends, because closing the
// emulator would race with its pending read.
func (t *terminal) forwardReplies() {
	_, _ = io.Copy(t.ptmx, t.screen)
}

// expect registers a condition on the screen, which wait then waits for.
// A condition that the screen already meets is met now.
func (t *terminal) expect(what string, matches func(screen string) bool) *watch {
	w := &watch{what: what, matches: matches, seen: make(chan time.Time, 1)}
	t.mu.Lock()
	defer t.mu.Unlock()
	if matches(t.text) {
		w.seen <- time.Now()
		return w
	}
	t.watches = append(t.watches, w)
	return w
}

// wait returns the time of the read after which the screen first met the
// condition, which may be before wait was called.
func (t *terminal) wait(ctx context.Context, w *watch, timeout time.Duration) (time.Time, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case at := <-w.seen:
		return at, nil
	case <-t.ended:
		// The last output may have met the condition just before the end.
		select {
		case at := <-w.seen:
			return at, nil
		default:
		}
		return time.Time{}, fmt.Errorf("the program ended before the screen showed %s; its last screen:\n%s", w.what, t.lastScreen())
	case <-timer.C:
		return time.Time{}, fmt.Errorf("the screen did not show %s within %s; its last screen:\n%s", w.what, timeout, t.lastScreen())
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	}
}

// waitFor waits until the screen contains text.
func (t *terminal) waitFor(ctx context.Context, text string, timeout time.Duration) error {
	w := t.expect(fmt.Sprintf("%q", text), func(screen string) bool { return strings.Contains(screen, text) })
	_, err := t.wait(ctx, w, timeout)
	return err
}

// lastScreen returns the screen's text now.
func (t *terminal) lastScreen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.text
}

// send types text into the program's terminal, as keys.
func (t *terminal) send(text string) error {
	_, err := t.ptmx.WriteString(text)
	return err
}

// close waits for the program to exit, kills it if it has not within
// grace, and releases the terminal. Calls after the first return the
// first one's result.
func (t *terminal) close(grace time.Duration) error {
	t.closeOnce.Do(func() { t.closeErr = t.closeNow(grace) })
	return t.closeErr
}

func (t *terminal) closeNow(grace time.Duration) error {
	if t.cmd == nil {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- t.cmd.Wait() }()

	var err error
	select {
	case err = <-done:
	case <-time.After(grace):
		_ = t.cmd.Process.Kill()
		<-done
		err = fmt.Errorf("%s did not exit within %s, so it was killed", t.cmd.Path, grace)
	}
	t.ptmx.Close()
	<-t.ended
	return err
}
