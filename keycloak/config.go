package keycloak

import (
	"log/slog"
	"net/http"
	"time"
)

// Defaults match Camunda 8 self-managed and the dev Keycloak of scripts/keycloak.
const (
	DefaultURL        = "http://localhost:18080/auth"
	DefaultRealm      = "camunda-platform"
	DefaultAdminRealm = "master"
	DefaultTimeout    = 15 * time.Second
)

// Config says which Keycloak and realm a Client works on, and how it logs in.
type Config struct {
	// URL is Keycloak's base URL, such as http://localhost:18080/auth.
	// Keycloak 17 and later serve at the root unless configured with a
	// relative path; Camunda's charts use /auth.
	URL string
	// Realm is the application realm, whose clients are the applications.
	Realm string
	// AdminRealm is the realm the admin logs in to, master by default.
	AdminRealm string
	// Credentials log the admin in.
	Credentials Credentials

	// Timeout bounds each call whose context has no deadline of its own.
	Timeout time.Duration
	// HTTPClient carries TLS settings. Nil means a client with Timeout.
	HTTPClient *http.Client
	// CAFile is the PEM file of CA certificates that HTTPClient trusts
	// besides the system's, and Context the config context of this run.
	// Both only name the fix in TLS messages; either may be empty.
	CAFile  string
	Context string
	// Logger receives one record per HTTP request and per login. Nil discards them.
	Logger *slog.Logger
	// Now is the clock for token expiry. Nil means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.URL == "" {
		c.URL = DefaultURL
	}
	if c.Realm == "" {
		c.Realm = DefaultRealm
	}
	if c.AdminRealm == "" {
		c.AdminRealm = DefaultAdminRealm
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
