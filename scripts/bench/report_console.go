package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/idtui/idtui/keycloak"
)

// Targets of the console.
const (
	firstRowsTarget = 150 * time.Millisecond // after Keycloak's first page
	interactTarget  = 5 * time.Millisecond   // a filter keystroke, a frame
	peakRSSTarget   = 80_000_000             // bytes

	peakRSSTargetText = "80 MB"
)

// The console's Go benchmarks that the page reports, with what each
// measures and whether the frame or keystroke target applies.
var consoleBenchmarks = []struct {
	name, what string
	// perKeystroke marks a benchmark whose iteration is two keystrokes.
	perKeystroke, targeted bool
}{
	{"BenchmarkFilterKeystroke", "one keystroke in the filter: the key, the filter over the 10,000 rows and the selection. Each iteration types a digit and deletes it again, so the figures are halved to one keystroke", true, true},
	{"BenchmarkListFrame", "one frame of the whole console, as its View builds it: the list of 10,000 applications, the header, the help and the footer. Bubble Tea's renderer then compares the frame with the screen and writes the changes, which this leaves out", false, true},
	{"BenchmarkListPage", "merging the last page of 100 applications into a list of 9,900", false, false},
}

// durations returns one duration of each run.
func (c *consoleResult) durations(of func(consoleRun) time.Duration) []time.Duration {
	values := make([]time.Duration, len(c.runs))
	for i, run := range c.runs {
		values[i] = of(run)
	}
	return values
}

// afterFirstPage returns, for each run, how long after Keycloak's first
// page the first rows were on screen.
func (c *consoleResult) afterFirstPage() []time.Duration {
	return c.durations(func(r consoleRun) time.Duration { return r.firstRows - r.keycloakFirstPage })
}

// peakRSSBytes returns the peak RSS of each run in bytes.
func (c *consoleResult) peakRSSBytes() []int64 {
	values := make([]int64, len(c.runs))
	for i, run := range c.runs {
		values[i] = run.peakRSS * 1024
	}
	return values
}

func (r *report) writeConsole(p printer) {
	c := r.console
	realm := benchRealm(c.n)
	p("## The console with %s applications", thousands(c.n))
	p("")
	p("The real binary, `%s %s`, started %d times on the realm %s after one untimed start, in a %d×%d terminal. Each start ran until all rows were on screen, and then the q key ended it. Every time counts from the start of the process.",
		r.opts.idtui, strings.Join(consoleArgs(r.opts.url, realm), " "), r.opts.repetitions, realm, consoleWidth, consoleHeight)
	p("")
	p("How the bench sees the screen: it runs the console on a pseudo-terminal of its own and feeds everything the console writes into a terminal emulator (github.com/charmbracelet/x/vt). A goroutine blocks on the terminal's output, so nothing polls. After each read it checks the emulated screen and dates a change with the time of that read. So \"on screen\" means that the frame reached the terminal, after Bubble Tea's renderer drew it. This needs no code in the console and adds no work to it. Timestamps that the console logged would mark when its model changed, one frame before the screen. A tmux capture loop would start a tmux client every few milliseconds on the 2 shared cores, and would date each change only to the loop's interval.")
	p("")
	if c.failure != "" && len(c.runs) == 0 {
		p("**Not measured:** %s", firstLine(c.failure))
		p("")
		return
	}
	if c.failure != "" {
		p("**The runs stopped early:** %s", firstLine(c.failure))
		p("")
	}

	p("| Measure | Median (min–max) | Target |")
	p("|---|---|---|")
	p("| Keycloak's first page: `GET /admin/realms/%s/clients?first=0&max=%d` to its last byte, by the minimal client after its login, just before each start | %s | |", realm, keycloak.DefaultPageSize, spread(c.durations(func(r consoleRun) time.Duration { return r.keycloakFirstPage }), millis))
	p("| start to the console's command starting, from its log | %s | |", spread(c.durations(func(r consoleRun) time.Duration { return r.started }), millis))
	p("| start to the admin login's response, from its log | %s | |", spread(c.durations(func(r consoleRun) time.Duration { return r.loggedIn }), millis))
	p("| start to the first rows on screen | %s | |", spread(c.durations(func(r consoleRun) time.Duration { return r.firstRows }), millis))
	p("| first rows on screen after Keycloak's first page, per start | %s | within %s |", spread(c.afterFirstPage(), millis), millis(firstRowsTarget))
	p("| start to all %s rows loaded | %s | |", thousands(c.runs[0].rows), spread(c.durations(func(r consoleRun) time.Duration { return r.allRows }), millis))
	p("| peak RSS (VmHWM in /proc/PID/status) with all rows loaded | %s | under %s |", spread(c.peakRSSBytes(), megabytes), peakRSSTargetText)
	p("")
	p("One-minute load average of the machine: %s before, %s after.", c.loadBefore, c.loadAfter)
	p("")

	firstRows := median(c.durations(func(r consoleRun) time.Duration { return r.firstRows }))
	loggedIn := median(c.durations(func(r consoleRun) time.Duration { return r.loggedIn }))
	p("Where the time to the first rows goes: the console logs the admin in before it opens, and that login returned %s after the start (median), which is part of the %s to the first rows. The %s applications that the console shows are the realm's clients less Keycloak's %d built-in ones and the %d API clients, which it hides until the a key shows them.",
		millis(loggedIn), millis(firstRows), thousands(c.runs[0].rows), builtInClientCount, apiClientCount)
	if library := r.libraryMedian(c.n); library > 0 {
		allRows := median(c.durations(func(r consoleRun) time.Duration { return r.allRows }))
		p("")
		p("All rows took %s in the console (median), and `keycloak.Client.ListApplications` alone took %s in the listing of the same realm above, in runs at other moments of the same Keycloak.", millis(allRows), millis(library))
	}
	p("")
	r.writeGoBenchmarks(p)
}

