package main

import (
	"bytes"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardLogGoesToLogFile checks that a line printed with the log
// package, as net/http prints on a broken connection, reaches the log file
// and not stderr, where it would paint over the console.
func TestStandardLogGoesToLogFile(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	previous := slog.Default()
	t.Cleanup(func() { slog.SetDefault(previous) })
	var stdout, stderr bytes.Buffer
	a := newApp(os.Stdin, &stdout, &stderr)
	t.Cleanup(a.close)

	a.logger()
	log.Print("Unsolicited response received on idle HTTP channel")

	logText, err := os.ReadFile(filepath.Join(state, "idtui", "idtui.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logText), "Unsolicited response received on idle HTTP channel") {
		t.Errorf("the log file lacks the line:\n%s", logText)
	}
}
