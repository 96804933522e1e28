package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

const opSignOut = "sign out"

// SignOutResult is the outcome of SignOut: whether a refresh token was
// stored, and whether Keycloak ended its session.
type SignOutResult struct {
	// Stored is true when the store held a refresh token.
	Stored bool
	// Ended is true when Keycloak accepted the logout. It is false when
	// Keycloak rejected the refresh token, which then opens no session:
	// the session ended at its idle timeout, or the token is not valid.
	Ended bool
}

// SignOut ends the operator's session at Keycloak's logout endpoint, with
// the stored refresh token, and then removes the token from the store. The
// token is removed even when Keycloak cannot be reached, because a token
// left in the keyring is the larger risk. The returned error then notes that
// the session may stay active until its idle timeout.
func (c *Client) SignOut(ctx context.Context) (SignOutResult, error) {
	s, ok := c.cfg.Credentials.(*SignIn)
	if !ok || s.store == nil {
		return SignOutResult{}, nil
	}
	stored, err := s.store.Load()
	if err != nil {
		return SignOutResult{}, &Error{Kind: ErrUnavailable, Op: opSignOut, ClientID: s.clientID, Detail: "could not read the stored refresh token: " + err.Error(), Err: err}
	}
	if stored == "" {
		return SignOutResult{}, nil
	}

	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	ended, logoutErr := s.logout(ctx, c.cfg.AdminRealm, stored.Reveal())
	if err := s.store.Delete(); err != nil {
		return SignOutResult{Stored: true, Ended: ended}, &Error{Kind: ErrUnavailable, Op: opSignOut, ClientID: s.clientID,
			Detail: "could not remove the refresh token from the store: " + err.Error(), Err: err}
	}
	s.log.Info("operator signed out", "client_id", s.clientID, "realm", c.cfg.AdminRealm, "session_ended", ended)
	return SignOutResult{Stored: true, Ended: ended}, logoutErr
}

// logout posts the refresh token to the realm's logout endpoint, which ends
// the user session behind it. It returns false without an error when
// Keycloak rejects the token as invalid_grant, because such a token
// refreshes no session.
func (s *SignIn) logout(ctx context.Context, realm, refreshToken string) (bool, error) {
	o := s.oauth(realm)
	endpoint := o.issuer + "/protocol/openid-connect/logout"
	form := url.Values{"client_id": {s.clientID}, "refresh_token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return false, &Error{Kind: ErrInvalid, Op: opSignOut, ClientID: s.clientID, Detail: err.Error(), Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := o.http.Do(req)
	if err != nil {
		err = wrapError(ctx, opSignOut, s.clientID, err)
		var e *Error
		if errors.As(err, &e) {
			e.Hint = "The refresh token was removed from the store anyway; the session at Keycloak ends at its idle timeout"
		}
		return false, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))

	if resp.StatusCode/100 == 2 {
		return true, nil
	}
	var oauthErr struct {
		Code        string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &oauthErr)
	if oauthErr.Code == "invalid_grant" {
		return false, nil
	}
	return false, &Error{Kind: kindOfStatus(resp.StatusCode), Op: opSignOut, ClientID: s.clientID, Status: resp.StatusCode,
		OAuthCode: oauthErr.Code, Detail: fmt.Sprintf("Keycloak's logout endpoint %s returned %s %s", endpoint, oauthErr.Code, oauthErr.Description),
		Hint: "The refresh token was removed from the store anyway; end the session in Keycloak's admin console under Users > Sessions, or wait for its idle timeout"}
}
