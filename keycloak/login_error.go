package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// loginError explains a failed admin login. A 404 there usually means a
// wrong base path, so it checks whether Keycloak answers with /auth added or
// removed and suggests that URL.
func (c *Client) loginError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	op := "log in as " + c.Identity()
	wrapped := wrapError(ctx, op, "", err)

	var e *Error
	if !errors.As(wrapped, &e) {
		return wrapped
	}
	if e.Op == opSignIn {
		return e // the sign-in flows explain their own failures
	}
	switch {
	case e.Kind == ErrUnauthorized || (e.Kind == ErrInvalid && strings.Contains(e.Detail, "invalid_grant")):
		// Keycloak 26 rejects a wrong password with HTTP 400 invalid_grant.
		e.Kind = ErrUnauthorized
		e.Detail = "Keycloak rejected the credentials: " + e.Detail
		e.Hint = fmt.Sprintf("Check the admin credentials, and that %q exists in the admin realm %q", c.cfg.Credentials.Identity(), c.cfg.AdminRealm)
	case e.Kind == ErrNotFound:
		e.Hint = c.notFoundHint(ctx)
	case e.Status != 0 && !c.realmAnswers(ctx, c.baseURL, c.cfg.AdminRealm):
		// Another web server at the URL, such as a proxy's default page,
		// fails the token request with a status that would blame Keycloak.
		e.Kind = ErrUnavailable
		e.Detail = fmt.Sprintf("the server at %s answered the token request with HTTP %d and serves no discovery document for the realm %q, so it is not Keycloak, or Keycloak is not at this path", c.baseURL, e.Status, c.cfg.AdminRealm)
		e.Hint = "Check the URL; idtui doctor tries it with and without /auth"
		if https := httpsURL(ctx, c.baseURL); https != "" {
			e.Detail = fmt.Sprintf("the server at %s answered the token request with HTTP %d, and its port speaks TLS", c.baseURL, e.Status)
			e.Hint = "Use the URL " + https
		}
	case e.Kind == ErrUnavailable && e.Status == 0 && ctx.Err() == nil && !isProtocolMismatch(err):
		e.Hint = withDevHint(fmt.Sprintf("Check that Keycloak runs at %s, then retry", c.baseURL), c.baseURL)
	}
	return e
}

func (c *Client) notFoundHint(ctx context.Context) string {
	tried := c.baseURL + "/realms/" + c.cfg.AdminRealm
	if other := c.findBaseURL(ctx, c.cfg.AdminRealm); other != "" {
		return fmt.Sprintf("Keycloak did not answer at %s but does at %s/realms/%s: use the URL %s", tried, other, c.cfg.AdminRealm, other)
	}
	if c.realmAnswers(ctx, c.baseURL, "master") {
		return fmt.Sprintf("The admin realm %q does not exist at %s; check the admin realm", c.cfg.AdminRealm, c.baseURL)
	}
	origin := originOf(c.baseURL)
	return fmt.Sprintf("Nothing answered at %s; check the URL: Keycloak 17 and later serve at the root, as in %s, and Camunda's charts under /auth, as in %s/auth", tried, origin, origin)
}

// alternateBaseURLs returns the base URLs to try when Keycloak does not
// serve at base: without /auth when base ends with it, and with /auth when
// base has no path. For another path, such as /foo, it returns the origin
// with and without /auth, because such a path is a mistake rather than a
// relative path that lacks /auth.
func alternateBaseURLs(base string) []string {
	if trimmed, ok := strings.CutSuffix(base, "/auth"); ok {
		return []string{trimmed}
	}
	origin := originOf(base)
	if origin == base {
		return []string{base + "/auth"}
	}
	return []string{origin + "/auth", origin}
}

// originOf returns the scheme and host of a base URL, without its path.
func originOf(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return u.Scheme + "://" + u.Host
}

// findBaseURL returns the first of alternateBaseURLs where the realm's
// discovery document is served, or "".
func (c *Client) findBaseURL(ctx context.Context, realm string) string {
	for _, other := range alternateBaseURLs(c.baseURL) {
		if c.realmAnswers(ctx, other, realm) {
			return other
		}
	}
	return ""
}

// realmAnswers reports whether the realm's discovery document is served under base.
func (c *Client) realmAnswers(ctx context.Context, base, realm string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/realms/"+realm+"/.well-known/openid-configuration", nil)
	if err != nil {
		return false
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
