package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/model"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		times []time.Duration
		want  time.Duration
	}{
		{[]time.Duration{3, 1, 2}, 2},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{[]time.Duration{7}, 7},
		{nil, 0},
	}
	for _, tt := range tests {
		if got := (sample{times: tt.times}).median(); got != tt.want {
			t.Errorf("median of %v = %v, want %v", tt.times, got, tt.want)
		}
	}
}

func TestSampleCell(t *testing.T) {
	s := sample{times: []time.Duration{1500 * time.Millisecond, 900 * time.Millisecond, 12 * time.Second}}

	if got, want := s.cell(), "1,500 ms (900 ms–12,000 ms)"; got != want {
		t.Errorf("cell = %q, want %q", got, want)
	}
	if got := (sample{}).cell(); got != "not measured" {
		t.Errorf("empty cell = %q", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{5: "5", 1000: "1,000", 10006: "10,006", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseSizes(t *testing.T) {
	sizes, err := parseSizes("1000, 10000")
	if err != nil || len(sizes) != 2 || sizes[0] != 1000 || sizes[1] != 10000 {
		t.Errorf("parseSizes = %v, %v; want [1000 10000]", sizes, err)
	}
	for _, bad := range []string{"", "ten", "3", "1000,"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
}

func TestRequireLoopback(t *testing.T) {
	for _, ok := range []string{"http://localhost:18080/auth", "http://127.0.0.1:8080", "http://[::1]:8080/auth"} {
		if err := requireLoopback(ok); err != nil {
			t.Errorf("%s rejected: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://keycloak.example.com/auth", "http://10.0.0.5:8080", "http://192.168.1.2"} {
		if err := requireLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestSeededMix(t *testing.T) {
	counts := map[model.AppType]int{}
	for i := range 1000 {
		counts[seededType(i)]++
	}

	want := map[model.AppType]int{model.TypeAPI: 5, model.TypeM2M: 595, model.TypeConfidential: 250, model.TypePublic: 150}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%v: %d of 1000, want %d", typ, counts[typ], n)
		}
	}
}

func TestImportBatch(t *testing.T) {
	first := importBatch(0, 40)
	later := importBatch(500, 540)

	if first.Roles == nil || len(first.Roles.Client) != apiClientCount {
		t.Errorf("first batch roles = %+v, want the roles of %d API clients", first.Roles, apiClientCount)
	}
	if later.Roles != nil {
		t.Error("a later batch creates the API roles again")
	}
	if len(first.Clients) != 40 || len(later.Clients) != 40 {
		t.Errorf("batches hold %d and %d clients, want 40 each", len(first.Clients), len(later.Clients))
	}
	for _, u := range later.Users {
		client := u.ServiceAccountClientID
		if typ := seededTypeOf(t, later, client); typ != "m2m" {
			t.Errorf("service account user %s belongs to a %s client", u.Username, typ)
		}
	}
	if first.IfResourceExists != "SKIP" {
		t.Errorf("ifResourceExists = %q, want SKIP so that a second run keeps what exists", first.IfResourceExists)
	}
}

// seededTypeOf returns how the batch configures the client: "m2m" for a
// service account without a login page, "login" otherwise.
func seededTypeOf(t *testing.T, batch partialImport, clientID string) string {
	t.Helper()
	for _, c := range batch.Clients {
		if c.ClientID == clientID {
			if c.ServiceAccountsEnabled && !c.StandardFlowEnabled && !c.PublicClient {
				return "m2m"
			}
			return "login"
		}
	}
	t.Fatalf("no client %s in the batch", clientID)
	return ""
}

func TestParseGoBenchmarks(t *testing.T) {
	output := `goos: linux
pkg: github.com/idtui/idtui/ui
BenchmarkFilterKeystroke-2   	    5226	    207769 ns/op	    103885 ns/keystroke	     168 B/op	      12 allocs/op
BenchmarkFilterKeystroke-2   	    6038	    209602 ns/op	    104801 ns/keystroke	     168 B/op	      12 allocs/op
BenchmarkListFrame-2         	    3166	    404775 ns/op	   71611 B/op	     657 allocs/op
PASS
ok  	github.com/idtui/idtui/ui	5.314s
`
	results, err := parseGoBenchmarks(output)
	if err != nil {
		t.Fatal(err)
	}

	if len(results) != 2 || results[0].name != "BenchmarkFilterKeystroke" || results[1].name != "BenchmarkListFrame" {
		t.Fatalf("benchmarks = %+v, want FilterKeystroke and ListFrame in that order", results)
	}
	if got := results[0].values["ns/keystroke"]; len(got) != 2 || got[0] != 103885 || got[1] != 104801 {
		t.Errorf("FilterKeystroke ns/keystroke = %v, want [103885 104801]", got)
	}
	if got := results[1].values["allocs/op"]; len(got) != 1 || got[0] != 657 {
		t.Errorf("ListFrame allocs/op = %v, want [657]", got)
	}
	if _, err := parseGoBenchmarks("PASS\n"); err == nil {
		t.Error("output without benchmark lines accepted")
	}
}

func TestGoBenchCommandQuotes(t *testing.T) {
	got := goBenchCommand()
	want := "go test -run '^$' -bench '^Benchmark(FilterKeystroke|ListFrame|ListPage)$' -benchmem -count 5 ./ui"
	if got != want {
		t.Errorf("goBenchCommand() = %q, want %q", got, want)
	}
}

func TestReadLogEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idtui.log")
	log := `time=2026-12-04T21:26:51.919Z level=INFO msg="command started" command=idtui
time=2026-12-04T21:26:51.919Z level=INFO msg="connection settings" realm=bench-1000
time=2026-12-04T21:26:51.956Z level=INFO msg=request method=POST path=/auth/realms/master/protocol/openid-connect/token status=200 duration=36ms
time=2026-12-04T21:26:51.961Z level=INFO msg=request method=GET path=/auth/admin/realms/bench-1000/clients status=200 duration=6ms
time=2026-12-04T21:26:51.970Z level=WARN msg="request failed" method=GET path=/auth/admin/realms/bench-1000/clients duration=2ms error=EOF
time=2026-12-04T21:26:52.000Z level=INFO msg=request method=POST path=/auth/realms/bench-1000/protocol/openid-connect/token status=200 duration=9ms
`
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}

	events, err := readLogEvents(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 4, 21, 26, 51, 919_000_000, time.UTC); !events.commandStarted.Equal(want) {
		t.Errorf("commandStarted = %v, want %v", events.commandStarted, want)
	}
	if want := time.Date(2026, 12, 4, 21, 26, 51, 956_000_000, time.UTC); !events.loggedIn.Equal(want) {
		t.Errorf("loggedIn = %v, want the first token response at %v", events.loggedIn, want)
	}
	if events.requests != 4 {
		t.Errorf("requests = %d, want 4: three completed and one failed", events.requests)
	}
	if count, err := countRequestRecords(path); err != nil || count != 4 {
		t.Errorf("countRequestRecords = %d, %v; want 4", count, err)
	}
}

func TestSpreadOfFloats(t *testing.T) {
	got := spread([]float64{3, 1, 2, 10}, func(v float64) string { return fmt.Sprintf("%.1f", v) })
	if want := "2.5 (1.0–10.0)"; got != want {
		t.Errorf("spread = %q, want %q", got, want)
	}
}

func TestTerminalDatesScreen(t *testing.T) {
	term := newTerminal(40, 5)
	shown := term.expect("the greeting", func(screen string) bool { return strings.Contains(screen, "hello bench") })
	start := time.Now()
	if err := term.start(exec.Command("sh", "-c", "sleep 0.05; printf 'hello bench'; read line")); err != nil {
		t.Fatal(err)
	}

	at, err := term.wait(context.Background(), shown, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := at.Sub(start); elapsed < 50*time.Millisecond {
		t.Errorf("greeting dated %s after the start, before the program's 50 ms sleep ended", elapsed)
	}
	if err := term.send("\r"); err != nil {
		t.Fatal(err)
	}
	if err := term.close(10 * time.Second); err != nil {
		t.Errorf("program did not exit after the key: %v", err)
	}
}
