package keycloak

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// ClaimLoopbackRedirectURI first, with the operator's consent.
	RedirectURIFits bool
	// Loopback is the state of model.LoopbackRedirectURI itself: entered by
	// an admin, in use by another sign-in, or left behind by one.
	Loopback model.LoopbackState
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
		Application:     app,
		RedirectURIFits: model.AcceptsLoopbackRedirect(app.RedirectURIs),
		Loopback:        app.LoopbackRedirect(time.Now()),
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

// loopbackLease is how long a claim of model.LoopbackRedirectURI lasts:
// the longest wait of a sign-in, and a minute for its cleanup.
const loopbackLease = SignInTimeout + time.Minute

// ClaimLoopbackRedirectURI makes model.LoopbackRedirectURI available to one
// sign-in. It adds the redirect URI where it is missing, and a lease, kept
// in a client attribute, that marks it in use for other sign-ins. release
// ends the lease, and removes the redirect URI unless another sign-in's
// lease is still running, so that parallel sign-ins do not cut each other
// short. Both read the client afresh, so that changes made meanwhile stay.
// Callers ask the operator before they add the redirect URI, because it
// lets any program on a machine with a browser signed in to Keycloak
// receive codes for this client at 127.0.0.1.
//
// NOTE: a claim and a release each read the client and then write it, so
// two that overlap within one round trip can lose the other's lease.
func (c *Client) ClaimLoopbackRedirectURI(ctx context.Context, ref model.AppRef) (release func(context.Context) (removed bool, err error), err error) {
	current, err := c.GetApplication(ctx, ref)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	mine := now.Add(loopbackLease).Truncate(time.Second)
	leases := append(model.ActiveLeases(current.LoopbackLeases, now), mine)
	uris := current.RedirectURIs
	added := !slices.Contains(uris, model.LoopbackRedirectURI)
	if added {
		uris = append(slices.Clone(uris), model.LoopbackRedirectURI)
	}
	if err := c.setLoopbackRedirect(ctx, current.Ref(), uris, leases); err != nil {
		return nil, err
	}
	c.cfg.Logger.Info("temporary redirect URI claimed", "client_id", current.ClientID, "redirect_uri", model.LoopbackRedirectURI, "added", added, "sign_ins", len(leases))

	release = func(ctx context.Context) (bool, error) { return c.releaseLoopbackRedirect(ctx, current.Ref(), mine) }
	return release, nil
}

// releaseLoopbackRedirect ends the lease mine. It returns false when the
// lease of another sign-in keeps the redirect URI.
func (c *Client) releaseLoopbackRedirect(ctx context.Context, ref model.AppRef, mine time.Time) (bool, error) {
	current, err := c.GetApplication(ctx, ref)
	if err != nil {
		return false, err
	}
	others := model.ActiveLeases(current.LoopbackLeases, time.Now())
	if i := slices.IndexFunc(others, mine.Equal); i >= 0 {
		others = slices.Delete(others, i, i+1)
	}

	uris := current.RedirectURIs
	if len(others) == 0 {
		uris = slices.DeleteFunc(slices.Clone(uris), func(u string) bool { return u == model.LoopbackRedirectURI })
	}
	if err := c.setLoopbackRedirect(ctx, current.Ref(), uris, others); err != nil {
		return false, err
	}
	if len(others) > 0 {
		c.cfg.Logger.Info("temporary redirect URI kept for other sign-ins", "client_id", current.ClientID, "sign_ins", len(others))
		return false, nil
	}
	c.cfg.Logger.Info("temporary redirect URI removed", "client_id", current.ClientID, "redirect_uri", model.LoopbackRedirectURI)
	return true, nil
}

// setLoopbackRedirect replaces the client's redirect URIs and its leases,
// and removes the lease attribute when there are none: Keycloak drops an
// attribute set to "". Unlike UpdateApplication it does not validate the
// redirect URIs, so that an entry that idtui would not create, such as
// "/*", survives.
func (c *Client) setLoopbackRedirect(ctx context.Context, ref model.AppRef, uris []string, leases []time.Time) error {
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return err
	}
	fields := make([]string, len(leases))
	for i, lease := range leases {
		fields[i] = strconv.FormatInt(lease.Unix(), 10)
	}
	attrs := map[string]string{attrLoopbackLeases: strings.Join(fields, " ")}
	rep := gocloak.Client{ID: &ref.ID, ClientID: &ref.ClientID, RedirectURIs: &uris, Attributes: &attrs}
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
