package keycloak

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// maxRefreshMargin caps how long before expiry a token is renewed. Admin
// tokens in master live 60 s, so they are renewed 15 s ahead.
const maxRefreshMargin = 15 * time.Second

// session holds the admin's tokens and renews them ahead of expiry. Its mutex
// is held across the renewal, so concurrent calls wait for one refresh
// instead of sending one each.
type session struct {
	gc    *gocloak.GoCloak
	creds Credentials
	realm string
	now   func() time.Time
	log   *slog.Logger

	mu            sync.Mutex
	access        string
	refresh       string
	renewAt       time.Time // when the access token is due for renewal
	refreshExpiry time.Time // zero when the refresh token does not expire
}

func newSession(gc *gocloak.GoCloak, creds Credentials, realm string, now func() time.Time, log *slog.Logger) *session {
	return &session{gc: gc, creds: creds, realm: realm, now: now, log: log}
}

// token returns an access token that stays valid for the refresh margin.
// It refreshes the session if it can and logs in again if it cannot.
func (s *session) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.now()
	if s.access != "" && now.Before(s.renewAt) {
		return s.access, nil
	}

	if s.refresh != "" && (s.refreshExpiry.IsZero() || now.Before(s.refreshExpiry)) {
		jwt, err := s.creds.Refresh(ctx, s.gc, s.realm, s.refresh)
		if err == nil {
			s.store(jwt, now)
			s.log.Info("admin session refreshed", "admin", s.creds.Identity(), "realm", s.realm)
			return s.access, nil
		}
		s.log.Warn("admin session refresh failed; logging in again", "admin", s.creds.Identity(), "realm", s.realm, "status", statusOf(err))
	}

	jwt, err := s.creds.Login(ctx, s.gc, s.realm)
	if err != nil {
		s.log.Warn("admin login failed", "admin", s.creds.Identity(), "realm", s.realm, "status", statusOf(err))
		return "", err
	}
	s.store(jwt, now)
	s.log.Info("admin logged in", "admin", s.creds.Identity(), "realm", s.realm)
	return s.access, nil
}

// store keeps the newest tokens. Keycloak may omit the refresh token from a
// refresh response, and then the one held stays valid.
func (s *session) store(jwt *gocloak.JWT, now time.Time) {
	lifetime := time.Duration(jwt.ExpiresIn) * time.Second
	margin := min(lifetime/4, maxRefreshMargin)

	s.access = jwt.AccessToken
	s.renewAt = now.Add(lifetime - margin)
	if jwt.RefreshToken != "" {
		s.refresh = jwt.RefreshToken
		s.refreshExpiry = time.Time{}
		if jwt.RefreshExpiresIn > 0 {
			s.refreshExpiry = now.Add(time.Duration(jwt.RefreshExpiresIn) * time.Second)
		}
	}
}

// replace keeps tokens that a sign-in outside the session returned.
func (s *session) replace(jwt *gocloak.JWT) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store(jwt, s.now())
}

// expire marks the access token as due for renewal, after Keycloak rejected
// it. A token renewed meanwhile by another call is kept.
func (s *session) expire(rejected string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access == rejected {
		s.renewAt = time.Time{}
	}
}