// libraryMedian returns the median of idtui's in-process listing at size
// n, or 0 if it was not measured.
func (r *report) libraryMedian(n int) time.Duration {
	for _, size := range r.sizes {
		if size.n != n {
			continue
		}
		for _, l := range r.listings {
			if s, ok := size.samples[l.name]; ok && strings.HasPrefix(l.name, "idtui: keycloak.Client") {
				return s.median()
			}
		}
	}
	return 0
}

func (r *report) writeGoBenchmarks(p printer) {
	p("### Go benchmarks of the console")
	p("")
	p("`%s` runs the benchmarks of ui/list_bench_test.go: a console whose list holds 10,000 generated applications, sized to a 160×50 window, with no real terminal and no Keycloak involved. Each figure is the median of the %d runs, with the fastest and the slowest in brackets.", goBenchCommand(), goBenchCount)
	p("")
	if r.goBenchFailure != "" {
		p("**Not measured:** %s", firstLine(r.goBenchFailure))
		p("")
		return
	}
	p("| Benchmark | What it measures | Time | Memory | Allocations | Target |")
	p("|---|---|---|---|---|---|")
	for _, spec := range consoleBenchmarks {
		b := r.goBenchmark(spec.name)
		if b == nil {
			p("| %s | %s | not run | | | |", spec.name, spec.what)
			continue
		}
		times, bytes, allocs := b.values["ns/op"], b.values["B/op"], b.values["allocs/op"]
		if spec.perKeystroke {
			times, bytes, allocs = b.values["ns/keystroke"], halved(bytes), halved(allocs)
		}
		target := ""
		if spec.targeted {
			target = "under " + millis(interactTarget)
		}
		p("| %s | %s | %s | %s | %s | %s |", spec.name, spec.what, spread(times, nanosAsMillis), spread(bytes, formatBytes), spread(allocs, formatCount), target)
	}
	p("")
}

// goBenchmark returns the results of the named benchmark, or nil.
func (r *report) goBenchmark(name string) *goBenchmark {
	for _, b := range r.goBenchmarks {
		if b.name == name {
			return b
		}
	}
	return nil
}

