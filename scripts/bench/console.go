package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/idtui/idtui/keycloak"
)

// The terminal that the console runs in, in cells: a large window, so a
// frame carries many rows.
const (
	consoleWidth  = 160
	consoleHeight = 50
)

// consoleTimeout bounds the wait for the console's rows. Listing 10,000
// applications takes seconds, and much longer only when something is wrong.
const consoleTimeout = 3 * time.Minute

// quitGrace is how long the console may take to exit after the quit key.
const quitGrace = 10 * time.Second

var (
	// applicationRow matches a row of a seeded application, such as
	// "bench-m2m-00042", at the start of a line of the list.
	applicationRow = regexp.MustCompile(`(?m)^bench-[a-z]+-\d{5}\s`)
	// listSummary matches the list's summary line, such as "9995
	// applications, sorted by client id", and its number of rows.
	listSummary = regexp.MustCompile(`(?m)^(\d+) applications?, sorted by[^\n]*$`)
)

// consoleRun is one start of the console on a bench realm, every time
// from the start of the process.
type consoleRun struct {
	// keycloakFirstPage is how long Keycloak took for the first page of
	// the realm just before the console started, as the minimal client
	// measured it.
	keycloakFirstPage time.Duration
	// started is when the console's log recorded the start of its command,
	// and loggedIn when its admin login returned, both from its log file.
	started, loggedIn time.Duration
	firstRows         time.Duration
	allRows           time.Duration
	// peakRSS is the console's VmHWM once all rows were on screen, in KiB.
	peakRSS int64
	// rows is the number of applications that the list's summary showed.
	rows int
}

// consoleResult holds the console runs on one realm.
type consoleResult struct {
	n       int
	runs    []consoleRun
	failure string // the reason the runs stopped, if they did
	// loadBefore and loadAfter are the one-minute load averages around
	// the runs.
	loadBefore, loadAfter string
}

// consoleArgs are the console's arguments.
func consoleArgs(base, realm string) []string {
	return []string{"--url", base, "--realm", realm}
}

// measureConsole starts the console on the realm bench-n once untimed and
// then repetitions times, and measures each start. A failed start ends the
// runs, and the result records the reason.
func measureConsole(ctx context.Context, binary, base string, home *idtuiHome, n, repetitions int) *consoleResult {
	result := &consoleResult{n: n, loadBefore: loadAverage()}
	defer func() { result.loadAfter = loadAverage() }()

	for i := range repetitions + 1 {
		fmt.Fprintf(os.Stderr, "%s: console start %d of %d, the first one untimed\n", benchRealm(n), i+1, repetitions+1)
		run, err := runConsole(ctx, binary, base, home, fmt.Sprintf("console-%d-%d", n, i), n)
		if err != nil {
			result.failure = err.Error()
			return result
		}
		if i > 0 {
			result.runs = append(result.runs, run)
		}
	}
	return result
}

// runConsole measures Keycloak's first page with the minimal client, then
// starts the console on the realm bench-n, waits until all rows are on
// screen, reads its peak RSS and quits it.
func runConsole(ctx context.Context, binary, base string, home *idtuiHome, name string, n int) (consoleRun, error) {
	var run consoleRun
	realm := benchRealm(n)
	var err error
	if run.keycloakFirstPage, err = timeFirstPage(ctx, base, realm); err != nil {
		return run, err
	}

	term := newTerminal(consoleWidth, consoleHeight)
	firstRows := term.expect("a row of a seeded application", applicationRow.MatchString)
	allRows := term.expect("the summary of a complete list", func(screen string) bool {
		line := listSummary.FindString(screen)
		return line != "" && !strings.Contains(line, "loading")
	})
	cmd := exec.CommandContext(ctx, binary, consoleArgs(base, realm)...)
	cmd.Env = append(home.env(name), "TERM=xterm-256color")

	start := time.Now()
	if err := term.start(cmd); err != nil {
		return run, err
	}
	defer term.close(0) // kills the console if a wait failed

	at, err := term.wait(ctx, firstRows, consoleTimeout)
	if err != nil {
		return run, fmt.Errorf("console on %s: %w", realm, err)
	}
	run.firstRows = at.Sub(start)
	if at, err = term.wait(ctx, allRows, consoleTimeout); err != nil {
		return run, fmt.Errorf("console on %s: %w", realm, err)
	}
	run.allRows = at.Sub(start)
	if run.peakRSS, err = peakRSS(cmd.Process.Pid); err != nil {
		return run, err
	}
	match := listSummary.FindStringSubmatch(term.lastScreen())
	if match != nil {
		run.rows, _ = strconv.Atoi(match[1])
	}
	if want := n - apiClientCount; run.rows != want {
		return run, fmt.Errorf("console on %s shows %d applications, want %d (the seeded ones less the %d API clients, which it hides)", realm, run.rows, want, apiClientCount)
	}

	if err := term.send("q"); err != nil {
		return run, err
	}
	if err := term.close(quitGrace); err != nil {
		return run, fmt.Errorf("console on %s: %w", realm, err)
	}

	events, err := readLogEvents(home.logFile(name))
	if err != nil {
		return run, err
	}
	run.started = events.commandStarted.Sub(start)
	run.loggedIn = events.loggedIn.Sub(start)
	return run, nil
}

// timeFirstPage logs the minimal client in, untimed, and returns how long
// the first page of the realm takes on the same connection, to its last
// byte: what Keycloak needs before any client can show a row.
func timeFirstPage(ctx context.Context, base, realm string) (time.Duration, error) {
	username, password := adminCredentials()
	api := newAdminAPI(base, username, password)
	defer api.close()
	if _, err := api.accessToken(ctx); err != nil {
		return 0, err
	}

	var page []floorClient
	start := time.Now()
	path := fmt.Sprintf("/realms/%s/clients?first=0&max=%d", url.PathEscape(realm), keycloak.DefaultPageSize)
	if err := api.do(ctx, "GET", path, nil, &page); err != nil {
		return 0, fmt.Errorf("first page of %s: %w", realm, err)
	}
	return time.Since(start), nil
}

// peakRSS returns VmHWM, the peak resident set size, of a process in KiB.
func peakRSS(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read the console's peak RSS: %w", err)
	}
	for line := range strings.Lines(string(status)) {
		if value, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
