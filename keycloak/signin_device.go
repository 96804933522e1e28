package keycloak

import (
	"context"
	"errors"

	"golang.org/x/oauth2"
)

// deviceFlow runs the device authorization grant of RFC 8628. It sends a
// PKCE challenge too, because Keycloak 26 rejects the device request of a
// client that requires PKCE without one ("Missing parameter:
// code_challenge_method"), and accepts it from the others.
func deviceFlow(ctx context.Context, o oauthClient, prompt PromptFunc) (*oauth2.Token, error) {
	cfg := o.config("")
	verifier := oauth2.GenerateVerifier()

	reqCtx, cancel := requestContext(ctx)
	da, err := cfg.DeviceAuth(o.withHTTP(reqCtx), oauth2.S256ChallengeOption(verifier))
	cancel()
	if err != nil {
		return nil, deviceError(reqCtx, o, "start the device sign-in", err)
	}

	err = prompt(SignInPrompt{
		Method:      SignInDevice,
		URL:         da.VerificationURI,
		UserCode:    da.UserCode,
		CompleteURL: da.VerificationURIComplete,
		Expires:     da.Expiry,
	})
	if err != nil {
		return nil, err
	}

	// DeviceAccessToken of golang.org/x/oauth2 v0.38.0 polls as RFC 8628
	// section 3.5 requires, and this flow relies on it: it waits the interval
	// of the device response (5 s when there is none) before each request,
	// keeps polling on authorization_pending, adds 5 s to the interval for
	// this and every later request on slow_down, stops on access_denied,
	// expired_token or any other error, and stops at the expiry of the
	// device code. TestDeviceSignInSlowsDown makes Keycloak answer
	// slow_down and measures the longer interval.
	tok, err := cfg.DeviceAccessToken(o.withHTTP(ctx), da, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, deviceError(ctx, o, "wait for the device sign-in", err)
	}
	return tok, nil
}

// deviceError explains why the device flow ended without tokens.
func deviceError(ctx context.Context, o oauthClient, step string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: ErrUnauthorized, Op: opSignIn, ClientID: o.clientID, Detail: "the user code expired before anyone entered it", Hint: "Sign in again, and enter the new code before it expires", Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return waitError(ctx, o, 0)
	}

	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return flowError(ctx, o, step, err)
	}
	wrapped := flowError(ctx, o, step, err)
	var e *Error
	if !errors.As(wrapped, &e) {
		return wrapped
	}
	switch re.ErrorCode {
	case "access_denied":
		e.Kind, e.Hint = ErrUnauthorized, "The sign-in was refused on Keycloak's page; sign in again"
	case "expired_token":
		e.Kind, e.Hint = ErrUnauthorized, "The user code expired; sign in again, and enter the new code before it expires"
	case "invalid_client":
		// Keycloak 26 returns invalid_client both for a client that does
		// not exist and for a confidential one sent without its secret. So
		// either way, the fix is a public sign-in client.
		e.Hint = missingClientHint(o)
	case "unauthorized_client":
		e.Hint = "Turn on the OAuth 2.0 Device Authorization Grant in the client's settings, or sign in with the browser"
	}
	return e
}
