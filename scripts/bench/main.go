// Command bench seeds bench realms with thousands of applications and
// measures how fast idtui, kcadm.sh and a minimal HTTP client list them,
// and how fast idtui's console shows them and with how much memory.
//
//	go run ./scripts/bench seed [-sizes 1000,10000]
//	go run ./scripts/bench run  [-sizes 1000,10000] [-repetitions 5] [-out docs/benchmarks.md] [-idtui bin/idtui]
//	go run ./scripts/bench drop -sizes 50
//
// It talks only to a Keycloak on a loopback address, the dev Keycloak of
// scripts/keycloak by default, as the master admin from
// KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD (default admin/admin).
// run seeds the realms that are missing before it measures.
// scripts/bench/run, which make bench calls, starts that Keycloak, builds
// bin/idtui and runs run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/idtui/idtui/keycloak"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bench seed|run|drop [flags]; see -h of each")
		os.Exit(2)
	}
	// A canceled context lets run remove the kcadm.sh session file before
	// it exits.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	err := runCommand(ctx, os.Args[1], os.Args[2:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
		os.Exit(1)
	}
}

// options are the flags that every subcommand takes.
type options struct {
	url         string
	sizes       []int
	repetitions int
	out         string
	kcadm       string
	idtui       string
}

func runCommand(ctx context.Context, name string, args []string) error {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	var opts options
	flags.StringVar(&opts.url, "url", envOr("IDTUI_BENCH_URL", keycloak.DefaultURL), "Keycloak base URL, on a loopback address (env IDTUI_BENCH_URL)")
	sizes := flags.String("sizes", "1000,10000", "comma-separated numbers of applications; each gets its own realm bench-N")
	flags.IntVar(&opts.repetitions, "repetitions", 5, "timed listings per tool and size, after one untimed warm-up")
	flags.StringVar(&opts.out, "out", "docs/benchmarks.md", "page that run writes")
	flags.StringVar(&opts.kcadm, "kcadm", "", "path of kcadm.sh (default: the one of the distribution scripts/keycloak unpacked)")
	flags.StringVar(&opts.idtui, "idtui", "bin/idtui", "idtui binary whose apps list command and console run measures")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var err error
	if opts.sizes, err = parseSizes(*sizes); err != nil {
		return err
	}
	if err := requireLoopback(opts.url); err != nil {
		return err
	}

	switch name {
	case "seed":
		return seed(ctx, opts)
	case "run":
		return run(ctx, opts)
	case "drop":
		return drop(ctx, opts)
	}
	return fmt.Errorf("unknown subcommand %q: use seed, run or drop", name)
}

func parseSizes(s string) ([]int, error) {
	var sizes []int
	for field := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < apiClientCount {
			return nil, fmt.Errorf("invalid size %q in -sizes: use whole numbers of at least %d, such as 1000,10000", field, apiClientCount)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func adminCredentials() (username, password string) {
	return envOr("KEYCLOAK_ADMIN_USERNAME", "admin"), envOr("KEYCLOAK_ADMIN_PASSWORD", "admin")
}

func newAdminFor(opts options) *adminAPI {
	username, password := adminCredentials()
	return newAdminAPI(opts.url, username, password)
}

func seed(ctx context.Context, opts options) error {
	api := newAdminFor(opts)
	defer api.close()
	for _, n := range opts.sizes {
		if _, err := seedRealm(ctx, api, benchRealm(n), n, os.Stderr); err != nil {
			return err
		}
	}
	return nil
}

func drop(ctx context.Context, opts options) error {
	api := newAdminFor(opts)
	defer api.close()
	for _, n := range opts.sizes {
		if err := dropRealm(ctx, api, benchRealm(n)); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "realm %s deleted\n", benchRealm(n))
	}
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
