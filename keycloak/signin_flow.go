package keycloak

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/idtui/idtui/model"
)

// SignInMethod is how a person signs in on Keycloak's login page.
type SignInMethod string

const (
	// SignInBrowser is the authorization code flow with PKCE (S256): a
	// browser shows Keycloak's login page, and Keycloak redirects it to a
	// listener on a loopback port of this machine.
	SignInBrowser SignInMethod = "browser"
	// SignInDevice is the device authorization grant of RFC 8628: the person
	// enters a user code on Keycloak's page, on any device, while idtui polls.
	SignInDevice SignInMethod = "device"
)

// SignInTimeout bounds how long the browser method waits for the person to
// sign in. The device method waits until its user code expires, after the
// expires_in that Keycloak sets (600 s by default).
const SignInTimeout = 10 * time.Minute

// maxDeviceWait caps the device method in case a realm sets a very long
// device code lifespan.
const maxDeviceWait = time.Hour

// SignInPrompt is what the person needs to sign in.
type SignInPrompt struct {
	Method SignInMethod
	// URL is the page to open: Keycloak's login page with the authorization
	// request, or the device verification page. It holds no secret: the
	// PKCE verifier stays in memory, and the URL carries only its S256 hash.
	URL string
	// UserCode is the code to enter on the verification page. It is empty
	// for the browser method.
	UserCode string
	// CompleteURL is the verification page with the user code filled in,
	// where Keycloak offers one.
	CompleteURL string
	// Expires is when the user code expires, or when idtui stops waiting.
	Expires time.Time
}

// RedirectPort returns the port of the loopback listener to which Keycloak
// sends the browser, from the redirect_uri of the browser method's URL. It
// returns "" for the device method.
func (p SignInPrompt) RedirectPort() string {
	u, err := url.Parse(p.URL)
	if err != nil {
		return ""
	}
	redirect, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil {
		return ""
	}
	return redirect.Port()
}

// PromptFunc shows a SignInPrompt to the person who signs in, by opening a
// browser or by printing the URL and the user code. It returns at once, and
// the flow then waits for Keycloak. An error ends the flow.
type PromptFunc func(SignInPrompt) error

const opSignIn = "sign in"

// oauthClient is a client of one realm as the sign-in flows use it.
type oauthClient struct {
	http      *http.Client // must not follow redirects
	issuer    string       // the realm's URL, base URL + /realms/ + realm
	clientID  string
	secret    model.Secret // empty for a public client
	loginHint string       // fills in the username on the login page; optional
}

func (o oauthClient) config(redirectURI string) *oauth2.Config {
	endpoint := o.issuer + "/protocol/openid-connect"
	return &oauth2.Config{
		ClientID:     o.clientID,
		ClientSecret: o.secret.Reveal(),
		Endpoint: oauth2.Endpoint{
			AuthURL:       endpoint + "/auth",
			DeviceAuthURL: endpoint + "/auth/device",
			TokenURL:      endpoint + "/token",
			AuthStyle:     oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURI,
		// openid makes Keycloak return an ID token, with the user's name.
		Scopes: []string{"openid"},
	}
}

// withHTTP makes x/oauth2 send its requests through o's HTTP client, which
// logs them without their bodies.
func (o oauthClient) withHTTP(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, o.http)
}

// runSignIn runs the flow of method and returns the tokens.
func runSignIn(ctx context.Context, o oauthClient, method SignInMethod, prompt PromptFunc) (*oauth2.Token, error) {
	if prompt == nil {
		return nil, &Error{Kind: ErrSignInRequired, Op: opSignIn, ClientID: o.clientID, Detail: "no one can be asked to sign in here", Hint: "Sign in on a terminal with idtui login"}
	}
	if method == SignInDevice {
		ctx, cancel := interactiveContext(ctx, maxDeviceWait)
		defer cancel()
		return deviceFlow(ctx, o, prompt)
	}
	ctx, cancel := interactiveContext(ctx, SignInTimeout)
	defer cancel()
	return authCodeFlow(ctx, o, prompt)
}

