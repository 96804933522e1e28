package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// openLog returns a logger that appends to idtui.log under the XDG state
// directory. stdout and stderr belong to the console and to command output,
// so nothing is logged there.
func openLog() (*slog.Logger, func(), error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, nil, fmt.Errorf("find the log directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "state")
	}
	dir = filepath.Join(dir, "idtui")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create the log directory: %w", err)
	}

	path := filepath.Join(dir, "idtui.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open the log file: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return logger, func() { f.Close() }, nil
}
