package keycloak

import (
	"strconv"
	"strings"
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
	// attrLoopbackLeases are the times, in Unix seconds separated by
	// spaces, at which the idtui sign-ins that use model.LoopbackRedirectURI
	// stop waiting.
	attrLoopbackLeases = "idtui.loopback-redirect.leases"
)

// listedClient is the part of a client representation that an
// Application is made of. Decoding a list into it skips the rest, such as
// protocol mappers and the secret, without allocating it.
type listedClient struct {
	ID                        string           `json:"id"`
	ClientID                  string           `json:"clientId"`
	Name                      string           `json:"name"`
	Description               string           `json:"description"`
	Enabled                   bool             `json:"enabled"`
	RootURL                   string           `json:"rootUrl"`
	RedirectURIs              []string         `json:"redirectUris"`
	WebOrigins                []string         `json:"webOrigins"`
	PublicClient              bool             `json:"publicClient"`
	BearerOnly                bool             `json:"bearerOnly"`
	StandardFlowEnabled       bool             `json:"standardFlowEnabled"`
	ImplicitFlowEnabled       bool             `json:"implicitFlowEnabled"`
	DirectAccessGrantsEnabled bool             `json:"directAccessGrantsEnabled"`
	ServiceAccountsEnabled    bool             `json:"serviceAccountsEnabled"`
	Attributes                listedAttributes `json:"attributes"`
}

// listedAttributes are the client attributes that idtui reads.
type listedAttributes struct {
	SecretCreationTime string `json:"client.secret.creation.time"`
	RealmClient        string `json:"realm_client"`
	DeviceGrant        string `json:"oauth2.device.authorization.grant.enabled"`
	LoopbackLeases     string `json:"idtui.loopback-redirect.leases"`
}

// toApplication maps a Keycloak client to an Application. It drops the
// secret that Keycloak includes in the representation.
func toApplication(c *gocloak.Client) model.Application {
	attrs := map[string]string{}
	if c.Attributes != nil {
		attrs = *c.Attributes
	}
	listed := listedClient{
		ID:                        deref(c.ID),
		ClientID:                  deref(c.ClientID),
		Name:                      deref(c.Name),
		Description:               deref(c.Description),
		Enabled:                   deref(c.Enabled),
		RootURL:                   deref(c.RootURL),
		RedirectURIs:              derefSlice(c.RedirectURIs),
		WebOrigins:                derefSlice(c.WebOrigins),
		PublicClient:              deref(c.PublicClient),
		BearerOnly:                deref(c.BearerOnly),
		StandardFlowEnabled:       deref(c.StandardFlowEnabled),
		ImplicitFlowEnabled:       deref(c.ImplicitFlowEnabled),
		DirectAccessGrantsEnabled: deref(c.DirectAccessGrantsEnabled),
		ServiceAccountsEnabled:    deref(c.ServiceAccountsEnabled),
		Attributes: listedAttributes{
			SecretCreationTime: attrs[attrSecretCreationTime],
			RealmClient:        attrs[attrRealmClient],
			DeviceGrant:        attrs[attrDeviceGrant],
			LoopbackLeases:     attrs[attrLoopbackLeases],
		},
	}
	return listed.application()
}

func (c listedClient) application() model.Application {
	flows := model.Flows{
		Standard:       c.StandardFlowEnabled,
		Implicit:       c.ImplicitFlowEnabled,
		DirectAccess:   c.DirectAccessGrantsEnabled,
		ServiceAccount: c.ServiceAccountsEnabled,
		Device:         c.Attributes.DeviceGrant == "true",
	}
	app := model.Application{
		ID:           c.ID,
		ClientID:     c.ClientID,
		Name:         c.Name,
		Description:  c.Description,
		Enabled:      c.Enabled,
		RootURL:      c.RootURL,
		RedirectURIs: c.RedirectURIs,
		WebOrigins:   c.WebOrigins,
		Flows:        flows,
		Type: model.Classify(model.ClientFlags{
			ClientID:    c.ClientID,
			RealmClient: c.Attributes.RealmClient == "true",
			Public:      c.PublicClient,
			BearerOnly:  c.BearerOnly,
			Flows:       flows,
		}),
	}
	app.SecretCreatedAt = unixAttribute(c.Attributes.SecretCreationTime)
	for _, field := range strings.Fields(c.Attributes.LoopbackLeases) {
		if lease := unixAttribute(field); !lease.IsZero() {
			app.LoopbackLeases = append(app.LoopbackLeases, lease)
		}
	}
	return app
}

// unixAttribute parses a client attribute in Unix seconds, or returns the
// zero time when it is missing or invalid.
func unixAttribute(value string) time.Time {
	seconds, err := strconv.ParseInt(value, 10, 64)
	if err != nil || seconds <= 0 {
		return time.Time{}
	}
	return time.Unix(seconds, 0).UTC()
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

// derefSlice copies the slice, keeping an empty one apart from an absent
// one, as decoding a list into listedClient does.
func derefSlice(p *[]string) []string {
	if p == nil {
		return nil
	}
	return append([]string{}, (*p)...)
}
