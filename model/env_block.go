package model

import (
	"strings"
)

// ZeebeAudience is the audience that Zeebe checks in the tokens it accepts,
// in Camunda's Helm charts and in the dev realm.
const ZeebeAudience = "zeebe-api"

// EnvBlock is the .env block that a Camunda client reads to authenticate as
// an application. It carries the variables of the Zeebe clients
// (ZEEBE_CLIENT_ID and the rest) and those of the newer Camunda SDKs
// (CAMUNDA_CLIENT_ID, CAMUNDA_OAUTH_URL and the rest).
type EnvBlock struct {
	ClientID string
	Secret   Secret
	TokenURL string // the realm's token endpoint
	Audience string // ZeebeAudience unless the operator chose another
}

// Text returns the block with the real secret, for the clipboard or a file
// the operator asked for. It is a Secret so that it prints masked by accident.
func (e EnvBlock) Text() Secret { return Secret(e.render(e.Secret.Reveal())) }

// Masked returns the block with the secret masked, for the screen.
func (e EnvBlock) Masked() string { return e.render(e.Secret.String()) }

func (e EnvBlock) render(secret string) string {
	audience := e.Audience
	if audience == "" {
		audience = ZeebeAudience
	}
	pairs := [][2]string{
		{"ZEEBE_CLIENT_ID", e.ClientID},
		{"ZEEBE_CLIENT_SECRET", secret},
		{"ZEEBE_AUTHORIZATION_SERVER_URL", e.TokenURL},
		{"ZEEBE_TOKEN_AUDIENCE", audience},
		{"CAMUNDA_AUTH_STRATEGY", "OAUTH"},
		{"CAMUNDA_CLIENT_ID", e.ClientID},
		{"CAMUNDA_CLIENT_SECRET", secret},
		{"CAMUNDA_OAUTH_URL", e.TokenURL},
		{"CAMUNDA_TOKEN_AUDIENCE", audience},
	}

	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(quoteEnvValue(p[1]))
		b.WriteByte('\n')
	}
	return b.String()
}

// quoteEnvValue single-quotes a value unless it consists of characters that
// every .env reader and POSIX shell takes literally.
func quoteEnvValue(v string) string {
	safe := v != "" && strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:/@%+,=", r))
	}) < 0
	if safe {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
