package main

import (
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
