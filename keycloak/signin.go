package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/oauth2"

	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// DefaultSignInClientID is the public client through which operators sign
// in, as idtui login --setup creates it in the admin realm.
const DefaultSignInClientID = "idtui"

// RefreshTokenStore keeps an operator's refresh token between runs, such as
// in the OS keyring.
type RefreshTokenStore interface {
	// Load returns the stored refresh token, or "" when none is stored.
	Load() (model.Secret, error)
	Save(model.Secret) error
	Delete() error
}

// SignInOptions configure a SignIn.
type SignInOptions struct {
	// ClientID is the public client of the admin realm; DefaultSignInClientID when empty.
	ClientID string
	// Method is SignInBrowser when empty.
	Method SignInMethod
	// LoginHint fills in the username on Keycloak's login page; optional.
	LoginHint string
	// RequiredUser, when set, is the only user whose tokens are kept: a
	// sign-in or refresh as another user, by preferred_username compared
	// without case, fails and stores nothing. RequiredUserOrigin names
	// where the name comes from, such as "context prod", for the message.
	RequiredUser       string
	RequiredUserOrigin string
	// SignedIn, when set, is called with the user's name after each
	// sign-in on Keycloak's page, but not after a refresh.
	SignedIn func(user string)
	// Store keeps the refresh token between runs. Nil keeps the tokens in
	// memory only, so that every run signs in again.
	Store RefreshTokenStore
	// Prompt shows the sign-in URL or user code. Nil means that no one can
	// be asked, and a sign-in returns an ErrSignInRequired error instead.
	Prompt PromptFunc
}

// SignIn are the Credentials of an operator who signs in on Keycloak's
// login page, through a public client of the admin realm. Login uses the
// stored refresh token when there is one, and runs the sign-in flow
// otherwise. Refresh keeps the newest refresh token in the store. When
// Keycloak has ended the session, Refresh returns an *Error of kind
// ErrSignInRequired, and so does Login when no prompt is set.
type SignIn struct {
	clientID  string
	method    SignInMethod
	loginHint string
	store     RefreshTokenStore
	required  requiredUser

	// Set by New, through bind.
	http *http.Client
	base string
	log  *slog.Logger

	mu       sync.Mutex
	prompt   PromptFunc
	signedIn func(user string)
	user     string // preferred_username of the last token
	// rejected is the refresh token that Keycloak last rejected, so that
	// Login does not send it again.
	rejected string
}

// NewSignIn returns the Credentials of an operator who signs in on
// Keycloak's login page.
func NewSignIn(opts SignInOptions) *SignIn {
	if opts.ClientID == "" {
		opts.ClientID = DefaultSignInClientID
	}
	if opts.Method == "" {
		opts.Method = SignInBrowser
	}
	return &SignIn{
		clientID: opts.ClientID, method: opts.Method, loginHint: opts.LoginHint, store: opts.Store,
		required: requiredUser{name: opts.RequiredUser, origin: opts.RequiredUserOrigin}, signedIn: opts.SignedIn,
		prompt: opts.Prompt, http: http.DefaultClient, log: slog.New(slog.DiscardHandler),
	}
}

// bind gives the credentials the client's base URL, HTTP client and logger.
func (s *SignIn) bind(base string, hc *http.Client, log *slog.Logger) {
	s.base, s.http, s.log = base, hc, log
}

// SetPrompt replaces the prompt. The console sets nil once it owns the
// terminal, so that an ended session returns ErrSignInRequired. The console then
// confirms with the operator before it calls Client.SignInAgain.
func (s *SignIn) SetPrompt(prompt PromptFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prompt = prompt
}

// SetSignedIn replaces the function that is called after each sign-in.
// The console sets nil once it owns the terminal, where a CLI line on
// stderr would paint over the screen.
func (s *SignIn) SetSignedIn(signedIn func(user string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedIn = signedIn
}

// Method returns the sign-in method.
func (s *SignIn) Method() SignInMethod { return s.method }

// ClientID returns the public client that the operator signs in through.
func (s *SignIn) ClientID() string { return s.clientID }

// Identity returns the signed-in user's name, or before the sign-in the
// login hint, or "operator".
func (s *SignIn) Identity() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.user != "":
		return s.user
	case s.loginHint != "":
		return s.loginHint
	}
	return "operator"
}

// Login refreshes the stored session, or runs the sign-in flow when no
// stored refresh token works.
func (s *SignIn) Login(ctx context.Context, _ *gocloak.GoCloak, realm string) (*gocloak.JWT, error) {
	if stored := s.storedToken(); stored != "" {
		jwt, err := s.Refresh(ctx, nil, realm, stored.Reveal())
		if !errors.Is(err, ErrSignInRequired) && !errors.Is(err, errOtherUser) {
			return jwt, err
		}
	}

	s.mu.Lock()
	prompt := s.prompt
	s.mu.Unlock()
	return s.signIn(ctx, realm, prompt)
}

