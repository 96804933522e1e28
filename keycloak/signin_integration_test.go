package keycloak_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// signInRealm creates a realm with an operator who holds view-clients and
// manage-clients, and the sign-in client that idtui login --setup creates.
func signInRealm(t *testing.T, rep gocloak.RealmRepresentation) (realm, username string, admin *kctest.Admin) {
	t.Helper()
	admin = kctest.NewAdmin(t)
	realm = admin.CreateRealm(t, "signin", rep)
	username, _ = admin.CreateUser(t, realm, "operator", "operator-pass", "view-clients", "manage-clients")

	setup, err := kctest.Client(t).SetUpSignInClient(kctest.Context(t), realm, keycloak.DefaultSignInClientID)
	if err != nil {
		t.Fatalf("set up the sign-in client: %v", err)
	}
	if !setup.Created {
		t.Fatalf("set up in a new realm: %+v, want the client created", setup)
	}
	return realm, username, admin
}

// prompts collects what the sign-in shows, for the test to play the person.
type prompts struct {
	ch chan keycloak.SignInPrompt
}

func newPrompts() *prompts { return &prompts{ch: make(chan keycloak.SignInPrompt, 4)} }

func (p *prompts) show(prompt keycloak.SignInPrompt) error {
	p.ch <- prompt
	return nil
}

func (p *prompts) next(t *testing.T) keycloak.SignInPrompt {
	t.Helper()
	select {
	case prompt := <-p.ch:
		return prompt
	case <-time.After(30 * time.Second):
		t.Fatal("no sign-in prompt within 30 s")
		return keycloak.SignInPrompt{}
	}
}

// signInClient returns a client of realm whose operator signs in with method.
func signInClient(t *testing.T, realm string, method keycloak.SignInMethod, p *prompts, store keycloak.RefreshTokenStore) (*keycloak.Client, *keycloak.SignIn) {
	t.Helper()
	return signInClientWith(t, realm, keycloak.SignInOptions{Method: method, Prompt: p.show, Store: store})
}

// signInClientWith returns a client of realm whose operator signs in with opts.
func signInClientWith(t *testing.T, realm string, opts keycloak.SignInOptions) (*keycloak.Client, *keycloak.SignIn) {
	t.Helper()
	creds := keycloak.NewSignIn(opts)
	cfg := kctest.Config(t)
	cfg.Realm, cfg.AdminRealm, cfg.Credentials = realm, realm, creds
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, creds
}

// loginAsync runs c.Login in a goroutine, so that the test can play the
// person in the browser meanwhile.
func loginAsync(c *keycloak.Client) <-chan error {
	done := make(chan error, 1)
	go func() { done <- c.Login(context.Background()) }()
	return done
}

func waitLogin(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("login: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("login did not return within a minute")
	}
}

func TestBrowserSignIn(t *testing.T) {
	realm, username, _ := signInRealm(t, gocloak.RealmRepresentation{})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	c, creds := signInClient(t, realm, keycloak.SignInBrowser, p, nil)

	done := loginAsync(c)
	prompt := p.next(t)
	authURL, err := url.Parse(prompt.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := authURL.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" {
		t.Errorf("authorization URL lacks PKCE S256 or state: %s", prompt.URL)
	}
	if q.Has("code_verifier") || q.Has("client_secret") {
		t.Errorf("authorization URL carries a secret: %s", prompt.URL)
	}
	if !strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") {
		t.Errorf("redirect_uri = %q, want a loopback port", q.Get("redirect_uri"))
	}

	browser.Open(prompt.URL)
	browser.SignIn(username, "operator-pass")
	browser.WaitForText("Signed in")
	waitLogin(t, done)

	if _, err := c.AllApplications(kctest.Context(t)); err != nil {
		t.Fatalf("list as the signed-in operator: %v", err)
	}
	if got := creds.Identity(); got != username {
		t.Errorf("identity = %q, want %q", got, username)
	}
}

func TestSignInClientSetupIsIdempotent(t *testing.T) {
	realm, _, admin := signInRealm(t, gocloak.RealmRepresentation{})
	c := kctest.Client(t)
	ctx := kctest.Context(t)

	again, err := c.SetUpSignInClient(ctx, realm, keycloak.DefaultSignInClientID)
	if err != nil || again.Created || len(again.Changes) != 0 {
		t.Fatalf("second setup: %+v, %v; want no change", again, err)
	}

	// Someone turns the device grant off and adds a password grant.
	clients, err := admin.GC.GetClients(ctx, admin.Token, realm, gocloak.GetClientsParams{ClientID: gocloak.StringP(keycloak.DefaultSignInClientID)})
	if err != nil || len(clients) != 1 {
		t.Fatalf("find the sign-in client: %v", err)
	}
	cl := clients[0]
	(*cl.Attributes)["oauth2.device.authorization.grant.enabled"] = "false"
	cl.DirectAccessGrantsEnabled = gocloak.BoolP(true)
	if err := admin.GC.UpdateClient(ctx, admin.Token, realm, *cl); err != nil {
		t.Fatal(err)
	}

	fixed, err := c.SetUpSignInClient(ctx, realm, keycloak.DefaultSignInClientID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixed.Changes) != 2 {
		t.Errorf("changes = %q, want the device grant and the direct access grants", fixed.Changes)
	}
	if again, _ := c.SetUpSignInClient(ctx, realm, keycloak.DefaultSignInClientID); len(again.Changes) != 0 {
		t.Errorf("setup after the correction changed %q", again.Changes)
	}
}

func TestSignInClientSetupKeepsConfidentialClient(t *testing.T) {
	c := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "taken")

	_, err := c.SetUpSignInClient(kctest.Context(t), kctest.Realm, app.ClientID)

	if !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("err = %v, want a conflict", err)
	}
}

// memoryStore is a RefreshTokenStore in memory, standing in for the OS
// keyring, which the CLI tests use for real.
type memoryStore struct {
	mu    sync.Mutex
	token model.Secret
	saves int
}

func (m *memoryStore) Load() (model.Secret, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.token, nil
}

func (m *memoryStore) Save(token model.Secret) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token = token
	m.saves++
	return nil
}

func (m *memoryStore) Delete() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token = ""
	return nil
}

func (m *memoryStore) get() model.Secret {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.token
}
