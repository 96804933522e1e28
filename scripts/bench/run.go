package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/idtui/idtui/keycloak"
)

// kcadmTimeout bounds one kcadm.sh listing. kcadm.sh sends one unpaged
// request, and Keycloak aborts a request whose transaction outlives its
// default transaction timeout of 300 s, so a listing never finishes after
// that.
const kcadmTimeout = 330 * time.Second

// slowListing is the warm-up time past which a listing is not repeated:
// its warm-up becomes its only figure, so that a tool that takes minutes
// does not hold the shared Keycloak busy for many more.
const slowListing = time.Minute

// listing is one way of listing every application of a realm.
type listing struct {
	name string
	// command is the exact command or call, for the method section, on
	// the realm bench-N.
	command string
	// list lists every application of realm and returns how many it
	// received and the time it took. Work after the listing, such as
	// counting the items of a command's output, is not timed.
	list func(ctx context.Context, realm string) (int, time.Duration, error)
	// idtui marks the listings whose failure fails the run.
	idtui bool
	// unavailable is the reason the listing cannot run yet, if it cannot.
	unavailable string
}

// sizeResult holds the measurements of every listing at one size.
type sizeResult struct {
	n        int
	expected int // applications in the realm, the built-in clients included
	samples  map[string]*sample
	failures map[string]string // by listing name, why it has no sample
	// failedAfter is how long a failed listing ran before it failed.
	failedAfter map[string]time.Duration
	// single marks the listings slower than slowListing, whose sample is
	// the warm-up alone.
	single map[string]bool
	// loadBefore and loadAfter are the one-minute load averages around
	// the measurements, which show how busy the shared machine was.
	loadBefore, loadAfter string
}

// report is everything the page shows.
type report struct {
	started   time.Time
	duration  time.Duration
	env       environment
	opts      options
	listings  []listing
	sizes     []*sizeResult
	requests  []requestCount
	pageSizes [][]pageSizeResult // by size, in the order of opts.sizes
	// transactionAborts is how many transactions Keycloak aborted during
	// the run, by its log, or -1 without a log.
	transactionAborts int
	kcadmPath         string

	// console holds the console's starts on the largest realm.
	console *consoleResult
	// consoleRequests are the requests of the console's actions, counted
	// in its log, and consoleRequestsFailure why they are missing.
	consoleRequests        []requestCount
	consoleRequestsFailure string
	// goBenchmarks are the console's Go benchmarks, and goBenchFailure
	// why they are missing.
	goBenchmarks   []*goBenchmark
	goBenchFailure string
}

