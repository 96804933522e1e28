package keycloak

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// fakeCredentials counts logins and refreshes. The real Keycloak tests cover
// the same paths; this one pins the timing with an injected clock.
type fakeCredentials struct {
	mu               sync.Mutex
	logins, refreshs int
	failRefresh      bool
}

func (f *fakeCredentials) Login(context.Context, *gocloak.GoCloak, string) (*gocloak.JWT, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logins++
	return &gocloak.JWT{AccessToken: "access", RefreshToken: "refresh", ExpiresIn: 60, RefreshExpiresIn: 1800}, nil
}

func (f *fakeCredentials) Refresh(context.Context, *gocloak.GoCloak, string, string) (*gocloak.JWT, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshs++
	if f.failRefresh {
		return nil, &gocloak.APIError{Code: 400, Message: "400 Bad Request: invalid_grant: Session not active"}
	}
	return &gocloak.JWT{AccessToken: "refreshed", ExpiresIn: 60}, nil
}

func (f *fakeCredentials) Identity() string { return "fake" }

func TestSessionRenewsAheadOfExpiry(t *testing.T) {
	now := time.Unix(0, 0)
	creds := &fakeCredentials{}
	s := newSession(nil, creds, "master", func() time.Time { return now }, slog.New(slog.DiscardHandler))
	ctx := context.Background()

	steps := []struct {
		at                time.Duration
		token             string
		logins, refreshes int
	}{
		{at: 0, token: "access", logins: 1},
		{at: 44 * time.Second, token: "access", logins: 1},                  // 16 s left: still valid
		{at: 46 * time.Second, token: "refreshed", logins: 1, refreshes: 1}, // 14 s left: renewed ahead
		{at: 47 * time.Second, token: "refreshed", logins: 1, refreshes: 1},
	}
	for _, step := range steps {
		now = time.Unix(0, 0).Add(step.at)
		got, err := s.token(ctx)
		if err != nil {
			t.Fatalf("at %v: %v", step.at, err)
		}
		if got != step.token || creds.logins != step.logins || creds.refreshs != step.refreshes {
			t.Errorf("at %v: token %q after %d logins and %d refreshes; want %q, %d, %d",
				step.at, got, creds.logins, creds.refreshs, step.token, step.logins, step.refreshes)
		}
	}
}

func TestSessionLogsInWhenRefreshFails(t *testing.T) {
	now := time.Unix(0, 0)
	creds := &fakeCredentials{failRefresh: true}
	s := newSession(nil, creds, "master", func() time.Time { return now }, slog.New(slog.DiscardHandler))

	if _, err := s.token(context.Background()); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if _, err := s.token(context.Background()); err != nil {
		t.Fatal(err)
	}

	if creds.refreshs != 1 || creds.logins != 2 {
		t.Errorf("%d refreshes and %d logins, want 1 and 2", creds.refreshs, creds.logins)
	}
}

func TestSessionRefreshesOnceForConcurrentCalls(t *testing.T) {
	now := time.Unix(0, 0)
	creds := &fakeCredentials{}
	s := newSession(nil, creds, "master", func() time.Time { return now }, slog.New(slog.DiscardHandler))
	if _, err := s.token(context.Background()); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)

	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := s.token(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	if creds.refreshs != 1 {
		t.Errorf("%d refreshes for 20 concurrent calls, want 1", creds.refreshs)
	}
}

func TestSessionExpireKeepsNewerToken(t *testing.T) {
	now := time.Unix(0, 0)
	creds := &fakeCredentials{}
	s := newSession(nil, creds, "master", func() time.Time { return now }, slog.New(slog.DiscardHandler))
	if _, err := s.token(context.Background()); err != nil {
		t.Fatal(err)
	}

	s.expire("an older token")
	if _, err := s.token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if creds.refreshs != 0 {
		t.Error("expiring another token renewed the current one")
	}

	s.expire("access")
	got, err := s.token(context.Background())
	if err != nil || got != "refreshed" {
		t.Errorf("after expire: token %q, err %v; want a refreshed token", got, errors.Unwrap(err))
	}
}
