package ui

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// The in-memory realm signs its tokens with a key generated for the test
// run, and publishes it in its JWKS, so that the token screen decodes,
// verifies and diagnoses real JWTs.

// testKeyID is the kid of the in-memory realm's signing key.
const testKeyID = "test-key"

// testTokenLifetime is the lifetime of the in-memory realm's tokens, as
// in the dev realm.
const testTokenLifetime = 5 * time.Minute

// testSigningKey is generated once per test binary, because an RSA key
// takes a while to generate under the race detector.
var testSigningKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

func (b *memoryBackend) issuer() string { return b.URL() + "/realms/" + b.Realm() }

// FetchTestToken rejects the request as Keycloak does for a disabled
// client or one without a service account. Otherwise it signs a token
// whose aud and permissions follow the application's permissions.
func (b *memoryBackend) FetchTestToken(_ context.Context, ref model.AppRef) (keycloak.TestToken, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("get application", ref)
	if err != nil {
		return keycloak.TestToken{}, err
	}
	test := keycloak.TestToken{Application: app, Secret: b.secrets[app.ID], TokenURL: b.TokenURL(), Issuer: b.issuer()}
	if err := b.failure("fetch a token for"); err != nil {
		return test, err
	}
	if err := tokenRefusal(app); err != nil {
		return test, err
	}

	raw, err := b.signToken(app)
	if err != nil {
		return test, err
	}
	test.Response = model.TokenResponse{AccessToken: raw, TokenType: "Bearer", ExpiresIn: testTokenLifetime, Scope: "profile email", ReceivedAt: b.now()}
	return test, nil
}

// tokenRefusal returns the error of Keycloak 26.7.3 for a client that gets
// no client-credentials token, as the keycloak package explains it.
func tokenRefusal(app model.Application) error {
	refusal := func(failure keycloak.TokenFailure, code, detail, hint string) error {
		return &keycloak.Error{Kind: keycloak.ErrUnauthorized, Op: "fetch a token for", ClientID: app.ClientID, Status: 401, OAuthCode: code, Failure: failure, Detail: detail, Hint: hint}
	}
	id := fmt.Sprintf("%q", app.ClientID)
	switch {
	case !app.Enabled:
		return refusal(keycloak.FailureDisabledClient, "invalid_client",
			"the client "+id+" is disabled, and Keycloak returns the same error for a disabled client as for a wrong secret (Keycloak returned HTTP 401 invalid_client: Invalid client or Invalid client credentials)",
			"Enable the client, in idtui or in Keycloak's admin console")
	case app.Type == model.TypePublic:
		return refusal(keycloak.FailurePublicClient, "unauthorized_client",
			id+" is a public client, and a public client cannot use the client-credentials grant: it has no secret and no service account",
			"Fetch M2M tokens with an M2M application")
	case !app.Flows.ServiceAccount:
		return refusal(keycloak.FailureNoServiceAccount, "unauthorized_client",
			id+" has no service account, so it cannot use the client-credentials grant",
			"Turn on Service account roles in the client's settings, or create an M2M application for the service")
	}
	return nil
}

// signToken issues a token as the dev realm does for an M2M application:
// aud lists the APIs it holds roles on, and permissions the roles.
func (b *memoryBackend) signToken(app model.Application) (model.Secret, error) {
	perms := rolesByAPI(b.perms[app.ID])
	audience := make([]string, 0, len(perms))
	for _, p := range b.perms[app.ID] {
		if !slices.Contains(audience, p.API) {
			audience = append(audience, p.API)
		}
	}
	now := b.now()
	claims := struct {
		Exp         int64               `json:"exp"`
		Iat         int64               `json:"iat"`
		Iss         string              `json:"iss"`
		Aud         []string            `json:"aud,omitempty"`
		Sub         string              `json:"sub"`
		Typ         string              `json:"typ"`
		Azp         string              `json:"azp"`
		Scope       string              `json:"scope"`
		Permissions map[string][]string `json:"permissions,omitempty"`
		Username    string              `json:"preferred_username"`
	}{
		Exp: now.Add(testTokenLifetime).Unix(), Iat: now.Unix(), Iss: b.issuer(), Aud: audience,
		Sub: "sa-" + app.ID, Typ: "Bearer", Azp: app.ClientID, Scope: "profile email",
		Permissions: perms, Username: "service-account-" + app.ClientID,
	}
	return b.sign(claims)
}

// sign signs claims with the test key, as the realm signs its tokens.
func (b *memoryBackend) sign(claims any) (model.Secret, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}

	key := jose.JSONWebKey{Key: testSigningKey(), KeyID: testKeyID}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	compact, err := jws.CompactSerialize()
	return model.Secret(compact), err
}

// KeySet returns the JWKS with the signing key under keysetKeyID, which a
// test changes to publish a key that the tokens do not name.
func (b *memoryBackend) KeySet(context.Context) (tokencheck.KeySet, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.failure("fetch the realm's keys"); err != nil {
		return tokencheck.KeySet{}, err
	}
	kid := testKeyID
	if b.keysetKeyID != "" {
		kid = b.keysetKeyID
	}
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &testSigningKey().PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}}
	data, err := json.Marshal(jwks)
	if err != nil {
		return tokencheck.KeySet{}, err
	}
	return tokencheck.ParseKeySet(data)
}