// writeConsoleTargets writes the console's targets and how the run met them.
func (r *report) writeConsoleTargets(p printer) {
	p("| Console target (%s applications) | Result |", thousands(r.console.n))
	p("|---|---|")
	p("| first rows within %s of Keycloak's first page | %s |", millis(firstRowsTarget), r.firstRowsVerdict())
	for _, spec := range consoleBenchmarks {
		if !spec.targeted {
			continue
		}
		verdict := "not measured"
		if b := r.goBenchmark(spec.name); b != nil {
			unit := "ns/op"
			if spec.perKeystroke {
				unit = "ns/keystroke"
			}
			verdict = underVerdict(time.Duration(median(b.values[unit])), interactTarget)
		}
		p("| %s under %s | %s |", strings.TrimPrefix(spec.name, "Benchmark"), millis(interactTarget), verdict)
	}
	p("| peak RSS under %s | %s |", peakRSSTargetText, r.peakRSSVerdict())
	p("")
}

func (r *report) firstRowsVerdict() string {
	if len(r.console.runs) == 0 {
		return "not measured"
	}
	return underVerdict(median(r.console.afterFirstPage()), firstRowsTarget)
}

func (r *report) peakRSSVerdict() string {
	if len(r.console.runs) == 0 {
		return "not measured"
	}
	got := median(r.console.peakRSSBytes())
	if got < peakRSSTarget {
		return fmt.Sprintf("met: %s", megabytes(got))
	}
	return fmt.Sprintf("missed by %s: %s", megabytes(got-peakRSSTarget), megabytes(got))
}

// underVerdict compares a median with a target that it must stay under.
func underVerdict(got, target time.Duration) string {
	if got < target {
		return fmt.Sprintf("met: %s", preciseMillis(got))
	}
	return fmt.Sprintf("missed by %s: %s", preciseMillis(got-target), preciseMillis(got))
}

// preciseMillis formats d in milliseconds, with three decimals below 10 ms.
func preciseMillis(d time.Duration) string {
	if d < 10*time.Millisecond && d > -10*time.Millisecond {
		return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond))
	}
	return millis(d)
}

func nanosAsMillis(ns float64) string { return preciseMillis(time.Duration(ns)) }

func halved(values []float64) []float64 {
	out := make([]float64, len(values))
	for i, v := range values {
		out[i] = v / 2
	}
	return out
}

// megabytes formats bytes in MB of 1,000,000 bytes.
func megabytes(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }

func formatBytes(b float64) string { return thousands(int(b)) + " B" }

func formatCount(n float64) string { return thousands(int(n)) }

func (r *report) writeConsoleRequests(p printer) {
	realm := benchRealm(r.opts.sizes[0])
	p("### The same actions in the console")
	p("")
	p("The real console on the realm %s, driven through its terminal as an operator would use it. The counts are the request records in the console's log file, each taken once the log had recorded no new request for %s. The console logs a request that it canceled, such as a list request past the last page, at the debug level, which its log file leaves out, so opening the console counts fewer requests than the listing above.", realm, millis(quietPeriod))
	p("")
	if r.consoleRequestsFailure != "" {
		p("**Not counted:** %s", firstLine(r.consoleRequestsFailure))
		p("")
		return
	}
	p("| Action in the console | Backend calls | Requests | The library's count above |")
	p("|---|---|---|---|")
	for _, c := range r.consoleRequests {
		library := ""
		if n, ok := r.libraryRequests(c.libraryActions...); ok {
			library = fmt.Sprint(n)
		}
		p("| %s | %s | %d | %s |", c.action, c.calls, c.requests, library)
	}
	p("")

	console, _ := r.consoleRequestCount(detailsAction)
	library, _ := r.libraryRequests(detailsAction)
	if console > library {
		p("**A known extra request:** the console's details screen calls `ServiceAccountUser` and `Permissions`, which both read the service account user, where `keycloak.Client.ServiceAccount` reads the user and its permissions in two requests. So the details take %d requests in the console against %d through the library.", console, library)
		p("")
	}
}

// libraryRequests returns the sum of the library's counts of the actions,
// and false unless the library's table has all of them.
func (r *report) libraryRequests(actions ...string) (int64, bool) {
	var sum int64
	for _, action := range actions {
		found := false
		for _, c := range r.requests {
			if c.action == action {
				sum += c.requests
				found = true
			}
		}
		if !found {
			return 0, false
		}
	}
	return sum, len(actions) > 0
}

// consoleRequestCount returns the console's count of the action.
func (r *report) consoleRequestCount(action string) (int64, bool) {
	for _, c := range r.consoleRequests {
		if c.action == action {
			return c.requests, true
		}
	}
	return 0, false
}
