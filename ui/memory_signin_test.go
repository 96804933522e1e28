package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// The in-memory realm's sign-ins: the operator's session, which a test
// ends, and users' sign-ins as applications. A sign-in shows its prompt
// and then waits on the gate for the test to play the person.

// memorySignIn is the operator's session in the in-memory realm.
type memorySignIn struct {
	// ended makes every admin call fail with keycloak.ErrSignInRequired
	// until SignInAgain succeeds.
	ended bool
	// method is how the operator signs in.
	method keycloak.SignInMethod
	// gate, when set, holds every sign-in after its prompt until the test
	// sends the result: nil signs the person in. Unset, sign-ins succeed at once.
	gate chan error
	// signIns counts the operator's sign-ins.
	signIns int
}

// testUserCode is the user code of the in-memory device sign-ins.
const testUserCode = "WDJB-MJHT"

// testRedirectPort is the port of the loopback listener in the in-memory
// browser sign-ins' URLs.
const testRedirectPort = "43117"

// testUser is the user who signs in as an application.
const testUser = "demo"

// endSession ends the operator's session, as an admin's logout does.
func (b *memoryBackend) endSession() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.signIn.ended = true
}

// setSignInMethod chooses how the operator signs in.
func (b *memoryBackend) setSignInMethod(method keycloak.SignInMethod) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.signIn.method = method
}

// holdSignIns makes the sign-ins wait for the result that the test sends
// on the returned channel.
func (b *memoryBackend) holdSignIns() chan<- error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.signIn.gate = make(chan error, 1)
	return b.signIn.gate
}

// sessionErr returns the error of Keycloak 26.7.3 for a call after the
// operator's session ended, as the keycloak package explains it. The
// caller holds b.mu.
func (b *memoryBackend) sessionErr() error {
	if !b.signIn.ended {
		return nil
	}
	return &keycloak.Error{
		Kind: keycloak.ErrSignInRequired, Op: "sign in", ClientID: "idtui", Status: 400, OAuthCode: "invalid_grant",
		Detail: "Keycloak ended the operator's session (Session not active)", Hint: "Sign in again on Keycloak's login page (idtui login)",
	}
}

// signInPrompt returns the prompt of a sign-in through clientID to realm.
func (b *memoryBackend) signInPrompt(method keycloak.SignInMethod, realm, clientID string) keycloak.SignInPrompt {
	issuer := b.URL() + "/realms/" + realm
	if method == keycloak.SignInDevice {
		device := issuer + "/device"
		return keycloak.SignInPrompt{Method: method, URL: device, UserCode: testUserCode, CompleteURL: device + "?user_code=" + testUserCode, Expires: b.now().Add(keycloak.SignInTimeout)}
	}
	query := url.Values{
		"client_id":             {clientID},
		"code_challenge":        {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
		"code_challenge_method": {"S256"},
		"redirect_uri":          {"http://127.0.0.1:" + testRedirectPort + model.LoopbackRedirectPath},
		"response_type":         {"code"},
		"scope":                 {"openid"},
		"state":                 {"af0ifjsldkj"},
	}
	return keycloak.SignInPrompt{Method: method, URL: issuer + "/protocol/openid-connect/auth?" + query.Encode(), Expires: b.now().Add(keycloak.SignInTimeout)}
}

// awaitPerson shows the prompt and waits for the test's result.
func (b *memoryBackend) awaitPerson(ctx context.Context, p keycloak.SignInPrompt, prompt keycloak.PromptFunc) error {
	if err := prompt(p); err != nil {
		return err
	}
	b.mu.Lock()
	gate := b.signIn.gate
	b.mu.Unlock()
	if gate == nil {
		return nil
	}
	select {
	case err := <-gate:
		return err
	case <-ctx.Done():
		return &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "sign in", Detail: "canceled", Err: ctx.Err()}
	}
}

func (b *memoryBackend) SignInAgain(ctx context.Context, prompt keycloak.PromptFunc) error {
	b.mu.Lock()
	p := b.signInPrompt(b.signIn.method, "master", keycloak.DefaultSignInClientID)
	b.mu.Unlock()
	if err := b.awaitPerson(ctx, p, prompt); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.signIn.ended = false
	b.signIn.signIns++
	return nil
}

// PrepareUserLogin checks the application as keycloak.Client does.
func (b *memoryBackend) PrepareUserLogin(_ context.Context, ref model.AppRef) (keycloak.UserLogin, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	const op = "sign in as a user of"
	app, err := b.find("get application", ref)
	if err != nil {
		return keycloak.UserLogin{}, err
	}
	login := keycloak.UserLogin{
		Application:     app,
		RedirectURIFits: model.AcceptsLoopbackRedirect(app.RedirectURIs),
		Loopback:        app.LoopbackRedirect(testNow),
	}
	switch {
	case app.Type != model.TypeConfidential && app.Type != model.TypePublic:
		return login, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: op, ClientID: app.ClientID, Detail: app.ClientID + " has no login page"}
	case !app.Enabled:
		return login, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: op, ClientID: app.ClientID, Detail: "the client is disabled", Hint: "Enable it first"}
	case len(login.Methods()) == 0:
		return login, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: op, ClientID: app.ClientID, Detail: "the client has neither the standard flow nor the device authorization grant on"}
	}
	if app.Type == model.TypeConfidential {
		login.Secret = b.secrets[app.ID]
	}
	return login, nil
}

