package ui

import (
	"strings"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model/tokencheck"
)

func (s *signInScreen) View() string { return strings.Join(s.lines(), "\n") }

func (s *signInScreen) lines() []string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := append([]string{""}, hanging("", s.intro, width, st.Plain)...)
	lines = append(lines, "")
	switch {
	case s.err != nil:
		return append(lines, s.failureLines(width)...)
	case s.prompt == nil:
		return append(lines, st.Muted.Render("Starting the sign-in…"))
	case s.prompt.Method == keycloak.SignInDevice:
		return append(lines, s.deviceLines(width)...)
	}
	return append(lines, s.browserLines(width)...)
}

func (s *signInScreen) browserLines(width int) []string {
	st := s.env.styles
	p := s.prompt
	var lines []string
	switch {
	case s.opening:
		lines = hanging("", "Opening Keycloak's login page in the browser…", width, st.Plain)
	case s.notOpened == "":
		lines = hanging("", "Opened Keycloak's login page in the browser. If it did not open, open this URL:", width, st.Plain)
	default:
		lines = hanging("", "idtui opened no browser, because "+s.notOpened+". Open this URL in a browser on this machine:", width, st.Plain)
	}
	lines = append(append(lines, ""), breakURL(p.URL, width)...)

	if port := p.RedirectPort(); port != "" && s.notOpened != "" {
		hint := "Keycloak sends the browser back to 127.0.0.1:" + port + " on this machine. From another machine, forward that port first (ssh -L " +
			port + ":127.0.0.1:" + port + " ...)."
		lines = append(append(lines, ""), hanging("", hint, width, st.Muted)...)
	}
	return append(append(lines, ""), hanging("", s.waitingText()+" c copies the URL.", width, st.Muted)...)
}

func (s *signInScreen) deviceLines(width int) []string {
	st := s.env.styles
	p := s.prompt
	lines := hanging("", "Open this URL on any device and enter the code:", width, st.Plain)
	lines = append(append(lines, ""), breakURL(p.URL, width)...)
	lines = append(lines, "", st.Label.Render("Code  ")+st.Heading.Render(printable(p.UserCode)))
	if p.CompleteURL != "" {
		lines = append(append(lines, ""), hanging("", "Or open "+p.CompleteURL+", which has the code filled in.", width, st.Muted)...)
	}
	return append(append(lines, ""), hanging("", s.waitingText(), width, st.Muted)...)
}

// waitingText returns how long the flow waits for the person, by the
// console's clock.
func (s *signInScreen) waitingText() string {
	if s.prompt.Expires.IsZero() {
		return "Waiting for the sign-in…"
	}
	left := max(0, s.prompt.Expires.Sub(s.env.now()))
	if s.prompt.Method == keycloak.SignInDevice {
		return "Waiting for the sign-in. The code expires in " + tokencheck.FormatDuration(left) + "."
	}
	return "Waiting for the sign-in, for up to " + tokencheck.FormatDuration(left) + " more."
}

// failureLines explain a failed sign-in, with the fix.
func (s *signInScreen) failureLines(width int) []string {
	st := s.env.styles
	_, problem, fix := explainFetchError(s.err)
	lines := hanging("", "The sign-in failed.", width, st.Error)
	lines = append(append(lines, ""), hanging("", problem, width, st.Plain)...)
	if fix != "" {
		lines = append(append(lines, ""), hanging("", fix, width, st.Plain)...)
	}
	next := "r tries again; esc cancels."
	if s.again != nil {
		next = "r starts over; esc goes back."
	}
	return append(lines, "", st.Muted.Render(next))
}

// breakURL cuts a URL into lines of width, because it has no spaces to
// wrap at. The lines start at the left edge, so that a test or a person
// can join them.
func breakURL(url string, width int) []string {
	url = printable(url)
	var lines []string
	for len(url) > width {
		lines = append(lines, url[:width])
		url = url[width:]
	}
	return append(lines, url)
}
