package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/idtui/idtui/keycloak"
)

// floorTarget is how much slower than the floor idtui's listing may be.
const floorTarget = 1.10

// markdown renders the page. Every figure on it comes from this run.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	p("# Benchmarks")
	p("")
	p("`make bench` wrote this page in one run against one Keycloak, which started on %s and took %s. Every figure on it comes from that run.",
		r.started.UTC().Format("2006-01-02 15:04 MST"), r.duration.Round(time.Second))
	p("The method, the machine and the exact commands are at the end.")
	p("")

	r.writeListing(p)
	r.writeTargets(p)
	r.writePageSizes(p)
	r.writeConsole(p)
	r.writeRequests(p)
	r.writeMethod(p)
	return b.String()
}

type printer func(format string, args ...any)

func (r *report) writeListing(p printer) {
	p("## Listing every application")
	p("")
	p("Each figure is the time from the start of the tool, on a new connection, to the last client received: the median of %d timed runs, with the fastest and the slowest in brackets. The floor and idtui log in within that time, and the time of the idtui CLI includes the start of its process. kcadm.sh uses the session that an untimed `kcadm.sh config credentials` stored, and its time includes the start of its JVM. The floor is Keycloak's own time: the admin API paged by a minimal client, one request after the other.", r.opts.repetitions)
	p("")
	for _, size := range r.sizes {
		floor := r.floorMedian(size)
		p("### %s applications (realm %s, %s clients with Keycloak's built-in ones)", thousands(size.n), benchRealm(size.n), thousands(size.expected))
		p("")
		p("| Listing | Median (min–max) | vs floor |")
		p("|---|---|---|")
		for _, l := range r.listings {
			s, ok := size.samples[l.name]
			switch {
			case l.unavailable != "":
				p("| %s | not measured yet: %s | |", l.name, l.unavailable)
			case ok && size.single[l.name]:
				p("| %s | %s, one run: slower than %s, so not repeated | %s |", l.name, millis(s.median()), slowListing, ratio(s.median(), floor))
			case ok:
				p("| %s | %s | %s |", l.name, s.cell(), ratio(s.median(), floor))
			default:
				p("| %s | %s | |", l.name, size.failures[l.name])
			}
		}
		p("")
		p("One-minute load average of the machine: %s before, %s after.", size.loadBefore, size.loadAfter)
		p("")
	}
}

// floorMedian returns the floor's median at one size, or 0.
func (r *report) floorMedian(size *sizeResult) time.Duration {
	if s, ok := size.samples[r.listings[0].name]; ok {
		return s.median()
	}
	return 0
}

func (r *report) writeTargets(p printer) {
	p("## Targets")
	p("")
	header := "| Target |"
	rule := "|---|"
	for _, size := range r.sizes {
		header += " " + thousands(size.n) + " |"
		rule += "---|"
	}
	p("%s", header)
	p("%s", rule)

	kcadmName := r.listings[len(r.listings)-1].name
	for _, l := range r.listings {
		if !l.idtui {
			continue
		}
		if l.unavailable != "" {
			p("| %s | not measured yet |%s", l.name, strings.Repeat(" |", len(r.sizes)-1))
			continue
		}
		floorRow := fmt.Sprintf("| %s within %.1f× of the floor |", l.name, floorTarget)
		kcadmRow := fmt.Sprintf("| %s faster than kcadm.sh |", l.name)
		for _, size := range r.sizes {
			floorRow += " " + floorVerdict(size, l.name, r.floorMedian(size)) + " |"
			kcadmRow += " " + kcadmVerdict(size, l.name, kcadmName) + " |"
		}
		p("%s", floorRow)
		p("%s", kcadmRow)
	}

	p("")
	p("Where idtui and the floor differ: idtui requests %d pages at once after the first, where the floor waits for each page before it requests the next. Keycloak serves the requests on several threads, so its cores and the transfers overlap. idtui also decodes each client as it arrives, and only the fields it shows.", keycloak.ListConcurrency)
	p("")
	r.writeKcadmTimeouts(p, kcadmName)
	r.writeConsoleTargets(p)
}

