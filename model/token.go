package model

import "time"

// TokenResponse is the token endpoint's answer to a grant.
type TokenResponse struct {
	AccessToken  Secret
	TokenType    string // "Bearer"
	ExpiresIn    time.Duration
	Scope        string
	RefreshToken Secret // empty for the client-credentials grant
	IDToken      Secret // set for logins with the openid scope
	// ReceivedAt is when the answer arrived, the start of ExpiresIn.
	ReceivedAt time.Time
}
