package keycloak

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// UserLogin is what a user's sign-in as an application needs: the
// application, its secret, and whether it accepts idtui's redirect URI.
// PrepareUserLogin returns it, and UserToken runs the sign-in.
type UserLogin struct {
	Application model.Application
	// Secret is the client secret, read through the admin API. It is empty
	// for a Public application.
	Secret model.Secret
	// RedirectURIFits is true when the application's redirect URIs accept
	// model.LoopbackRedirectURI. Otherwise the browser method needs
	// AddLoopbackRedirectURI first, with the operator's consent.
	RedirectURIFits bool
	// LeftoverRedirectURI is true when the redirect URIs hold
	// model.LoopbackRedirectURI itself. Only idtui adds that entry, and only
	// for one sign-in, so an earlier sign-in ended before it removed it.
	LeftoverRedirectURI bool
}

// Methods returns the sign-in methods that the application allows, the
// browser first.
func (l UserLogin) Methods() []SignInMethod {
	var methods []SignInMethod
	if l.Application.Flows.Standard {
		methods = append(methods, SignInBrowser)
	}
	if l.Application.Flows.Device {
		methods = append(methods, SignInDevice)
	}
	return methods
}

// PrepareUserLogin reads the application and its secret, and checks that
// a user can sign in to it: a Confidential or Public application with the
// standard flow or the device grant on. It changes nothing.
func (c *Client) PrepareUserLogin(ctx context.Context, ref model.AppRef) (UserLogin, error) {
	const op = "sign in as a user of"
	app, err := c.GetApplication(ctx, ref)
	if err != nil {
		return UserLogin{}, err
	}
	login := UserLogin{
		Application:         app,
		RedirectURIFits:     model.AcceptsLoopbackRedirect(app.RedirectURIs),
		LeftoverRedirectURI: slices.Contains(app.RedirectURIs, model.LoopbackRedirectURI),
	}

	switch {
	case app.Type != model.TypeConfidential && app.Type != model.TypePublic:
		return login, &Error{Kind: ErrInvalid, Op: op, ClientID: app.ClientID,
			Detail: fmt.Sprintf("%s is an %s application, which has no login page", app.ClientID, app.Type),
			Hint:   "Fetch its client-credentials token without --login, or choose a Confidential or Public application"}
	case !app.Enabled:
		return login, &Error{Kind: ErrInvalid, Op: op, ClientID: app.ClientID, Detail: "the client is disabled", Hint: "Enable it first"}
	case len(login.Methods()) == 0:
		return login, &Error{Kind: ErrInvalid, Op: op, ClientID: app.ClientID,
			Detail: "the client has neither the standard flow nor the device authorization grant on", Hint: "Turn on the standard flow in the client's settings"}
	}

	if app.Type == model.TypeConfidential {
		if login.Secret, err = c.Secret(ctx, app.Ref()); err != nil {
			return login, err
		}
	}
	return login, nil
}

// AddLoopbackRedirectURI adds model.LoopbackRedirectURI to the
// application's redirect URIs, and returns the function that removes it
// again. The removal reads the client afresh and takes out only that one
// entry, so that changes made meanwhile stay. Callers ask the operator
// first, because the change lets anyone on a machine with a browser signed
// in to Keycloak receive codes for this client at 127.0.0.1.
func (c *Client) AddLoopbackRedirectURI(ctx context.Context, app model.Application) (remove func(context.Context) error, err error) {
	uris := append(slices.Clone(app.RedirectURIs), model.LoopbackRedirectURI)
	if err := c.setRedirectURIs(ctx, app.Ref(), uris); err != nil {
		return nil, err
	}
	c.cfg.Logger.Info("temporary redirect URI added", "client_id", app.ClientID, "redirect_uri", model.LoopbackRedirectURI)

	remove = func(ctx context.Context) error { return c.RemoveLoopbackRedirectURI(ctx, app.Ref()) }
	return remove, nil
}

// RemoveLoopbackRedirectURI takes model.LoopbackRedirectURI out of the
// application's redirect URIs. It reads the client afresh, so that changes
// made since the sign-in began stay.
func (c *Client) RemoveLoopbackRedirectURI(ctx context.Context, ref model.AppRef) error {
	current, err := c.GetApplication(ctx, ref)
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(current.RedirectURIs), func(u string) bool { return u == model.LoopbackRedirectURI })
	if err := c.setRedirectURIs(ctx, current.Ref(), kept); err != nil {
		return err
	}
	c.cfg.Logger.Info("temporary redirect URI removed", "client_id", current.ClientID, "redirect_uri", model.LoopbackRedirectURI)
	return nil
}

// setRedirectURIs replaces the client's redirect URIs. Unlike
// UpdateApplication it does not validate them, so that an entry that idtui
// would not create, such as "/*", survives the temporary change.
func (c *Client) setRedirectURIs(ctx context.Context, ref model.AppRef, uris []string) error {
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return err
	}
	rep := gocloak.Client{ID: &ref.ID, ClientID: &ref.ClientID, RedirectURIs: &uris}
	return c.call(ctx, "change the redirect URIs of", ref.ClientID, func(ctx context.Context, token string) error {
		return c.gc.UpdateClient(ctx, token, c.cfg.Realm, rep)
	})
}

// UserToken signs a user in as the application, with method, and returns
// the tokens: the access token, and an ID token for the openid scope. The
// person signs in on Keycloak's login page of the application realm, and
// prompt shows them where. A Confidential application authenticates with
// its secret as well as PKCE.
func (c *Client) UserToken(ctx context.Context, l UserLogin, method SignInMethod, prompt PromptFunc) (TestToken, error) {
	if !slices.Contains(l.Methods(), method) {
		return TestToken{}, &Error{Kind: ErrInvalid, Op: opSignIn, ClientID: l.Application.ClientID,
			Detail: fmt.Sprintf("the client does not allow the %s method", method), Hint: "Choose another method, or turn it on in the client's settings"}
	}
	o := oauthClient{http: c.http, issuer: c.Issuer(), clientID: l.Application.ClientID, secret: l.Secret}
	tok, err := runSignIn(ctx, o, method, prompt)
	if err != nil {
		return TestToken{}, err
	}
	c.cfg.Logger.Info("user token fetched", "client_id", l.Application.ClientID, "method", string(method))

	return TestToken{
		Application: l.Application,
		Secret:      l.Secret,
		TokenURL:    c.TokenURL(),
		Issuer:      c.Issuer(),
		Response:    tokenResponse(tok, time.Now()),
	}, nil
}