// keycloakTransactionTimeout is the default transaction timeout of
// Keycloak 26, after which its transaction reaper aborts a request's
// transaction. The dev Keycloak aborted the unpaged listing of 10,000
// clients 300 s after the request started.
const keycloakTransactionTimeout = 300 * time.Second

// writeKcadmTimeouts explains a kcadm.sh listing that failed after
// Keycloak's transaction timeout.
func (r *report) writeKcadmTimeouts(p printer, kcadmName string) {
	for _, size := range r.sizes {
		elapsed, failed := size.failedAfter[kcadmName]
		if !failed || elapsed < keycloakTransactionTimeout {
			continue
		}
		p("kcadm.sh failed with %s applications after %s, just past Keycloak's transaction timeout of %d s, its default. kcadm.sh requests every client in one request without paging. Keycloak builds that whole list in one transaction, and its time per client grows with the clients already loaded in the transaction (see the page sizes below). So the transaction outlives the timeout, Keycloak aborts it, and the response breaks off in the middle of the JSON. An operator gets all %s clients from kcadm.sh only by paging with `--offset` and `--limit` by hand.",
			thousands(size.n), millis(elapsed), int(keycloakTransactionTimeout.Seconds()), thousands(size.expected))
		if r.transactionAborts > 0 {
			p("")
			p("Keycloak's log records %s that its transaction reaper canceled during this run (ARJUNA012121).", plural(r.transactionAborts, "transaction"))
		}
		p("")
	}
}

func floorVerdict(size *sizeResult, name string, floor time.Duration) string {
	s, ok := size.samples[name]
	if !ok || floor == 0 {
		return "not measured"
	}
	got := float64(s.median()) / float64(floor)
	if got <= floorTarget {
		return fmt.Sprintf("met: %.2f×", got)
	}
	return fmt.Sprintf("missed by %.0f%%: %.2f×", (got/floorTarget-1)*100, got)
}

func kcadmVerdict(size *sizeResult, name, kcadmName string) string {
	s, ok := size.samples[name]
	if !ok {
		return "not measured"
	}
	k, ok := size.samples[kcadmName]
	if !ok {
		return fmt.Sprintf("met: kcadm.sh failed after %s, idtui took %s", millis(size.failedAfter[kcadmName]), millis(s.median()))
	}
	if s.median() < k.median() {
		return fmt.Sprintf("met: %s against %s", millis(s.median()), millis(k.median()))
	}
	return fmt.Sprintf("missed: %s against %s, %s slower", millis(s.median()), millis(k.median()), ratio(s.median(), k.median()))
}

func (r *report) writePageSizes(p printer) {
	if len(r.pageSizes) == 0 {
		return
	}
	p("## Page size")
	p("")
	p("The floor's listing at several page sizes, median of %d runs each, and the time per client. Each page costs a request, which favours large pages. But Keycloak spends more time on each client the more clients one request loads, which favours small pages once the realm is large. The stack traces that Keycloak's transaction reaper logs for a long listing point into Hibernate's session flush. A request for every client at once, as kcadm.sh sends, is the extreme case.", pageSizeRepetitions)
	p("")
	header, rule := "| Page size |", "|---|"
	for _, size := range r.sizes {
		header += fmt.Sprintf(" %s applications |", thousands(size.n))
		rule += "---|"
	}
	p("%s", header)
	p("%s", rule)
	for i, pageSize := range studiedPageSizes {
		row := fmt.Sprintf("| %d |", pageSize)
		for _, results := range r.pageSizes {
			row += fmt.Sprintf(" %s, %.2f ms per client |", millis(results[i].sample.median()), float64(results[i].perClient().Microseconds())/1000)
		}
		p("%s", row)
	}
	p("")

	largest := r.pageSizes[len(r.pageSizes)-1]
	cheapest := largest[0]
	for _, result := range largest {
		if result.perClient() < cheapest.perClient() {
			cheapest = result
		}
	}
	p("With %s applications, pages of %d cost the least per client in this run. idtui requests pages of %d.", thousands(r.sizes[len(r.sizes)-1].n), cheapest.pageSize, keycloak.DefaultPageSize)
	p("")
}

