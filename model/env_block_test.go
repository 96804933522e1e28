package model

import (
	"strings"
	"testing"
)

func TestEnvBlock(t *testing.T) {
	block := EnvBlock{
		ClientID: "billing",
		Secret:   "s3cr3t",
		TokenURL: "http://localhost:18080/auth/realms/camunda-platform/protocol/openid-connect/token",
	}

	text := block.Text().Reveal()
	for _, line := range []string{
		"ZEEBE_CLIENT_ID=billing",
		"ZEEBE_CLIENT_SECRET=s3cr3t",
		"ZEEBE_AUTHORIZATION_SERVER_URL=http://localhost:18080/auth/realms/camunda-platform/protocol/openid-connect/token",
		"ZEEBE_TOKEN_AUDIENCE=zeebe-api",
		"CAMUNDA_CLIENT_ID=billing",
		"CAMUNDA_CLIENT_SECRET=s3cr3t",
		"CAMUNDA_OAUTH_URL=http://localhost:18080/auth/realms/camunda-platform/protocol/openid-connect/token",
		"CAMUNDA_TOKEN_AUDIENCE=zeebe-api",
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("block lacks %q:\n%s", line, text)
		}
	}

	masked := block.Masked()
	if strings.Contains(masked, "s3cr3t") {
		t.Errorf("masked block shows the secret:\n%s", masked)
	}
	if !strings.Contains(masked, "ZEEBE_CLIENT_SECRET=") {
		t.Errorf("masked block lacks the secret's line:\n%s", masked)
	}
}

func TestQuoteEnvValue(t *testing.T) {
	tests := map[string]string{
		"abc-DEF_1.2":  "abc-DEF_1.2",
		"":             "''",
		"has space":    "'has space'",
		"it's":         `'it'\''s'`,
		"$HOME":        "'$HOME'",
		"a#b":          "'a#b'",
		"http://h/p?q": "'http://h/p?q'",
	}
	for in, want := range tests {
		if got := quoteEnvValue(in); got != want {
			t.Errorf("quoteEnvValue(%q) = %q, want %q", in, got, want)
		}
	}
}
