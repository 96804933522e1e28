package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creack/pty"
)

func TestStdoutEscapedOnTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("open a pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()

	if _, err := io.WriteString(newStdout(tty), "ZEEBE_CLIENT_ID='a\x1b]0;PWNED\ab'\n"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 256)
	n, err := ptmx.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(buf[:n]); !strings.Contains(got, `a\x1b]0;PWNED\ab`) {
		t.Errorf("the terminal received %q", got)
	}
}

func TestStdoutExactInPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	want := "ZEEBE_CLIENT_ID='a\x1b]0;x\ab'\n"
	if _, err := io.WriteString(newStdout(w), want); err != nil {
		t.Fatal(err)
	}
	w.Close()
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, []byte(want)) {
		t.Errorf("the pipe received %q, want the bytes as written", got)
	}
}
