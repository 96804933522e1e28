package model

import "strings"

// CurlCommand is a POSIX shell command that sends the token request that
// Camunda documents: a POST to the realm's token endpoint with client_id,
// client_secret and grant_type=client_credentials as form fields.
// --data-urlencode encodes each field, so secrets with '&', '+' or '%' in
// them arrive intact. The secret reaches curl on stdin, from printf, which
// sh, dash, bash and zsh run as a builtin without a new process. So the
// secret is in the argv of no process, where ps would show it.
type CurlCommand struct {
	TokenURL string
	ClientID string
	Secret   Secret // empty for a public client, and then the command sends no client_secret
}

// Text returns the command with the real secret, for the clipboard or output
// the operator asked for. It has no trailing newline, so a paste into a
// shell waits for Enter. It is a Secret, so that an accidental print shows a mask.
func (c CurlCommand) Text() Secret { return Secret(c.render(c.Secret.Reveal())) }

// Masked returns the command with the secret masked, for the screen.
func (c CurlCommand) Masked() string { return c.render(c.Secret.String()) }

func (c CurlCommand) render(secret string) string {
	curl := "curl -sS " + quoteEnvValue(c.TokenURL)
	if c.Secret != "" {
		curl = "printf '%s' " + quoteEnvValue(secret) + " | " + curl
	}
	lines := []string{curl, "--data-urlencode " + quoteEnvValue("client_id="+c.ClientID)}
	if c.Secret != "" {
		// name@- makes curl read the value from stdin and encode it.
		lines = append(lines, "--data-urlencode client_secret@-")
	}
	lines = append(lines, "--data-urlencode grant_type=client_credentials")
	return strings.Join(lines, " \\\n  ")
}

// BearerHeader is the HTTP header that carries an access token to an API.
type BearerHeader struct {
	Token Secret
}

// Text returns "Authorization: Bearer" and the real token, for the
// clipboard. It is a Secret, so that an accidental print shows a mask.
func (h BearerHeader) Text() Secret { return Secret("Authorization: Bearer " + h.Token.Reveal()) }

// Masked returns the header with the token masked, for the screen.
func (h BearerHeader) Masked() string { return "Authorization: Bearer " + h.Token.String() }
