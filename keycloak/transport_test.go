package keycloak

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTransportLogsCancelAsDebug(t *testing.T) {
	var logs bytes.Buffer
	var requests atomic.Int64
	transport := &loggingTransport{
		next:     roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, r.Context().Err() }),
		log:      slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		requests: &requests,
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(canceled, http.MethodGet, "http://127.0.0.1/admin/realms/x/clients", nil)

	if _, err := transport.RoundTrip(req); err == nil {
		t.Fatal("RoundTrip of a canceled request returned no error")
	}

	if !strings.Contains(logs.String(), "level=DEBUG msg=\"request canceled\"") {
		t.Errorf("log = %q, want a debug record of the canceled request", logs.String())
	}
	if strings.Contains(logs.String(), "WARN") {
		t.Errorf("log = %q: a canceled request is no failure", logs.String())
	}
	if requests.Load() != 1 {
		t.Errorf("counted %d requests, want 1", requests.Load())
	}
}
