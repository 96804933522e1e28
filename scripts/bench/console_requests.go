package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Keys as a terminal sends them.
const (
	keyEnter  = "\r"
	keyEscape = "\x1b"
	keyCtrlS  = "\x13"
)

// screenTimeout bounds the wait for one step of the console.
const screenTimeout = 30 * time.Second

// quietPeriod is how long the console's log must stay without a new
// request before a step counts as finished. Each request of a step starts
// within a few milliseconds of its key or of the response before it.
const quietPeriod = 500 * time.Millisecond

// exchange is one turn with the console: type keys, then wait until the
// screen shows the text.
type exchange struct {
	send, expect string
}

// consoleStep is one action of the operator in the console, with the
// exchanges that perform it and those that return to the list after it.
// Only the requests of the action itself are counted.
type consoleStep struct {
	action string
	calls  string // the Backend methods that the console calls for it
	turns  []exchange
	back   []exchange
}

// countConsoleRequests drives the real console on the realm bench-n as an
// operator would, and counts the HTTP requests of each action in its log
// file: open the console, create an M2M application, open its details,
// rotate its secret, fetch a test token and delete it. It deletes the
// application through the admin API if a step fails before the console
// deleted it.
func countConsoleRequests(ctx context.Context, binary, base string, home *idtuiHome, n int) ([]requestCount, error) {
	realm := benchRealm(n)
	clientID := uniqueClientID()
	defer deleteByClientID(base, realm, clientID)

	const name = "console-requests"
	logFile := home.logFile(name)
	term := newTerminal(consoleWidth, consoleHeight)
	loaded := term.expect("the summary of a complete list", func(screen string) bool {
		line := listSummary.FindString(screen)
		return line != "" && !strings.Contains(line, "loading")
	})
	cmd := exec.CommandContext(ctx, binary, consoleArgs(base, realm)...)
	cmd.Env = append(home.env(name), "TERM=xterm-256color")
	if err := term.start(cmd); err != nil {
		return nil, err
	}
	defer term.close(0) // kills the console if a step failed

	if _, err := term.wait(ctx, loaded, consoleTimeout); err != nil {
		return nil, fmt.Errorf("console on %s: %w", realm, err)
	}
	opened, err := settledCount(ctx, logFile)
	if err != nil {
		return nil, err
	}
	clients := n + builtInClientCount
	counts := []requestCount{{
		action:         fmt.Sprintf("open the console: log in, list %s applications", thousands(clients)),
		calls:          "Login, ListApplications",
		requests:       int64(opened),
		libraryActions: []string{loginAction, listAction(clients)},
	}}

	oneRow := "1 application,"
	toList := []exchange{{keyEscape, oneRow}}
	steps := []consoleStep{
		{action: "create an M2M application", calls: "CreateApplication", turns: []exchange{{"n", "New application"}, {clientID + keyCtrlS, "Created M2M application " + clientID + "."}}, back: []exchange{{keyEnter, "sorted by"}}},
		{action: "filter the list to it", calls: "none", turns: []exchange{{"/" + clientID + keyEnter, oneRow}}},
		{action: detailsAction, calls: "GetApplication, Secret, ServiceAccountUser, Permissions", turns: []exchange{{keyEnter, "service-account-" + clientID}}, back: toList},
		{action: "rotate the secret", calls: "RotateSecret, then GetApplication to show the new secret's age", turns: []exchange{{"R", "Rotate the secret of " + clientID + "?"}, {"y", "Rotated the secret of " + clientID + "."}}, back: []exchange{{keyEnter, oneRow}}},
		{action: "fetch a test token and verify it", calls: "FetchTestToken, KeySet", turns: []exchange{{"t", "verified with the realm's key"}}, back: toList},
		{action: "delete the application", calls: "DeleteApplication", turns: []exchange{{"D", "Type the client id to confirm"}, {clientID + keyEnter, "Deleted " + clientID}}},
	}
	before := opened
	for _, step := range steps {
		if err := play(ctx, term, step.turns); err != nil {
			return nil, fmt.Errorf("console on %s, %s: %w", realm, step.action, err)
		}
		total, err := settledCount(ctx, logFile)
		if err != nil {
			return nil, err
		}
		counts = append(counts, requestCount{action: step.action, calls: step.calls, requests: int64(total - before), libraryActions: []string{step.action}})
		before = total

		if err := play(ctx, term, step.back); err != nil {
			return nil, fmt.Errorf("console on %s, after %s: %w", realm, step.action, err)
		}
	}

	if err := term.send("q"); err != nil {
		return nil, err
	}
	if err := term.close(quitGrace); err != nil {
		return nil, fmt.Errorf("console on %s: %w", realm, err)
	}
	return counts, nil
}

// builtInClientCount is how many clients Keycloak 26 creates in a new
// realm, such as account and admin-cli.
const builtInClientCount = 6

// play types each exchange's keys and waits for its text.
func play(ctx context.Context, term *terminal, turns []exchange) error {
	for _, turn := range turns {
		if err := term.send(turn.send); err != nil {
			return err
		}
		if err := term.waitFor(ctx, turn.expect, screenTimeout); err != nil {
			return err
		}
	}
	return nil
}

// settledCount waits until the log file has recorded no new request for
// quietPeriod, and returns how many it records.
func settledCount(ctx context.Context, logFile string) (int, error) {
	deadline := time.Now().Add(screenTimeout)
	last, err := countRequestRecords(logFile)
	if err != nil {
		return 0, err
	}
	stableSince := time.Now()
	for time.Since(stableSince) < quietPeriod {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("idtui's log still records new requests after %s", screenTimeout)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		count, err := countRequestRecords(logFile)
		if err != nil {
			return 0, err
		}
		if count != last {
			last, stableSince = count, time.Now()
		}
	}
	return last, nil
}

// deleteByClientID deletes the client with the client id from the realm,
// if it exists, with a fresh admin session.
func deleteByClientID(base, realm, clientID string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	username, password := adminCredentials()
	api := newAdminAPI(base, username, password)
	defer api.close()

	var found []floorClient
	path := "/realms/" + url.PathEscape(realm) + "/clients"
	if err := api.do(ctx, "GET", path+"?clientId="+url.QueryEscape(clientID), nil, &found); err != nil {
		fmt.Fprintf(os.Stderr, "bench: look up %s in %s to delete it: %v\n", clientID, realm, err)
		return
	}
	for _, c := range found {
		if err := api.do(ctx, "DELETE", path+"/"+url.PathEscape(c.ID), nil, nil); err != nil {
			fmt.Fprintf(os.Stderr, "bench: delete %s from %s: %v\n", clientID, realm, err)
		}
	}
}
