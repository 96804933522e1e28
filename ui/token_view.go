package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// expiryWarning is the time to expiry below which the countdown turns from
// success to warning.
const expiryWarning = time.Minute

// failureCauses name each explained token failure in a few words, for the
// headline above Keycloak's explanation.
var failureCauses = map[keycloak.TokenFailure]string{
	keycloak.FailureWrongSecret:      "the secret is wrong or was rotated",
	keycloak.FailureInvalidClient:    "unknown or disabled client",
	keycloak.FailureUnknownClient:    "no such client",
	keycloak.FailureDisabledClient:   "the client is disabled",
	keycloak.FailurePublicClient:     "a public client gets no client-credentials token",
	keycloak.FailureNoServiceAccount: "the client has no service account",
	keycloak.FailureUnknownRealm:     "no such realm",
	keycloak.FailureWrongURL:         "no token endpoint at this URL",
	keycloak.FailureUnreachable:      "Keycloak does not respond",
}

func (s *tokenScreen) lines() []string {
	st := s.env.styles
	switch {
	case s.noToken != "":
		headline := strings.Join(hanging("", "No token for "+s.app.ClientID, s.textWidth(), st.Heading), "\n")
		return s.explanation(headline, s.noToken, s.noTokenFix)
	case s.result == nil:
		return []string{"", st.Muted.Render("Fetching a token for " + s.app.ClientID + "…")}
	case s.result.err != nil:
		return s.failureLines()
	}
	return s.tokenLines()
}

func (s *tokenScreen) textWidth() int { return max(20, s.width-2) }

func (s *tokenScreen) tokenLines() []string {
	st := s.env.styles
	width := s.textWidth()
	tok := s.shown()

	lines := append([]string{""}, hanging("", s.heading(), width, st.Heading)...)
	if s.user {
		lines = append(lines, st.Muted.Render(s.switchHint()))
	}
	if s.loading {
		lines = append(lines, st.Muted.Render("Fetching a new token…"))
	}
	if tok.decodeErr != nil {
		lines = append(lines, hanging("", "Keycloak returned "+s.shownName()+" that idtui cannot read: "+tok.decodeErr.Error(), width, st.Error)...)
		return append(append(lines, "", st.Heading.Render("Copy")), s.copyLines()...)
	}

	lines = append(lines, s.field("Signature", s.signatureText(tok))...)
	lines = append(lines, s.field("Expiry", s.expiryText(tok))...)
	lines = append(append(lines, "", st.Heading.Render("Camunda APIs")), s.diagnosisLines()...)
	lines = append(append(lines, "", st.Heading.Render("Header and claims")), s.claimLines(tok)...)
	return append(append(lines, "", st.Heading.Render("Copy")), s.copyLines()...)
}

// heading names the token, the application and, for a user's token, the
// user, with the time it arrived.
func (s *tokenScreen) heading() string {
	at := s.result.fetchedAt.UTC().Format("15:04:05 UTC")
	if !s.user {
		return fmt.Sprintf("Token of %s, fetched at %s", s.app.ClientID, at)
	}
	name := "Access token"
	if s.showingID() {
		name = "ID token"
	}
	user := s.result.access.token.Claims.Username()
	if user == "" {
		return fmt.Sprintf("%s of %s, signed in at %s", name, s.app.ClientID, at)
	}
	return fmt.Sprintf("%s of %s for the user %s, signed in at %s", name, s.app.ClientID, user, at)
}

// switchHint returns which of a user's tokens shows, and how to see the other.
func (s *tokenScreen) switchHint() string {
	if s.showingID() {
		return "The ID token, which tells the application who signed in. tab shows the access token."
	}
	if s.result.idToken == nil {
		return "Keycloak returned no ID token."
	}
	return "The access token, which the application sends to the APIs. tab shows the ID token."
}

// shownName is the shown token with its article, for sentences.
func (s *tokenScreen) shownName() string {
	if s.showingID() {
		return "an ID token"
	}
	return "an access token"
}

// styledText is a value with the style to render each of its wrapped lines in.
type styledText struct {
	text  string
	style lipgloss.Style
}

// field renders a labelled value, wrapped under its first line.
func (s *tokenScreen) field(label string, value styledText) []string {
	return hanging(s.env.styles.Label.Render(cell(label, labelWidth)), value.text, s.textWidth(), value.style)
}

func (s *tokenScreen) plain(text string) styledText { return styledText{text, s.env.styles.Plain} }

