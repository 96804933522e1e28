package keycloak

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/idtui/idtui/model/tokencheck"
)

// maxJWKSSize bounds the JWKS read into memory. The dev realm's JWKS, with
// one signing and one encryption key, is about 3 KB.
const maxJWKSSize = 1 << 20

// KeysURL returns the application realm's JWKS endpoint.
func (c *Client) KeysURL() string { return c.Issuer() + "/protocol/openid-connect/certs" }

// KeySet fetches the realm's published keys (its JWKS), with which
// tokencheck.Verify checks token signatures. It needs no admin rights.
func (c *Client) KeySet(ctx context.Context) (tokencheck.KeySet, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	const op = "fetch the realm's keys"

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.KeysURL(), nil)
	if err != nil {
		return tokencheck.KeySet{}, wrapError(ctx, op, "", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return tokencheck.KeySet{}, wrapError(ctx, op, "", err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
	if err != nil {
		return tokencheck.KeySet{}, wrapError(ctx, op, "", err)
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Kind: kindOfStatus(resp.StatusCode), Op: op, Status: resp.StatusCode, Detail: fmt.Sprintf("%s returned %s", c.KeysURL(), resp.Status)}
		e.Hint = "Check the URL and the realm"
		if resp.StatusCode == http.StatusNotFound {
			e.Detail = fmt.Sprintf("the realm %q does not exist at %s, or the URL is wrong", c.cfg.Realm, c.baseURL)
		}
		return tokencheck.KeySet{}, e
	}
	if len(body) > maxJWKSSize {
		return tokencheck.KeySet{}, &Error{Kind: ErrInvalid, Op: op, Detail: fmt.Sprintf("the JWKS at %s is over %d bytes", c.KeysURL(), maxJWKSSize), Hint: "Check that the URL points at Keycloak"}
	}

	keys, err := tokencheck.ParseKeySet(body)
	if err != nil {
		return tokencheck.KeySet{}, &Error{Kind: ErrInvalid, Op: op, Detail: err.Error(), Hint: "Check that the URL points at Keycloak", Err: err}
	}
	return keys, nil
}