func (r *report) writeRequests(p printer) {
	p("## Requests per action")
	p("")
	p("HTTP requests that each action of idtui sends, as `keycloak.Client.Requests()` counts them, on a fresh client in the realm %s. The admin login is counted once, and the other actions reuse its token.", benchRealm(r.opts.sizes[0]))
	p("")
	p("| Action | keycloak.Client calls | Requests |")
	p("|---|---|---|")
	for _, c := range r.requests {
		p("| %s | %s | %d |", c.action, c.calls, c.requests)
	}
	p("")
	p("No action sends a request per list row. A listing sends one request per page of %d, plus up to %d requests past the last page, which the concurrent paging sends before it knows where the list ends and then cancels. The details of an application take four requests. Calling `ServiceAccountUser` and `Permissions` in place of `ServiceAccount` reads the service account user twice and takes five.", keycloak.DefaultPageSize, keycloak.ListConcurrency-1)
	p("")
	r.writeConsoleRequests(p)
}

func (r *report) writeMethod(p printer) {
	e := r.env
	p("## Method")
	p("")
	p("- Machine: %s, %d cores, %s of memory, from /proc. The machine and the Keycloak are shared: other programs, tests among them, ran at the same time, so the load averages above show how busy it was.", e.cpu, e.cores, e.memory)
	p("- Versions: %s, Keycloak %s, and kcadm.sh from the same distribution (%s), run with %s.", e.goVer, e.keycloak, homeRelative(r.kcadmPath), e.javaVer)
	p("- Realms: one per size, bench-N, with N applications: %d API clients with two roles each, then in every 20 applications 12 M2M (each with a service account holding one API role), 5 Confidential and 3 Public. `go run ./scripts/bench seed` creates them through `POST /admin/realms/bench-N/partialImport` in batches of %d clients, and marks a finished realm with the attribute `%s`, so a second run finds it complete and sends nothing more.", apiClientCount, importBatchSize, seededAttribute)
	p("- Page size: %d for the floor and for idtui, which also keeps %d requests in flight. kcadm.sh sends one request without paging.", keycloak.DefaultPageSize, keycloak.ListConcurrency)
	p("- Repetitions: each listing runs once untimed first, which warms Keycloak's caches and checks that every listing returns the same number of clients. Then come %d timed rounds, each starting with the next listing, so a burst of load from the other programs falls on all of them alike. The median ignores a few slow outliers, and the min–max range shows how noisy the run was. A listing whose warm-up takes longer than %s is not repeated, and one that fails is not run again.", r.opts.repetitions, slowListing)
	p("- Commands:")
	for _, l := range r.listings {
		if l.unavailable == "" {
			p("  - %s: %s", l.name, l.command)
		}
	}
	p("  - the console: `%s %s` on a %d×%d pseudo-terminal with TERM=xterm-256color, with %s", r.opts.idtui, strings.Join(consoleArgs(r.opts.url, "bench-N"), " "), consoleWidth, consoleHeight, idtuiEnvDescription)
	p("  - the console's Go benchmarks: `%s`", goBenchCommand())
	p("- The whole run: `make bench`, which starts the dev Keycloak if needed (`scripts/keycloak up`), builds `bin/idtui` and `bin/bench` (from ./scripts/bench), and runs `bin/bench run -sizes %s -repetitions %d`. That seeds the realms that are missing first. The Go benchmarks run first, then the listings, the page sizes, the console and the request counts, one after the other.", joinSizes(r.opts.sizes), r.opts.repetitions)
}

// homeRelative writes a path under the home folder with ~ in its place.
func homeRelative(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || !strings.HasPrefix(path, home+"/") {
		return path
	}
	return "~" + strings.TrimPrefix(path, home)
}

func joinSizes(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, n := range sizes {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ",")
}

// plural returns "1 transaction" or "3 transactions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// thousands formats n with a comma between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