func (s *tokenScreen) signatureText(tok checkedToken) styledText {
	st := s.env.styles
	switch v := tok.signature; {
	case v == nil:
		return styledText{"not checked: " + s.result.keysErr.Error(), st.Warning}
	case v.Verified:
		return styledText{fmt.Sprintf("verified with the realm's key %s (%s)", v.KeyID, v.Alg), st.Success}
	default:
		return styledText{"not verified: " + v.Reason, st.Error}
	}
}

// expiryText returns the time to expiry by the console's clock, or how
// long ago an expired token expired.
func (s *tokenScreen) expiryText(checked checkedToken) styledText {
	st := s.env.styles
	tok := checked.token
	now := s.env.now()
	text := tok.ExpiryText(now)
	left, ok := tok.ExpiresIn(now)
	if !ok {
		return s.plain(text)
	}
	text += ", at " + formatTime(tok.Claims.ExpiresAt)
	switch {
	case left <= 0:
		return styledText{text, st.Error}
	case left < expiryWarning:
		return styledText{text, st.Warning}
	}
	return styledText{text, st.Success}
}

// diagnosisLines returns, for each Camunda API, whether it would accept the
// access token at the console's current time, and the fixes of each
// rejection. The APIs never receive the ID token, so it has none.
func (s *tokenScreen) diagnosisLines() []string {
	st := s.env.styles
	r := s.result
	width := s.textWidth()
	if s.showingID() {
		return hanging("  ", "The Camunda APIs take the access token, never the ID token, so only the access token has a diagnosis. tab shows it.", width, st.Muted)
	}
	holder := tokencheck.HolderApplication
	if s.user {
		holder = tokencheck.HolderUser
	}
	diagnoses := tokencheck.Diagnose(r.access.token, tokencheck.Expectations{Issuer: r.test.Issuer, Signature: r.access.signature, Now: s.env.now(), Holder: holder})

	var lines []string
	grantHelps := false
	for _, d := range diagnoses {
		mark := st.Success.Render("√ ")
		if !d.Accepted {
			mark = st.Error.Render("× ")
		}
		lines = append(lines, hanging("  "+mark, d.Summary, width, st.Plain)...)
		for _, fix := range d.Fixes() {
			lines = append(lines, hanging("    "+st.Label.Render("Fix: "), fix, width, st.Plain)...)
		}
		grantHelps = grantHelps || slices.ContainsFunc(d.Checks, failedGrant)
	}
	if grantHelps && !s.user && !s.env.opts.ReadOnly {
		lines = append(lines, "  "+st.Muted.Render("In the application's details, + grants a permission."))
	}
	return lines
}

// failedGrant reports whether the check failed for want of an API role.
func failedGrant(c tokencheck.Check) bool {
	return c.Result == tokencheck.ResultFailed && (c.Name == tokencheck.CheckAudience || c.Name == tokencheck.CheckPermission)
}

func (s *tokenScreen) claimLines(checked checkedToken) []string {
	st := s.env.styles
	tok := checked.token
	c := tok.Claims
	absent := styledText{"absent", st.Muted}
	orAbsent := func(v string) styledText {
		if v == "" {
			return absent
		}
		return s.plain(v)
	}
	timeOrAbsent := func(t time.Time) styledText {
		if t.IsZero() {
			return absent
		}
		return s.plain(formatTime(t))
	}

	var lines []string
	add := func(label string, value styledText) { lines = append(lines, s.field(label, value)...) }
	add("alg", s.plain(tok.Header.Alg))
	add("kid", orAbsent(tok.Header.Kid))
	add("iss", orAbsent(c.Issuer))
	add("sub", orAbsent(c.Subject))
	if s.user {
		add("user", orAbsent(tok.Claims.Username()))
	}
	add("azp", orAbsent(c.AuthorizedParty))
	add("aud", orAbsent(strings.Join(c.Audience, ", ")))
	add("scope", orAbsent(c.Scope))
	perms := roleLines(c.Permissions)
	if len(perms) == 0 {
		add("permissions", styledText{"none", st.Muted})
	}
	for i, line := range perms {
		label := ""
		if i == 0 {
			label = "permissions"
		}
		add(label, s.plain(line))
	}
	add("iat", timeOrAbsent(c.IssuedAt))
	add("exp", timeOrAbsent(c.ExpiresAt))
	return lines
}

