package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// syncBuffer is a bytes.Buffer that a process writes to while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// exchange is one step of a terminal session: wait until the terminal or
// stderr shows expect, then type send.
type exchange struct {
	expect string
	send   string
}

// runOnTerminal runs idtui with a pseudo-terminal as its stdin and
// controlling terminal, as an operator would, with stdout and stderr going
// to buffers. It plays the exchanges, and returns the result and every
// command line seen of idtui and its child processes while it ran.
func (c *cli) runOnTerminal(exchanges []exchange, args ...string) (result, []string) {
	c.t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		c.t.Fatalf("open a pseudo-terminal: %v", err)
	}
	defer ptmx.Close()

	cmd := c.command("", args...)
	var stdout, stderr, screen syncBuffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	tty.Close()
	go func() { _, _ = copyAll(&screen, ptmx) }()
	watcher := watchProcess(cmd.Process.Pid)

	for _, ex := range exchanges {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(screen.String()+stderr.String(), ex.expect) {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				c.t.Fatalf("waited 30 s for %q; terminal:\n%s\nstderr:\n%s", ex.expect, screen.String(), stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := ptmx.Write([]byte(ex.send)); err != nil {
			c.t.Fatal(err)
		}
	}

	err = waitWithTimeout(cmd, 2*time.Minute)
	cmdlines := watcher.stop()
	r := result{stdout: stdout.String(), stderr: stderr.String() + screen.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return r, cmdlines
}

func copyAll(dst *syncBuffer, src *os.File) (int64, error) {
	buf := make([]byte, 4096)
	var total int64
	for {
		n, err := src.Read(buf)
		if n > 0 {
			_, _ = dst.Write(buf[:n])
			total += int64(n)
		}
		if err != nil {
			return total, err
		}
	}
}

// processWatcher reads the command lines of a process and of its
// descendants from /proc until stopped.
type processWatcher struct {
	done     chan struct{}
	finished chan []string
}

func watchProcess(pid int) *processWatcher {
	w := &processWatcher{done: make(chan struct{}), finished: make(chan []string, 1)}
	go func() {
		seen := map[string]bool{}
		for {
			for _, cmdline := range treeCmdlines(pid) {
				seen[cmdline] = true
			}
			select {
			case <-w.done:
				var all []string
				for cmdline := range seen {
					all = append(all, cmdline)
				}
				w.finished <- all
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return w
}

func (w *processWatcher) stop() []string {
	close(w.done)
	return <-w.finished
}

// treeCmdlines returns the command lines of pid and its descendants, with
// the NUL separators of /proc as spaces.
func treeCmdlines(pid int) []string {
	var lines []string
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/cmdline")
		if err == nil && len(raw) > 0 {
			lines = append(lines, strings.ReplaceAll(strings.TrimRight(string(raw), "\x00"), "\x00", " "))
		}
		tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(p) + "/task")
		for _, task := range tasks {
			children, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/task/" + task.Name() + "/children")
			for _, field := range strings.Fields(string(children)) {
				if child, err := strconv.Atoi(field); err == nil {
					queue = append(queue, child)
				}
			}
		}
	}
	return lines
}

// runWatched runs idtui as run does, and also returns every command line
// seen of idtui and its child processes while it ran.
func (c *cli) runWatched(stdin string, args ...string) (result, []string) {
	c.t.Helper()
	cmd := c.command(stdin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	watcher := watchProcess(cmd.Process.Pid)
	err := waitWithTimeout(cmd, 2*time.Minute)
	cmdlines := watcher.stop()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return r, cmdlines
}
