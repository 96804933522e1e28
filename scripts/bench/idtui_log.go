package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"
)

// logEvents are the moments of one idtui run that the bench reads from its
// log file, which log/slog's text handler writes with millisecond times.
type logEvents struct {
	// commandStarted is when the command began its work, after the Go
	// runtime started and the command line was parsed.
	commandStarted time.Time
	// loggedIn is when the response to the admin's first token request
	// arrived.
	loggedIn time.Time
	// requests is how many HTTP requests completed or failed. A request
	// that idtui canceled is logged at the debug level, which the log file
	// leaves out, so it is not counted.
	requests int
}

// readLogEvents reads the events of the one run that wrote the log file.
func readLogEvents(path string) (logEvents, error) {
	var events logEvents
	f, err := os.Open(path)
	if err != nil {
		return events, fmt.Errorf("read idtui's log: %w", err)
	}
	defer f.Close()

	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		line := scanner.Text()
		at, _ := logTime(line)
		switch {
		case strings.Contains(line, ` msg="command started"`) && events.commandStarted.IsZero():
			events.commandStarted = at
		case isRequestRecord(line):
			events.requests++
			if events.loggedIn.IsZero() && strings.Contains(line, " method=POST ") && strings.Contains(line, "/protocol/openid-connect/token ") {
				events.loggedIn = at
			}
		}
	}
	if err := scanner.Err(); err != nil {
		return events, fmt.Errorf("read idtui's log %s: %w", path, err)
	}
	if events.commandStarted.IsZero() || events.loggedIn.IsZero() {
		return events, fmt.Errorf("idtui's log %s records no start or no admin login", path)
	}
	return events, nil
}

// isRequestRecord reports whether a log line is the record of an HTTP
// request that completed or failed.
func isRequestRecord(line string) bool {
	return strings.Contains(line, " msg=request ") || strings.Contains(line, ` msg="request failed" `)
}

// countRequestRecords returns how many HTTP requests the log file records.
func countRequestRecords(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("read idtui's log: %w", err)
	}
	count := 0
	for line := range strings.Lines(string(b)) {
		if isRequestRecord(line) {
			count++
		}
	}
	return count, nil
}

// logTime parses the time= field that starts a record.
func logTime(line string) (time.Time, error) {
	value, ok := strings.CutPrefix(line, "time=")
	if !ok {
		return time.Time{}, fmt.Errorf("no time in log line %q", line)
	}
	value, _, _ = strings.Cut(value, " ")
	return time.Parse(time.RFC3339Nano, value)
}
