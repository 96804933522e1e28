package main

import (
	"encoding/json"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model/tokencheck"
)

// tokenReport is the JSON of idtui token -o json. The command's help
// documents its fields; a change to them is a change of the CLI's contract.
type tokenReport struct {
	ClientID       string           `json:"client_id"`
	TokenURL       string           `json:"token_url"`
	ExpectedIssuer string           `json:"expected_issuer"`
	TokenType      string           `json:"token_type"`
	ExpiresIn      int64            `json:"expires_in"`
	Header         json.RawMessage  `json:"header"`
	Claims         json.RawMessage  `json:"claims"`
	IssuedAt       *time.Time       `json:"issued_at,omitempty"`
	ExpiresAt      *time.Time       `json:"expires_at,omitempty"`
	Expired        bool             `json:"expired"`
	Signature      *signatureReport `json:"signature"`
	APIs           []apiReport      `json:"apis"`
	// Grant and IDToken are set for a user's token (idtui token --login).
	Grant   string         `json:"grant,omitempty"`
	IDToken *idTokenReport `json:"id_token,omitempty"`
}

// idTokenReport is the decoded ID token of a user's sign-in, with the same
// decoding and signature check as the access token. The Camunda APIs never
// receive it, so it has no diagnosis.
type idTokenReport struct {
	Header    json.RawMessage  `json:"header"`
	Claims    json.RawMessage  `json:"claims"`
	IssuedAt  *time.Time       `json:"issued_at,omitempty"`
	ExpiresAt *time.Time       `json:"expires_at,omitempty"`
	Expired   bool             `json:"expired"`
	Signature *signatureReport `json:"signature"`
}

func newIDTokenReport(t tokencheck.Token, keys *tokencheck.KeySet, now time.Time) *idTokenReport {
	r := &idTokenReport{Header: t.HeaderJSON, Claims: t.PayloadJSON, Expired: t.Expired(now)}
	if !t.Claims.IssuedAt.IsZero() {
		r.IssuedAt = &t.Claims.IssuedAt
	}
	if !t.Claims.ExpiresAt.IsZero() {
		r.ExpiresAt = &t.Claims.ExpiresAt
	}
	if keys != nil {
		v := tokencheck.Verify(t, *keys)
		r.Signature = &signatureReport{Verified: v.Verified, Alg: v.Alg, Kid: v.KeyID, Reason: v.Reason}
	}
	return r
}

type signatureReport struct {
	Verified bool   `json:"verified"`
	Alg      string `json:"alg"`
	Kid      string `json:"kid"`
	Reason   string `json:"reason,omitempty"`
}

type apiReport struct {
	Name     string        `json:"name"`
	Audience string        `json:"audience"`
	Accepted bool          `json:"accepted"`
	Status   int           `json:"status"`
	Summary  string        `json:"summary"`
	Checks   []checkReport `json:"checks"`
	Fixes    []string      `json:"fixes"`
}

type checkReport struct {
	Check   string `json:"check"`
	Result  string `json:"result"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

func newTokenReport(test keycloak.TestToken, in tokencheck.Inspection, issuer string, now time.Time) tokenReport {
	claims := in.Token.Claims
	r := tokenReport{
		ClientID:       test.Application.ClientID,
		TokenURL:       test.TokenURL,
		ExpectedIssuer: issuer,
		TokenType:      test.Response.TokenType,
		ExpiresIn:      int64(test.Response.ExpiresIn / time.Second),
		Header:         in.Token.HeaderJSON,
		Claims:         in.Token.PayloadJSON,
		Expired:        in.Token.Expired(now),
		APIs:           []apiReport{},
	}
	if !claims.IssuedAt.IsZero() {
		r.IssuedAt = &claims.IssuedAt
	}
	if !claims.ExpiresAt.IsZero() {
		r.ExpiresAt = &claims.ExpiresAt
	}
	if v := in.Signature; v != nil {
		r.Signature = &signatureReport{Verified: v.Verified, Alg: v.Alg, Kid: v.KeyID, Reason: v.Reason}
	}

	for _, d := range in.APIs {
		api := apiReport{
			Name: d.API.Name, Audience: d.API.Audience, Accepted: d.Accepted, Status: d.Status, Summary: d.Summary,
			Checks: []checkReport{}, Fixes: d.Fixes(),
		}
		if api.Fixes == nil {
			api.Fixes = []string{}
		}
		for _, c := range d.Checks {
			api.Checks = append(api.Checks, checkReport{Check: c.Name, Result: string(c.Result), Message: c.Message, Fix: c.Fix})
		}
		r.APIs = append(r.APIs, api)
	}
	return r
}