// interactiveContext returns a context for waiting on a person. It ends
// when ctx is canceled or after timeout, but not at ctx's deadline, which
// bounds a request to Keycloak and not the time a person takes to sign in.
func interactiveContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	flow, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	stop := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.Canceled) {
			cancel()
		}
	})
	return flow, func() { stop(); cancel() }
}

// requestContext bounds one request to Keycloak within a flow.
func requestContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, DefaultTimeout)
}

// authCodeFlow runs the authorization code flow with PKCE. It listens on a
// free port of 127.0.0.1, so that only this machine can deliver the code.
func authCodeFlow(ctx context.Context, o oauthClient, prompt PromptFunc) (*oauth2.Token, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, &Error{Kind: ErrUnavailable, Op: opSignIn, ClientID: o.clientID, Detail: "cannot listen on a port of 127.0.0.1 for Keycloak's redirect: " + err.Error(), Hint: "Use the device method (idtui login --device)", Err: err}
	}
	defer listener.Close()
	redirectURI := fmt.Sprintf("http://127.0.0.1:%d%s", listener.Addr().(*net.TCPAddr).Port, model.LoopbackRedirectPath)

	cfg := o.config(redirectURI)
	state := randomState()
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if o.loginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", o.loginHint))
	}
	authURL := cfg.AuthCodeURL(state, opts...)
	if err := checkAuthorizationRequest(ctx, o, authURL); err != nil {
		return nil, err
	}

	results := make(chan callbackResult, 1)
	server := &http.Server{Handler: callbackHandler(state, results), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	defer server.Close()

	deadline, _ := ctx.Deadline()
	if err := prompt(SignInPrompt{Method: SignInBrowser, URL: authURL, Expires: deadline}); err != nil {
		return nil, err
	}

	var result callbackResult
	select {
	case <-ctx.Done():
		return nil, waitError(ctx, o, SignInTimeout)
	case result = <-results:
	}
	if result.err != nil {
		return nil, result.err
	}

	reqCtx, cancel := requestContext(ctx)
	defer cancel()
	tok, err := cfg.Exchange(o.withHTTP(reqCtx), result.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, flowError(reqCtx, o, "exchange the authorization code", err)
	}
	return tok, nil
}

// randomState returns 128 random bits, base64url-encoded, for the state
// parameter that ties the redirect to this request.
func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type callbackResult struct {
	code string
	err  error
}

// callbackHandler receives Keycloak's redirect and sends the first one with
// the right state to results. A request with another state gets an error
// page and is ignored: any page in the browser can send a request to
// a loopback port, and it must not end the sign-in.
func callbackHandler(state string, results chan<- callbackResult) http.Handler {
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+model.LoopbackRedirectPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			writeCallbackPage(w, http.StatusBadRequest, "This answer does not belong to the sign-in that idtui is waiting for. Start the sign-in again in idtui.")
			return
		}

		result := callbackResult{code: q.Get("code")}
		switch {
		case q.Get("error") != "":
			result = callbackResult{err: authorizationError(q.Get("error"), q.Get("error_description"))}
		case result.code == "":
			result.err = &Error{Kind: ErrInvalid, Op: opSignIn, Detail: "Keycloak's redirect carries no authorization code", Hint: "Start the sign-in again"}
		}
		once.Do(func() { results <- result })

		if result.err != nil {
			writeCallbackPage(w, http.StatusBadRequest, "The sign-in failed. idtui shows why in the terminal.")
			return
		}
		writeCallbackPage(w, http.StatusOK, "Signed in. You can close this tab and go back to idtui.")
	})
	return mux
}

func writeCallbackPage(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><title>idtui</title><p>%s</p>\n", html.EscapeString(message))
}

// authorizationError explains an error that Keycloak sent to the redirect
// URI instead of a code.
func authorizationError(code, description string) error {
	e := &Error{Kind: ErrUnauthorized, Op: opSignIn, OAuthCode: code, Detail: code}
	if description != "" {
		e.Detail += ": " + description
	}
	switch code {
	case "access_denied":
		e.Hint = "The sign-in was canceled or refused on Keycloak's page; sign in again"
	case "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope":
		e.Kind = ErrInvalid
		e.Hint = "Check the client's settings in Keycloak: the standard flow on, and PKCE with S256"
	default:
		e.Hint = "Sign in again"
	}
	return e
}