func run(ctx context.Context, opts options) error {
	started := time.Now()
	api := newAdminFor(opts)
	defer api.close()

	env, err := describeEnvironment(ctx, api)
	if err != nil {
		return err
	}
	for _, n := range opts.sizes {
		if _, err := seedRealm(ctx, api, benchRealm(n), n, os.Stderr); err != nil {
			return err
		}
	}

	kc, err := newKcadm(opts.kcadm, env.keycloakVersion)
	if err != nil {
		return err
	}
	defer kc.close()

	home, err := newIdtuiHome()
	if err != nil {
		return err
	}
	defer home.close()

	r := &report{started: started, env: env, opts: opts, kcadmPath: kc.script}
	// The Go benchmarks run first, so that a build failure shows before
	// the long measurements, and alone, so that compiling does not load
	// the machine while Keycloak is measured.
	if r.goBenchmarks, err = runGoBenchmarks(ctx); err != nil {
		r.goBenchFailure = err.Error()
	}
	r.listings = listings(ctx, opts, kc, home)

	for _, n := range opts.sizes {
		// A fresh kcadm.sh session per size keeps its refresh token alive
		// through a long run.
		if err := kc.login(ctx, opts.url); err != nil {
			return err
		}
		result, err := measureSize(ctx, r.listings, n, opts.repetitions)
		if err != nil {
			return err
		}
		r.sizes = append(r.sizes, result)
	}

	for _, n := range opts.sizes {
		results, err := studyPageSizes(ctx, opts.url, n, pageSizeRepetitions)
		if err != nil {
			return err
		}
		r.pageSizes = append(r.pageSizes, results)
	}

	largest := slices.Max(opts.sizes)
	r.console = measureConsole(ctx, opts.idtui, opts.url, home, largest, opts.repetitions)
	if ctx.Err() != nil {
		return ctx.Err()
	}

	fmt.Fprintln(os.Stderr, "counting the requests of each action")
	if r.requests, err = countRequests(ctx, opts.url, opts.sizes); err != nil {
		return err
	}
	if r.consoleRequests, err = countConsoleRequests(ctx, opts.idtui, opts.url, home, opts.sizes[0]); err != nil {
		r.consoleRequestsFailure = err.Error()
	}

	r.transactionAborts = transactionAborts(started)
	r.duration = time.Since(started)
	if err := os.MkdirAll(filepath.Dir(opts.out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(opts.out, []byte(r.markdown()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", opts.out)
	return r.failure()
}

// listings returns the listings to compare, the floor first and kcadm.sh
// last. The idtui CLI takes part once its apps list command exists.
func listings(ctx context.Context, opts options, kc *kcadm, home *idtuiHome) []listing {
	timed := func(fn func(ctx context.Context, realm string) (int, error)) func(context.Context, string) (int, time.Duration, error) {
		return func(ctx context.Context, realm string) (int, time.Duration, error) {
			start := time.Now()
			count, err := fn(ctx, realm)
			return count, time.Since(start), err
		}
	}
	all := []listing{
		{
			name:    "floor: admin API, net/http + encoding/json",
			command: fmt.Sprintf("in-process: password login, then `GET /admin/realms/bench-N/clients?first=F&max=%d` one page after the other (scripts/bench/floor.go)", keycloak.DefaultPageSize),
			list: timed(func(ctx context.Context, realm string) (int, error) {
				return listFloor(ctx, opts.url, realm, keycloak.DefaultPageSize)
			}),
		},
		{
			name:    "idtui: keycloak.Client.ListApplications",
			command: "in-process: `keycloak.New(...)`, then `ListApplications(ctx, 0, yield)`, whose first request logs in (scripts/bench/idtui.go)",
			list: timed(func(ctx context.Context, realm string) (int, error) {
				return listIdtui(ctx, opts.url, realm)
			}),
			idtui: true,
		},
	}

	cli, reason := newIdtuiCLI(ctx, opts.idtui, opts.url, home)
	cliListing := listing{name: "idtui apps list -o json", unavailable: reason, idtui: true}
	if cli != nil {
		cliListing.command = "`" + opts.idtui + " " + strings.Join(cli.listArgs("bench-N"), " ") + "`, with " + idtuiEnvDescription
		cliListing.list = func(ctx context.Context, realm string) (int, time.Duration, error) {
			return timeOutput(ctx, realm, cli.list)
		}
	}
	all = append(all, cliListing)

	config := "TEMP/kcadm.config"
	all = append(all, listing{
		name:    "kcadm.sh get clients",
		command: "`kcadm.sh " + strings.Join(listArgs(config, "bench-N"), " ") + "`, after an untimed `kcadm.sh " + strings.Join(loginArgs(config, opts.url), " ") + "` with KC_CLI_PASSWORD in the environment, where TEMP is a temporary folder that the run removes at the end",
		list: func(ctx context.Context, realm string) (int, time.Duration, error) {
			ctx, cancel := context.WithTimeout(ctx, kcadmTimeout)
			defer cancel()
			return timeOutput(ctx, realm, kc.list)
		},
	})
	return all
}

// timeOutput times a command that prints a JSON array, and counts the
// array's items after the timer stops.
func timeOutput(ctx context.Context, realm string, command func(context.Context, string) ([]byte, error)) (int, time.Duration, error) {
	start := time.Now()
	out, err := command(ctx, realm)
	elapsed := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %s: %w", elapsed.Round(time.Second), err)
		}
		return 0, elapsed, err
	}
	count, err := countJSONArray(out)
	return count, elapsed, err
}

// measureSize runs every listing once untimed, to warm Keycloak's caches
// and the JIT and to check that all listings return the same number of
// applications, and then repetitions times in rounds. Each round starts
// with the next listing, so that a burst of load on the shared machine
// spreads over all of them. A listing that fails is not run again, nor is
// one whose warm-up took longer than slowListing.
func measureSize(ctx context.Context, listings []listing, n, repetitions int) (*sizeResult, error) {
	realm := benchRealm(n)
	result := &sizeResult{
		n:           n,
		samples:     map[string]*sample{},
		failures:    map[string]string{},
		failedAfter: map[string]time.Duration{},
		single:      map[string]bool{},
		loadBefore:  loadAverage(),
	}
	fail := func(name, when string, elapsed time.Duration, err error) {
		result.failures[name] = fmt.Sprintf("failed %safter %s: %s", when, millis(elapsed), firstLine(err.Error()))
		result.failedAfter[name] = elapsed
		delete(result.samples, name)
	}

	for i, l := range listings {
		if l.unavailable != "" {
			continue
		}
		fmt.Fprintf(os.Stderr, "%s: warm-up of %s\n", realm, l.name)
		count, elapsed, err := l.list(ctx, realm)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		switch {
		case err != nil:
			fail(l.name, "", elapsed, err)
			continue
		case i == 0:
			// The floor comes first and sets the number the others must reach.
			if count < n {
				return nil, fmt.Errorf("the floor listed %d applications in %s, fewer than the %d seeded; delete the realm (bench drop -sizes %d) and seed it again", count, realm, n, n)
			}
			result.expected = count
		case count != result.expected:
			result.failures[l.name] = fmt.Sprintf("listed %d applications, the floor %d", count, result.expected)
			continue
		}
		result.samples[l.name] = &sample{}
		if elapsed > slowListing {
			result.samples[l.name].add(elapsed)
			result.single[l.name] = true
		}
	}

	for round := range repetitions {
		for k := range listings {
			l := listings[(round+k)%len(listings)]
			s, ok := result.samples[l.name]
			if !ok || result.single[l.name] {
				continue
			}
			count, elapsed, err := l.list(ctx, realm)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err == nil && count != result.expected {
				err = fmt.Errorf("listed %d applications, the floor %d", count, result.expected)
			}
			if err != nil {
				fail(l.name, fmt.Sprintf("in round %d ", round+1), elapsed, err)
				continue
			}
			s.add(elapsed)
		}
		fmt.Fprintf(os.Stderr, "%s: round %d of %d done\n", realm, round+1, repetitions)
	}
	result.loadAfter = loadAverage()
	return result, nil
}

// firstLine returns the first line of a message, cut to 200 characters,
// so that a stack of a Java tool's output fits in a table cell.
func firstLine(message string) string {
	line, _, cut := strings.Cut(message, "\n")
	if runes := []rune(line); len(runes) > 200 {
		line, cut = string(runes[:200]), true
	}
	if cut {
		line += " …"
	}
	return line
}

// failure returns an error if one of idtui's measurements failed, after
// the page that shows it is written.
func (r *report) failure() error {
	var errs []error
	for _, failure := range []string{r.console.failure, r.consoleRequestsFailure, r.goBenchFailure} {
		if failure != "" {
			errs = append(errs, errors.New(failure))
		}
	}
	for _, size := range r.sizes {
		for _, l := range r.listings {
			if reason, failed := size.failures[l.name]; failed && l.idtui {
				errs = append(errs, fmt.Errorf("%s on %s: %s", l.name, benchRealm(size.n), reason))
			}
		}
	}
	return errors.Join(errs...)
}