// Refresh exchanges the refresh token with x/oauth2 and stores the newest
// one. Keycloak returns invalid_grant when the session has ended (idle or
// maximum lifespan, a logout, a revoked token), and then Refresh returns
// ErrSignInRequired and drops the stored token.
func (s *SignIn) Refresh(ctx context.Context, _ *gocloak.GoCloak, realm, refreshToken string) (*gocloak.JWT, error) {
	o := s.oauth(realm)
	tok, err := o.config("").TokenSource(o.withHTTP(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
		s.forget(refreshToken)
		detail := "Keycloak ended the operator's session"
		if re.ErrorDescription != "" {
			detail += " (" + re.ErrorDescription + ")"
		}
		e := &Error{Kind: ErrSignInRequired, Op: opSignIn, ClientID: s.clientID, OAuthCode: re.ErrorCode,
			Detail: detail, Hint: "Sign in again on Keycloak's login page (idtui login)", Err: err}
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	jwt, err := s.accept(tok)
	if err != nil {
		// The stored token belongs to another user, as one stored before
		// the context named its user: drop it.
		s.forget(refreshToken)
	}
	return jwt, err
}

// signIn runs the flow and keeps its tokens.
func (s *SignIn) signIn(ctx context.Context, realm string, prompt PromptFunc) (*gocloak.JWT, error) {
	tok, err := runSignIn(ctx, s.oauth(realm), s.method, prompt)
	if err != nil {
		return nil, err
	}
	jwt, err := s.accept(tok)
	if err != nil {
		s.log.Warn("discarded the tokens of a sign-in as another user", "error", err)
		return nil, err
	}
	s.log.Info("operator signed in", "method", string(s.method), "client_id", s.clientID, "realm", realm)
	s.mu.Lock()
	signedIn, user := s.signedIn, s.user
	s.mu.Unlock()
	if signedIn != nil {
		signedIn(user)
	}
	return jwt, nil
}

func (s *SignIn) oauth(realm string) oauthClient {
	return oauthClient{http: s.http, issuer: s.base + "/realms/" + url.PathEscape(realm), clientID: s.clientID, loginHint: s.loginHint}
}

// storedToken loads the refresh token from the store, unless Keycloak has
// already rejected it. A store that fails is logged and treated as empty.
func (s *SignIn) storedToken() model.Secret {
	if s.store == nil {
		return ""
	}
	stored, err := s.store.Load()
	if err != nil {
		s.log.Warn("could not load the stored refresh token; signing in", "error", err)
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if stored.Reveal() == s.rejected {
		return ""
	}
	return stored
}

// accept keeps the name of the signed-in user and the newest refresh token,
// and converts the token for the session. It keeps nothing and returns an
// error when the user is not the required one.
func (s *SignIn) accept(tok *oauth2.Token) (*gocloak.JWT, error) {
	jwt := jwtOf(tok)
	user := preferredUsername(jwt.AccessToken)
	if err := s.required.check(user, s.clientID); err != nil {
		return nil, err
	}

	s.mu.Lock()
	if user != "" {
		s.user = user
	}
	s.rejected = ""
	s.mu.Unlock()

	if s.store != nil && jwt.RefreshToken != "" {
		if err := s.store.Save(model.Secret(jwt.RefreshToken)); err != nil {
			s.log.Warn("could not store the refresh token; the next run signs in again", "error", err)
		}
	}
	return jwt, nil
}

// forget marks a refresh token as rejected and removes it from the store.
func (s *SignIn) forget(refreshToken string) {
	s.mu.Lock()
	s.rejected = refreshToken
	s.mu.Unlock()
	if s.store == nil {
		return
	}
	if stored, err := s.store.Load(); err == nil && stored.Reveal() == refreshToken {
		if err := s.store.Delete(); err != nil {
			s.log.Warn("could not delete the rejected refresh token from the store", "error", err)
		}
	}
}

// jwtOf converts an x/oauth2 token into the gocloak form that the session
// keeps, with Keycloak's lifetimes read from the raw response.
func jwtOf(tok *oauth2.Token) *gocloak.JWT {
	jwt := &gocloak.JWT{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.TokenType}
	if v, ok := tok.Extra("expires_in").(float64); ok {
		jwt.ExpiresIn = int(v)
	}
	if v, ok := tok.Extra("refresh_expires_in").(float64); ok {
		jwt.RefreshExpiresIn = int(v)
	}
	if v, ok := tok.Extra("id_token").(string); ok {
		jwt.IDToken = v
	}
	if v, ok := tok.Extra("scope").(string); ok {
		jwt.Scope = v
	}
	return jwt
}

// preferredUsername reads the user's name from an access token, for
// messages only: nothing here trusts the token.
func preferredUsername(accessToken string) string {
	t, err := tokencheck.Decode(accessToken)
	if err != nil {
		return ""
	}
	var name string
	if raw, ok := t.Claims.Other["preferred_username"]; ok {
		_ = json.Unmarshal(raw, &name)
	}
	return name
}

// SignIn returns the client's credentials when the operator signs in on
// Keycloak's login page.
func (c *Client) SignIn() (*SignIn, bool) {
	s, ok := c.cfg.Credentials.(*SignIn)
	return s, ok
}

// SignInAgain runs the operator's sign-in flow with prompt and puts the new
// tokens into the session. The console calls it after a call failed with
// ErrSignInRequired and the operator agreed to sign in. The wait for the
// operator is not bounded by ctx's deadline, only by its cancellation.
func (c *Client) SignInAgain(ctx context.Context, prompt PromptFunc) error {
	s, ok := c.cfg.Credentials.(*SignIn)
	if !ok {
		return &Error{Kind: ErrInvalid, Op: opSignIn, Detail: "the admin logs in with a password or a client secret, not on Keycloak's login page"}
	}
	jwt, err := s.signIn(ctx, c.cfg.AdminRealm, prompt)
	if err != nil {
		return err
	}
	c.session.replace(jwt)
	return nil
}