// ClaimLoopbackRedirectURI follows the keycloak package: the redirect URI
// stays at release while another sign-in's lease runs.
func (b *memoryBackend) ClaimLoopbackRedirectURI(ctx context.Context, ref model.AppRef) (func(context.Context) (bool, error), error) {
	lost := b.await(ctx, "change the redirect URIs of")
	b.mu.Lock()
	defer b.mu.Unlock()
	current, err := b.find("change the redirect URIs of", ref)
	if err != nil {
		return nil, err
	}
	mine := testNow.Add(11 * time.Minute)
	if !slices.Contains(current.RedirectURIs, model.LoopbackRedirectURI) {
		current.RedirectURIs = append(slices.Clone(current.RedirectURIs), model.LoopbackRedirectURI)
	}
	current.LoopbackLeases = append(model.ActiveLeases(current.LoopbackLeases, testNow), mine)
	b.apps[current.ID] = current
	if lost != nil {
		return nil, lost
	}

	release := func(context.Context) (bool, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		current, err := b.find("change the redirect URIs of", ref)
		if err != nil {
			return false, err
		}
		others := model.ActiveLeases(current.LoopbackLeases, testNow)
		if i := slices.IndexFunc(others, mine.Equal); i >= 0 {
			others = slices.Delete(others, i, i+1)
		}
		current.LoopbackLeases = others
		if len(others) == 0 {
			current.RedirectURIs = slices.DeleteFunc(slices.Clone(current.RedirectURIs), func(u string) bool { return u == model.LoopbackRedirectURI })
		}
		b.apps[current.ID] = current
		return len(others) == 0, nil
	}
	return release, nil
}

// UserToken rejects a browser sign-in whose redirect URI the application
// does not accept, as Keycloak's login page does, and otherwise signs the
// user's access token and ID token.
func (b *memoryBackend) UserToken(ctx context.Context, l keycloak.UserLogin, method keycloak.SignInMethod, prompt keycloak.PromptFunc) (keycloak.TestToken, error) {
	app := l.Application
	if !slices.Contains(l.Methods(), method) {
		return keycloak.TestToken{}, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: "sign in", ClientID: app.ClientID, Detail: fmt.Sprintf("the client does not allow the %s method", method)}
	}
	b.mu.Lock()
	current, err := b.find("get application", app.Ref())
	p := b.signInPrompt(method, b.realm, app.ClientID)
	b.mu.Unlock()
	if err != nil {
		return keycloak.TestToken{}, err
	}
	if method == keycloak.SignInBrowser && !model.AcceptsLoopbackRedirect(current.RedirectURIs) {
		return keycloak.TestToken{}, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: "sign in", ClientID: app.ClientID, Status: 400,
			Detail: "Keycloak rejected the authorization request: Invalid parameter: redirect_uri", Hint: "Add " + model.LoopbackRedirectURI + " to the client's redirect URIs"}
	}
	if err := b.awaitPerson(ctx, p, prompt); err != nil {
		return keycloak.TestToken{}, err
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	access, err := b.signUserToken(app, "Bearer", "operate-api")
	if err != nil {
		return keycloak.TestToken{}, err
	}
	id, err := b.signUserToken(app, "ID", app.ClientID)
	if err != nil {
		return keycloak.TestToken{}, err
	}
	return keycloak.TestToken{
		Application: app, Secret: l.Secret, TokenURL: b.TokenURL(), Issuer: b.issuer(),
		Response: model.TokenResponse{AccessToken: access, IDToken: id, TokenType: "Bearer", ExpiresIn: testTokenLifetime, Scope: "openid profile email", ReceivedAt: b.now()},
	}, nil
}

// signUserToken signs a token of testUser as the application: typ Bearer
// is the access token, with read:* on operate-api, and typ ID the ID token.
func (b *memoryBackend) signUserToken(app model.Application, typ, audience string) (model.Secret, error) {
	now := b.now()
	claims := map[string]any{
		"exp": now.Add(testTokenLifetime).Unix(), "iat": now.Unix(), "iss": b.issuer(), "aud": []string{audience},
		"sub": "user-" + testUser, "typ": typ, "azp": app.ClientID, "preferred_username": testUser,
	}
	if typ == "Bearer" {
		claims["scope"] = "openid profile email"
		claims["permissions"] = map[string][]string{"operate-api": {"read:*"}}
	}
	return b.sign(claims)
}

// memoryContexts are the contexts of a config file in memory. Each
// connects with its own function.
type memoryContexts struct {
	mu       sync.Mutex
	names    []string
	namesErr error
	connect  map[string]func(ctx context.Context, ask SecretPrompt) (Connection, error)
	// calls counts the Connect calls per context.
	calls map[string]int
}

func (c *memoryContexts) Names() ([]string, error) { return c.names, c.namesErr }

func (c *memoryContexts) Connect(ctx context.Context, name string, ask SecretPrompt) (Connection, error) {
	c.mu.Lock()
	connect, ok := c.connect[name]
	c.calls[name]++
	c.mu.Unlock()
	if !ok {
		return Connection{}, errors.New("the context " + name + " is not in the config file")
	}
	return connect(ctx, ask)
}