// copyLines returns what the copy keys copy, masked: the token, its header
// and the curl command of the request. A user's sign-in has no request to
// repeat, and its ID token shows instead.
func (s *tokenScreen) copyLines() []string {
	st := s.env.styles
	r := s.result
	lines := s.field("Access token", styledText{maskedToken(r.test.Response.AccessToken), st.Secret})
	if s.user {
		if r.idToken != nil {
			lines = append(lines, s.field("ID token", styledText{maskedToken(r.idToken.raw), st.Secret})...)
		}
		lines = append(lines, s.field("Header", styledText{r.test.Header().Masked(), st.Secret})...)
		return append(lines, hanging("", "c copies the token shown, and a the Authorization header with the access token, in full.", s.textWidth(), st.Muted)...)
	}
	lines = append(lines, s.field("Header", styledText{r.test.Header().Masked(), st.Secret})...)
	lines = append(lines, s.curlLines("curl")...)
	return append(lines, st.Muted.Render("c, a and u copy them with the token and the secret in full."))
}

// explanation renders a headline, the problem and what to change.
func (s *tokenScreen) explanation(headline, problem, fix string) []string {
	st := s.env.styles
	width := s.textWidth()
	lines := append([]string{"", headline, ""}, hanging("", problem, width, st.Plain)...)
	if fix != "" {
		lines = append(lines, "", st.Heading.Render("What to change"))
		lines = append(lines, hanging("", fix, width, st.Plain)...)
	}
	return lines
}

// curlLines returns the masked curl command under a label.
func (s *tokenScreen) curlLines(label string) []string {
	var lines []string
	for i, line := range strings.Split(s.result.test.Curl().Masked(), "\n") {
		if i > 0 {
			label = ""
		}
		lines = append(lines, s.field(label, s.plain(line))...)
	}
	return lines
}

// failureLines explain a failed fetch in plain words, with what to change,
// from the *keycloak.Error that FetchTestToken returns.
func (s *tokenScreen) failureLines() []string {
	st := s.env.styles
	width := s.textWidth()
	cause, problem, fix := explainFetchError(s.result.err)

	headline := strings.Join(hanging("", "No token for "+s.app.ClientID+": "+cause, width, st.Error), "\n")
	lines := s.explanation(headline, problem, fix)
	if s.result.test.TokenURL != "" {
		lines = append(lines, "", st.Muted.Render("The request that failed, which u copies:"))
		for _, line := range strings.Split(s.result.test.Curl().Masked(), "\n") {
			lines = append(lines, hanging("  ", line, width, st.Plain)...)
		}
	}
	if s.loading {
		return append(lines, "", st.Muted.Render("Fetching again…"))
	}
	return append(lines, "", st.Muted.Render("r fetches again."))
}

// explainFetchError returns the cause of a failed fetch in a few words,
// the problem and the fix, as sentences.
func explainFetchError(err error) (cause, problem, fix string) {
	var e *keycloak.Error
	if !errors.As(err, &e) {
		return "the request failed", sentence(err.Error()), ""
	}
	cause = failureCauses[e.Failure]
	problem = e.Detail
	if cause == "" {
		// Not a refusal of the token endpoint, such as a failed read of the
		// secret: the whole error says what failed, less its hint.
		cause = "the request failed"
		problem = strings.TrimSuffix(e.Error(), ". "+e.Hint)
	}
	return cause, sentence(problem), sentence(e.Hint)
}

// sentence starts text with a capital letter and ends it with a full stop.
func sentence(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	first, size := utf8.DecodeRuneInString(text)
	text = string(unicode.ToUpper(first)) + text[size:]
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}

// maskedToken shows the start of a JWT's header and payload, which every
// decoder shows anyway, and masks its signature, which makes it a
// credential.
func maskedToken(raw model.Secret) string {
	parts := strings.Split(raw.Reveal(), ".")
	if len(parts) != 3 {
		return raw.String()
	}
	abbreviate := func(part string) string {
		if len(part) > 12 {
			return part[:12] + "…"
		}
		return part
	}
	return abbreviate(parts[0]) + "." + abbreviate(parts[1]) + "." + raw.String()
}

// hanging wraps text to width after prefix, and indents the lines after
// the first to line up under the first. style renders each wrapped line.
// text is plain, often from Keycloak, so its control characters are
// neutralised; prefix may be styled.
func hanging(prefix, text string, width int, style lipgloss.Style) []string {
	indent := ansi.StringWidth(prefix)
	wrapped := strings.Split(ansi.Wrap(printable(text), max(10, width-indent), " "), "\n")
	lines := make([]string, len(wrapped))
	for i, line := range wrapped {
		lead := prefix
		if i > 0 {
			lead = strings.Repeat(" ", indent)
		}
		lines[i] = lead + style.Render(line)
	}
	return lines
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
