package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

func (s *detailsScreen) View() string {
	lines := s.lines()
	offset := max(0, min(s.offset, len(lines)-s.height))
	return strings.Join(lines[offset:], "\n")
}

func (s *detailsScreen) lines() []string {
	st := s.env.styles
	app := s.app
	loading := styledText{"loading…", st.Muted}

	var lines []string
	add := func(label string, value styledText) {
		lines = append(lines, hanging(st.Label.Render(cell(label, labelWidth)), value.text, s.textWidth(), value.style)...)
	}
	plain := func(text string) styledText { return styledText{text, st.Plain} }
	add("Client id", plain(app.ClientID))
	add("Name", plain(s.nameText()))
	add("Description", plain(app.Description))
	add("Internal id", plain(app.ID))
	add("Type", plain(app.Type.String()))
	add("Enabled", plain(yesNo(app.Enabled)))
	if app.HasSecret() {
		lines = append(lines, s.secretLines()...)
		add("Secret age", plain(s.secretAgeText()))
	}
	add("Root URL", plain(app.RootURL))
	add("Redirect URIs", plain(orNone(app.RedirectURIs, ", ")))
	add("Web origins", plain(orNone(app.WebOrigins, ", ")))
	add("Flows", plain(orNone(flowNames(app.Flows), ", ")))
	switch {
	case !app.Flows.ServiceAccount:
		add("Service account", styledText{"none (the client-credentials grant is off)", st.Muted})
	case s.saErr != nil:
		add("Service account", styledText{s.serviceAccountProblem(), st.Error})
	case !s.loadedSA:
		add("Service account", loading)
	default:
		add("Service account", plain(s.saUser))
	}
	if app.Flows.ServiceAccount {
		for i, line := range s.apiAccessLines() {
			label := ""
			if i == 0 {
				label = "API access"
			}
			add(label, line)
		}
	}
	return lines
}

func (s *detailsScreen) textWidth() int { return max(20, s.width-2) }

// secretLines returns the Secret row. The masked secret has its hint in
// another style, so it does not go through hanging, which takes plain text.
func (s *detailsScreen) secretLines() []string {
	st := s.env.styles
	label := st.Label.Render(cell("Secret", labelWidth))
	switch {
	case s.secretErr != nil:
		return hanging(label, "not read: "+s.secretErr.Error()+". ctrl+r reads it again.", s.textWidth(), st.Error)
	case !s.loadedSecret:
		return []string{label + st.Muted.Render("loading…")}
	case s.revealed:
		return hanging(label, s.secret.Reveal(), s.textWidth(), st.Secret)
	}
	return []string{label + st.Secret.Render(s.secret.String()) + st.Muted.Render("  v reveals, c copies")}
}

// nameText returns the Name row, which names the message key of a
// built-in client.
func (s *detailsScreen) nameText() string {
	if displayName(s.app) == builtInName {
		return builtInName + ", named with the message key " + s.app.Name + " that Keycloak's admin console translates"
	}
	return s.app.Name
}

func (s *detailsScreen) secretAgeText() string {
	age, ok := s.app.SecretAge(s.env.now())
	if !ok {
		return "unknown: Keycloak did not record when this secret was made"
	}
	return fmt.Sprintf("%s (since %s)", formatAge(age), s.app.SecretCreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
}

func flowNames(f model.Flows) []string {
	var names []string
	if f.Standard {
		names = append(names, "login page (authorization code)")
	}
	if f.ServiceAccount {
		names = append(names, "service account (client credentials)")
	}
	if f.Device {
		names = append(names, "device authorization")
	}
	if f.DirectAccess {
		names = append(names, "direct access (password)")
	}
	if f.Implicit {
		names = append(names, "implicit")
	}
	return names
}

// apiAccessLines returns the application's permissions, one API a line,
// and the keys that change them.
func (s *detailsScreen) apiAccessLines() []styledText {
	st := s.env.styles
	switch {
	case s.saErr != nil:
		return []styledText{{"unknown, because the service account was not read", st.Muted}}
	case !s.loadedSA:
		return []styledText{{"loading…", st.Muted}}
	}
	var lines []styledText
	for _, line := range roleLines(rolesByAPI(s.perms)) {
		lines = append(lines, styledText{line, st.Plain})
	}
	if len(lines) == 0 {
		lines = []styledText{{"none", st.Plain}}
	}
	if s.keys.Grant.Enabled() {
		hint := "+ grants a permission"
		if len(s.perms) > 0 {
			hint += ", - removes one"
		}
		lines = append(lines, styledText{hint, st.Muted})
	}
	return lines
}

// serviceAccountProblem explains a failed read of the service account, and
// for a refusal names the role that is missing.
func (s *detailsScreen) serviceAccountProblem() string {
	if errors.Is(s.saErr, keycloak.ErrForbidden) {
		return "not read: Keycloak refused it (HTTP 403 Forbidden). Reading a service account's roles needs the realm-management role view-users, which " +
			s.env.backend.Identity() + " lacks. Grant it in Keycloak, then press ctrl+r."
	}
	return "not read: " + s.saErr.Error() + ". ctrl+r reads it again."
}

// errPermissionsUnread is the error of + and - after the service account
// could not be read.
func (s *detailsScreen) errPermissionsUnread() error {
	if errors.Is(s.saErr, keycloak.ErrForbidden) {
		return fmt.Errorf("the permissions of %s could not be read, because %s lacks the realm-management role view-users; changing them needs manage-users too", s.app.ClientID, s.env.backend.Identity())
	}
	return fmt.Errorf("the permissions of %s could not be read; press ctrl+r to read them again, then + or -", s.app.ClientID)
}
