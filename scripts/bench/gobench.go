package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// goBenchCount is how many times go test runs each console benchmark, for
// the median and the spread.
const goBenchCount = 5

// goBenchArgs are the arguments of go test that run the console's
// benchmarks with 10,000 applications, and no test.
var goBenchArgs = []string{"test", "-run", "^$", "-bench", "^Benchmark(FilterKeystroke|ListFrame|ListPage)$", "-benchmem", "-count", strconv.Itoa(goBenchCount), "./ui"}

// goBenchmark is one benchmark's results over its runs: the values of each
// unit, such as "ns/op" or "B/op", one per run.
type goBenchmark struct {
	name   string // without the GOMAXPROCS suffix, such as BenchmarkListFrame
	values map[string][]float64
}

// goBenchCommand returns the go test command line as a shell takes it.
func goBenchCommand() string {
	words := []string{"go"}
	for _, arg := range goBenchArgs {
		if strings.ContainsAny(arg, "^$|()") {
			arg = "'" + arg + "'"
		}
		words = append(words, arg)
	}
	return strings.Join(words, " ")
}

// runGoBenchmarks runs the console's Go benchmarks and returns their
// results in the order go test printed them.
func runGoBenchmarks(ctx context.Context) ([]*goBenchmark, error) {
	fmt.Fprintln(os.Stderr, "running the console's Go benchmarks: "+goBenchCommand())
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", goBenchArgs...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", goBenchCommand(), err, bytes.TrimSpace(append(stdout.Bytes(), stderr.Bytes()...)))
	}
	return parseGoBenchmarks(stdout.String())
}

// parseGoBenchmarks reads go test's benchmark lines, such as
// "BenchmarkListFrame-2  3166  404775 ns/op  71611 B/op  657 allocs/op".
func parseGoBenchmarks(output string) ([]*goBenchmark, error) {
	var results []*goBenchmark
	byName := map[string]*goBenchmark{}
	scanner := bufio.NewScanner(strings.NewReader(output))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
			continue
		}
		name := fields[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		b, ok := byName[name]
		if !ok {
			b = &goBenchmark{name: name, values: map[string][]float64{}}
			byName[name] = b
			results = append(results, b)
		}
		// fields[1] is the iteration count, and value and unit pairs follow.
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("invalid value %q in benchmark line %q", fields[i], scanner.Text())
			}
			b.values[fields[i+1]] = append(b.values[fields[i+1]], v)
		}
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("go test printed no benchmark results:\n%s", output)
	}
	return results, nil
}