// keycloakPageMessage finds the message of Keycloak's error page, such as
// "Client not found." or "Invalid parameter: redirect_uri".
var keycloakPageMessage = regexp.MustCompile(`<p class="instruction">([^<]*)</p>`)

// checkAuthorizationRequest sends the authorization request once without a
// browser. A client that does not exist, or that rejects the redirect URI,
// then fails here with Keycloak's message, instead of on a page that idtui
// cannot read. The request opens no session: Keycloak answers with its login
// page, or with an error page.
func checkAuthorizationRequest(ctx context.Context, o oauthClient, authURL string) error {
	ctx, cancel := requestContext(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return &Error{Kind: ErrInvalid, Op: opSignIn, ClientID: o.clientID, Detail: err.Error(), Err: err}
	}
	resp, err := o.http.Do(req)
	if err != nil {
		return wrapError(ctx, opSignIn, o.clientID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < http.StatusBadRequest {
		return nil
	}

	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	detail := fmt.Sprintf("Keycloak's login page answered HTTP %d", resp.StatusCode)
	if m := keycloakPageMessage.FindSubmatch(body); m != nil {
		detail = "Keycloak rejected the authorization request: " + html.UnescapeString(string(m[1]))
	}
	e := &Error{Kind: kindOfStatus(resp.StatusCode), Op: opSignIn, ClientID: o.clientID, Status: resp.StatusCode, Detail: detail}
	switch {
	case bytes.Contains(body, []byte("Client not found")):
		e.Kind = ErrNotFound
		e.Hint = missingClientHint(o)
	case bytes.Contains(body, []byte("redirect_uri")):
		e.Hint = fmt.Sprintf("Add %s to the client's redirect URIs; Keycloak accepts any port at 127.0.0.1", model.LoopbackRedirectURI)
	default:
		e.Hint = "Check that the client has the standard flow on"
	}
	return e
}

// missingClientHint is the fix when Keycloak does not know the sign-in client.
func missingClientHint(o oauthClient) string {
	return fmt.Sprintf("Create the sign-in client with idtui login --setup, or name an existing public client; it must be in the realm at %s", o.issuer)
}

// waitError explains why a flow stopped waiting for the person.
func waitError(ctx context.Context, o oauthClient, waited time.Duration) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return &Error{Kind: ErrUnavailable, Op: opSignIn, ClientID: o.clientID, Detail: "canceled", Err: ctx.Err()}
	}
	return &Error{Kind: ErrUnauthorized, Op: opSignIn, ClientID: o.clientID,
		Detail: fmt.Sprintf("no sign-in within %v", waited.Round(time.Second)), Hint: "Sign in again, and finish on Keycloak's page before the time runs out", Err: ctx.Err()}
}

// flowError turns a failed token or device request into an *Error with
// Keycloak's OAuth error.
func flowError(ctx context.Context, o oauthClient, step string, err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return wrapError(ctx, opSignIn, o.clientID, err)
	}
	e := &Error{
		Kind: kindOfStatus(re.Response.StatusCode), Op: opSignIn, ClientID: o.clientID, Status: re.Response.StatusCode,
		OAuthCode: re.ErrorCode, Detail: step + " failed: " + re.ErrorCode, Err: err,
	}
	if re.ErrorDescription != "" {
		e.Detail += ": " + re.ErrorDescription
	}
	switch re.ErrorCode {
	case "invalid_grant":
		e.Kind = ErrUnauthorized
		e.Hint = "Sign in again"
	case "unauthorized_client", "invalid_client":
		e.Kind = ErrUnauthorized
		e.Hint = "Check the client's settings in Keycloak: a public client, or the current secret of a confidential one, with this grant enabled"
	default:
		e.Hint = defaultHint(e.Kind)
	}
	return e
}
