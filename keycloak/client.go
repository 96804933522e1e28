package keycloak

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/go-resty/resty/v2"
)

// Client works on the applications of one realm, as one admin.
type Client struct {
	cfg      Config
	baseURL  string
	gc       *gocloak.GoCloak
	http     *http.Client
	session  *session
	requests atomic.Int64
}

// New returns a Client for cfg. It does not contact Keycloak: the first call
// logs in, and Login does so explicitly.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()

	base, err := normalizeBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.Credentials == nil {
		return nil, &Error{Kind: ErrInvalid, Op: "configure Keycloak", Detail: "no admin credentials", Hint: "Set a username and password, or a client id and secret"}
	}

	c := &Client{cfg: cfg, baseURL: base}
	c.http = c.newHTTPClient(cfg.HTTPClient)

	c.gc = gocloak.NewClient(base)
	rc := resty.NewWithClient(c.http)
	rc.SetLogger(restyLogger{cfg.Logger})
	rc.SetDebug(false)
	rc.SetDisableWarn(true) // its only warning is about Basic auth over http, which the log needs no copy of
	c.gc.SetRestyClient(rc)

	if b, ok := cfg.Credentials.(binder); ok {
		b.bind(base, c.http, cfg.Logger)
	}
	c.session = newSession(c.gc, cfg.Credentials, cfg.AdminRealm, cfg.Now, cfg.Logger)
	return c, nil
}

// newHTTPClient copies base, or a default client, and wraps its transport
// so that every request is logged and counted.
func (c *Client) newHTTPClient(base *http.Client) *http.Client {
	hc := &http.Client{}
	if base != nil {
		*hc = *base
	}
	next := hc.Transport
	if next == nil {
		// A transport of its own keeps an idle connection for each
		// concurrent list request. The default transport keeps only two
		// per host and would dial the others anew for every page.
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.MaxIdleConnsPerHost = ListConcurrency
		next = transport
	}
	hc.Transport = &loggingTransport{next: next, log: c.cfg.Logger, requests: &c.requests}
	// Keycloak responds to a wrong path with redirects to the login page;
	// following them would turn a clear 404 into an HTML 200.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc
}

// binder is implemented by Credentials that send their own requests, such
// as SignIn, which New gives the base URL, the logging HTTP client and the logger.
type binder interface {
	bind(base string, hc *http.Client, log *slog.Logger)
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	invalid := func(rule string) error {
		displayed := raw
		if err == nil && u.User != nil {
			displayed = u.Redacted()
		}
		return &Error{Kind: ErrInvalid, Op: "configure Keycloak", Detail: fmt.Sprintf("URL %q %s", displayed, rule), Hint: "Use a URL such as " + DefaultURL}
	}
	if err != nil {
		return "", invalid("is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalid("does not start with http:// or https://")
	}
	if u.Host == "" {
		return "", invalid("has no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", invalid("has a query or fragment")
	}
	if u.User != nil {
		return "", invalid("holds a user name or password; pass the admin's credentials through Config.Credentials")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// URL returns the base URL in use, without a trailing slash.
func (c *Client) URL() string { return c.baseURL }

// Realm returns the application realm.
func (c *Client) Realm() string { return c.cfg.Realm }

// Identity names the admin, such as "admin@master".
func (c *Client) Identity() string {
	return c.cfg.Credentials.Identity() + "@" + c.cfg.AdminRealm
}

// Issuer returns the iss that tokens of the application realm carry when
// fetched through this URL.
func (c *Client) Issuer() string { return c.baseURL + "/realms/" + url.PathEscape(c.cfg.Realm) }

// TokenURL returns the application realm's token endpoint.
func (c *Client) TokenURL() string { return c.Issuer() + "/protocol/openid-connect/token" }

// HTTPClient returns the HTTP client that all requests use, for OAuth flows
// outside gocloak.
func (c *Client) HTTPClient() *http.Client { return c.http }

// Requests returns how many HTTP requests the client has sent.
func (c *Client) Requests() int64 { return c.requests.Load() }

// withDeadline applies the configured timeout to a context that has no
// deadline, and records the call's start and URL for its error message.
func (c *Client) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, callInfoKey{}, callInfo{start: time.Now(), baseURL: c.baseURL, caFile: c.cfg.CAFile, context: c.cfg.Context})
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.cfg.Timeout)
}

// Login logs the admin in now, so that bad credentials show at start rather
// than at the first action.
func (c *Client) Login(ctx context.Context) error {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	_, err := c.session.token(ctx)
	return c.loginError(ctx, err)
}

// call runs fn with a valid admin token. When Keycloak responds with 401, the
// session may have ended early (an admin logged it out, or Keycloak
// restarted), so call renews the token and retries fn once.
func (c *Client) call(ctx context.Context, op, clientID string, fn func(ctx context.Context, token string) error) error {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()

	token, err := c.session.token(ctx)
	if err != nil {
		return c.loginError(ctx, err)
	}
	err = fn(ctx, token)
	if statusOf(err) == http.StatusUnauthorized {
		c.cfg.Logger.Info("admin token rejected; renewing it and retrying once", "op", op)
		c.session.expire(token)
		if token, err = c.session.token(ctx); err != nil {
			return c.loginError(ctx, err)
		}
		err = fn(ctx, token)
	}
	return c.explainForbidden(op, c.explainRealmNotFound(wrapError(ctx, op, clientID, err)))
}

func sprintf(format string, v ...any) string { return fmt.Sprintf(format, v...) }
