package keycloak

import (
	"strconv"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// Client attributes that idtui reads or writes.
const (
	attrSecretCreationTime = "client.secret.creation.time" // Unix seconds, set when Keycloak generates a secret
	attrRealmClient        = "realm_client"                // "true" on the clients Keycloak creates itself
	attrDeviceGrant        = "oauth2.device.authorization.grant.enabled"
	attrPKCEMethod         = "pkce.code.challenge.method"
	attrPostLogoutRedirect = "post.logout.redirect.uris"
)

// toApplication maps a Keycloak client to an Application. It drops the
// secret that Keycloak includes in the representation.
func toApplication(c *gocloak.Client) model.Application {
	attrs := map[string]string{}
	if c.Attributes != nil {
		attrs = *c.Attributes
	}

	flows := model.Flows{
		Standard:       deref(c.StandardFlowEnabled),
		Implicit:       deref(c.ImplicitFlowEnabled),
		DirectAccess:   deref(c.DirectAccessGrantsEnabled),
		ServiceAccount: deref(c.ServiceAccountsEnabled),
		Device:         attrs[attrDeviceGrant] == "true",
	}
	app := model.Application{
		ID:           deref(c.ID),
		ClientID:     deref(c.ClientID),
		Name:         deref(c.Name),
		Description:  deref(c.Description),
		Enabled:      deref(c.Enabled),
		RootURL:      deref(c.RootURL),
		RedirectURIs: derefSlice(c.RedirectURIs),
		WebOrigins:   derefSlice(c.WebOrigins),
		Flows:        flows,
		Type: model.Classify(model.ClientFlags{
			ClientID:    deref(c.ClientID),
			RealmClient: attrs[attrRealmClient] == "true",
			Public:      deref(c.PublicClient),
			BearerOnly:  deref(c.BearerOnly),
			Flows:       flows,
		}),
	}
	if seconds, err := strconv.ParseInt(attrs[attrSecretCreationTime], 10, 64); err == nil && seconds > 0 {
		app.SecretCreatedAt = time.Unix(seconds, 0).UTC()
	}
	return app
}

// newClientRepresentation builds the client to create for n. It sets every
// flag explicitly, because Keycloak fills omitted ones with defaults that do
// not fit: a client without publicClient becomes public, and omitted flows
// are turned on.
func newClientRepresentation(n model.NewApplication) gocloak.Client {
	login := n.Type == model.TypeConfidential || n.Type == model.TypePublic
	attrs := map[string]string{attrDeviceGrant: "false"}
	webOrigins := []string{}
	redirectURIs := []string{}
	if login {
		redirectURIs = n.RedirectURIs
		// "+" allows CORS from the origins of the redirect URIs, and
		// post-logout redirects to the redirect URIs.
		webOrigins = []string{"+"}
		attrs[attrPostLogoutRedirect] = "+"
	}
	if n.Type == model.TypePublic {
		attrs[attrPKCEMethod] = "S256" // a public client has no secret, so PKCE protects its codes
	}

	return gocloak.Client{
		ClientID:                  &n.ClientID,
		Name:                      &n.Name,
		Description:               &n.Description,
		Enabled:                   gocloak.BoolP(true),
		Protocol:                  gocloak.StringP("openid-connect"),
		ClientAuthenticatorType:   gocloak.StringP("client-secret"),
		PublicClient:              gocloak.BoolP(n.Type == model.TypePublic),
		BearerOnly:                gocloak.BoolP(false),
		ConsentRequired:           gocloak.BoolP(false),
		StandardFlowEnabled:       gocloak.BoolP(login),
		ImplicitFlowEnabled:       gocloak.BoolP(false),
		DirectAccessGrantsEnabled: gocloak.BoolP(false),
		ServiceAccountsEnabled:    gocloak.BoolP(n.Type == model.TypeM2M),
		FrontChannelLogout:        gocloak.BoolP(true),
		// Only the roles of the realm's client scopes reach the token, so
		// permissions and aud list the Camunda APIs and nothing else.
		FullScopeAllowed: gocloak.BoolP(false),
		RedirectURIs:     &redirectURIs,
		WebOrigins:       &webOrigins,
		Attributes:       &attrs,
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func derefSlice(p *[]string) []string {
	if p == nil {
		return nil
	}
	return append([]string(nil), (*p)...)
}
