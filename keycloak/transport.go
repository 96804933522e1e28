package keycloak

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
)

// loggingTransport logs one record per HTTP request, with the method, the
// path, the status and the duration, and counts the requests. It logs no
// query, header or body, which is where secrets and tokens travel.
type loggingTransport struct {
	next     http.RoundTripper
	log      *slog.Logger
	requests *atomic.Int64
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.requests.Add(1)
	start := time.Now()

	resp, err := t.next.RoundTrip(req)

	elapsed := time.Since(start).Round(time.Millisecond)
	if err != nil && errors.Is(req.Context().Err(), context.Canceled) {
		// The caller no longer needs the response, as with the list
		// requests past the last page, so this is no failure.
		t.log.Debug("request canceled", "method", req.Method, "path", req.URL.Path, "duration", elapsed)
		return nil, err
	}
	if err != nil {
		t.log.Warn("request failed", "method", req.Method, "path", req.URL.Path, "duration", elapsed, "error", err)
		return nil, err
	}
	t.log.Info("request", "method", req.Method, "path", req.URL.Path, "status", resp.StatusCode, "duration", elapsed)
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the wrapped
// transport, so that http.Client.CloseIdleConnections reaches it.
func (t *loggingTransport) CloseIdleConnections() {
	if closer, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		closer.CloseIdleConnections()
	}
}

// restyLogger sends resty's warnings to the log file instead of stderr,
// where they would paint over the console. Resty's debug output, which
// contains bodies, stays off.
type restyLogger struct{ log *slog.Logger }

func (l restyLogger) Errorf(format string, v ...any) { l.log.Error("resty: " + sprintf(format, v...)) }
func (l restyLogger) Warnf(format string, v ...any)  { l.log.Warn("resty: " + sprintf(format, v...)) }
func (l restyLogger) Debugf(format string, v ...any) {}
