package keycloak

import (
	"context"
	"fmt"
	"slices"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// SignInClientRedirectURI is the redirect URI of the sign-in client. It
// accepts the loopback listener on any port and path, because Keycloak 26
// ignores the port of a redirect URI at 127.0.0.1.
const SignInClientRedirectURI = "http://127.0.0.1/*"

// SignInClientSettings describes the client that SetUpSignInClient creates,
// one setting a line, for the operator to read before it is created.
var SignInClientSettings = []string{
	"a public client: it has no secret, because it runs on operators' machines",
	"the standard flow (authorization code), with PKCE S256 required",
	"the OAuth 2.0 device authorization grant, for machines without a browser",
	"the redirect URI " + SignInClientRedirectURI + ", for idtui's listener on a loopback port",
	"no direct access grants (passwords), no implicit flow, no service account",
	"full scope allowed, so that the operator's realm-management roles reach the token",
}

// SignInClientSetup is what SetUpSignInClient did.
type SignInClientSetup struct {
	Realm    string
	ClientID string
	Created  bool
	// Changes lists the settings corrected on an existing client. It is
	// empty when the client already had every setting.
	Changes []string
}

// SetUpSignInClient creates the public client through which operators sign
// in to the admin realm, or corrects the settings of an existing one. A
// second call changes nothing. A confidential or bearer-only client with
// the same client id is left alone and reported, because changing it would
// break whatever uses its secret.
func (c *Client) SetUpSignInClient(ctx context.Context, realm, clientID string) (SignInClientSetup, error) {
	const op = "set up the sign-in client"
	result := SignInClientSetup{Realm: realm, ClientID: clientID}
	if err := model.ValidateClientID(clientID); err != nil {
		return result, &Error{Kind: ErrInvalid, Op: op, ClientID: clientID, Detail: err.Error(), Err: err}
	}

	var existing []*gocloak.Client
	err := c.call(ctx, op, clientID, func(ctx context.Context, token string) (err error) {
		existing, err = c.gc.GetClients(ctx, token, realm, gocloak.GetClientsParams{ClientID: gocloak.StringP(clientID), Search: gocloak.BoolP(false)})
		return err
	})
	if err != nil {
		return result, err
	}

	i := slices.IndexFunc(existing, func(cl *gocloak.Client) bool { return deref(cl.ClientID) == clientID })
	if i < 0 {
		rep := signInClientRepresentation(clientID)
		err = c.call(ctx, op, clientID, func(ctx context.Context, token string) error {
			_, err := c.gc.CreateClient(ctx, token, realm, rep)
			return err
		})
		if err == nil {
			result.Created = true
			c.cfg.Logger.Info("sign-in client created", "client_id", clientID, "realm", realm)
		}
		return result, err
	}

	current := existing[i]
	if deref(current.BearerOnly) || !deref(current.PublicClient) {
		return result, &Error{Kind: ErrConflict, Op: op, ClientID: clientID,
			Detail: fmt.Sprintf("a confidential client with this client id exists in the realm %q", realm),
			Hint:   "Choose another client id for the sign-in client (--sign-in-client), or delete that client in Keycloak"}
	}
	result.Changes = correctSignInClient(current)
	if len(result.Changes) == 0 {
		return result, nil
	}
	err = c.call(ctx, op, clientID, func(ctx context.Context, token string) error {
		return c.gc.UpdateClient(ctx, token, realm, *current)
	})
	if err == nil {
		c.cfg.Logger.Info("sign-in client corrected", "client_id", clientID, "realm", realm, "changes", len(result.Changes))
	}
	return result, err
}

func signInClientRepresentation(clientID string) gocloak.Client {
	return gocloak.Client{
		ClientID:                  gocloak.StringP(clientID),
		Name:                      gocloak.StringP("idtui"),
		Description:               gocloak.StringP("Operators sign in to idtui here, on Keycloak's login page. Created by idtui login --setup."),
		Enabled:                   gocloak.BoolP(true),
		Protocol:                  gocloak.StringP("openid-connect"),
		PublicClient:              gocloak.BoolP(true),
		BearerOnly:                gocloak.BoolP(false),
		ConsentRequired:           gocloak.BoolP(false),
		StandardFlowEnabled:       gocloak.BoolP(true),
		ImplicitFlowEnabled:       gocloak.BoolP(false),
		DirectAccessGrantsEnabled: gocloak.BoolP(false),
		ServiceAccountsEnabled:    gocloak.BoolP(false),
		FullScopeAllowed:          gocloak.BoolP(true),
		RedirectURIs:              &[]string{SignInClientRedirectURI},
		WebOrigins:                &[]string{},
		Attributes: &map[string]string{
			attrPKCEMethod:  "S256",
			attrDeviceGrant: "true",
		},
	}
}

// correctSignInClient sets on cl every setting of the sign-in client that
// it lacks, and returns one line for each. It keeps the client's other
// settings, such as extra redirect URIs.
func correctSignInClient(cl *gocloak.Client) []string {
	var changes []string
	flag := func(field **bool, want bool, name string) {
		if deref(*field) != want {
			*field = gocloak.BoolP(want)
			changes = append(changes, fmt.Sprintf("%s: %v", name, want))
		}
	}
	flag(&cl.Enabled, true, "enabled")
	flag(&cl.StandardFlowEnabled, true, "standard flow")
	flag(&cl.ImplicitFlowEnabled, false, "implicit flow")
	flag(&cl.DirectAccessGrantsEnabled, false, "direct access grants")
	flag(&cl.ServiceAccountsEnabled, false, "service account")
	flag(&cl.ConsentRequired, false, "consent required")
	flag(&cl.FullScopeAllowed, true, "full scope allowed")

	if cl.Attributes == nil {
		cl.Attributes = &map[string]string{}
	}
	attrs := *cl.Attributes
	if attrs[attrPKCEMethod] != "S256" {
		attrs[attrPKCEMethod] = "S256"
		changes = append(changes, "PKCE method: S256")
	}
	if attrs[attrDeviceGrant] != "true" {
		attrs[attrDeviceGrant] = "true"
		changes = append(changes, "device authorization grant: true")
	}

	uris := derefSlice(cl.RedirectURIs)
	if !slices.Contains(uris, SignInClientRedirectURI) {
		uris = append(uris, SignInClientRedirectURI)
		cl.RedirectURIs = &uris
		changes = append(changes, "redirect URI added: "+SignInClientRedirectURI)
	}
	return changes
}
