package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

type pickerKeys struct {
	Up, Down key.Binding
	Choose   key.Binding
	Cancel   key.Binding
}

// permissionChoice is one role of one API that the picker offers.
type permissionChoice struct {
	perm    model.Permission
	apiName string
	search  string // lower-cased text that the filter matches
}

// permissionPicker chooses a permission to grant to an application, from
// the realm's APIs, or one of its permissions to remove. Typing filters the
// choices, so that "operate read" finds read:* on operate-api in a realm
// with many APIs. A grant starts at once, and a removal after a confirmation.
type permissionPicker struct {
	env   *env
	keys  pickerKeys
	app   model.Application
	grant bool // false: remove
	// granted are the application's permissions: the choices to remove,
	// or those the grant picker leaves out.
	granted []model.Permission

	filter  textinput.Model
	choices []permissionChoice
	visible []int // indices into choices
	cursor  int

	loadID  requestID
	loading bool
	loadErr error

	id   requestID // the grant in flight
	busy bool

	width, height int
}

// openGrant opens the picker of a permission to grant. The picker leaves
// out the permissions already granted.
func openGrant(e *env, app model.Application, granted []model.Permission) tea.Cmd {
	if err := errNoServiceAccount(app); err != nil {
		return notifyError(err)
	}
	return e.push(newPermissionPicker(e, app, true, granted))
}

// openRemove opens the picker of one of the granted permissions to remove.
func openRemove(e *env, app model.Application, granted []model.Permission, loaded bool) tea.Cmd {
	switch err := errNoServiceAccount(app); {
	case err != nil:
		return notifyError(err)
	case !loaded:
		return notifyError(errors.New("the permissions of " + app.ClientID + " are still loading; press - again once they show"))
	case len(granted) == 0:
		return notifyError(errors.New(app.ClientID + " holds no permission to remove"))
	}
	return e.push(newPermissionPicker(e, app, false, granted))
}

func errNoServiceAccount(app model.Application) error {
	if app.Flows.ServiceAccount {
		return nil
	}
	return fmt.Errorf("%s has no service account, and permissions are roles mapped to a service account; turn on Service account roles in its settings in Keycloak, or grant them to an M2M application", app.ClientID)
}

func newPermissionPicker(e *env, app model.Application, grant bool, granted []model.Permission) *permissionPicker {
	s := &permissionPicker{
		env: e, app: app, grant: grant, granted: granted,
		filter: e.newTextInput("> ", "API or role, e.g. operate read"),
		keys: pickerKeys{
			Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
			Down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
			Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "grant")),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
	if !grant {
		s.keys.Choose.SetHelp("enter", "remove")
		for _, p := range granted {
			s.choices = append(s.choices, newPermissionChoice(p, ""))
		}
		s.refilter()
	}
	return s
}

func newPermissionChoice(p model.Permission, apiName string) permissionChoice {
	return permissionChoice{perm: p, apiName: apiName, search: strings.ToLower(p.API + " " + p.Role + " " + apiName)}
}

func (s *permissionPicker) Init() tea.Cmd {
	cmds := []tea.Cmd{s.filter.Focus()}
	if s.grant {
		var cmd tea.Cmd
		s.loadID, cmd = s.env.listAPIs()
		s.loading = true
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (s *permissionPicker) Title() string {
	if s.grant {
		return "Grant permission"
	}
	return "Remove permission"
}

func (s *permissionPicker) SetSize(width, height int) {
	s.width, s.height = width, height
	s.filter.SetWidth(max(10, width-4))
}

func (s *permissionPicker) Capturing() bool { return true }

func (s *permissionPicker) awaited() requestID {
	if s.busy {
		return s.id
	}
	return 0
}

// ShortHelp offers no key while the change is on its way, because the
// picker takes no key then.
func (s *permissionPicker) ShortHelp() []key.Binding {
	if s.busy {
		return nil
	}
	return []key.Binding{s.keys.Choose, s.keys.Up, s.keys.Down, s.keys.Cancel}
}

func (s *permissionPicker) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Choose, s.keys.Up, s.keys.Down, s.keys.Cancel, s.env.global.Interrupt}}
}

func (s *permissionPicker) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		return s.handleKey(msg)
	case tea.PasteMsg:
		return s.updateFilter(msg)
	case apisMsg:
		if msg.id == s.loadID {
			s.loading, s.loadErr = false, msg.err
			s.setAPIs(msg.apis)
		}
	case permissionChangedMsg:
		if msg.id != s.id || s.id == 0 {
			return nil
		}
		s.busy = false
		if msg.err != nil {
			return nil // the footer shows the error, and the picker stays for a retry
		}
		return s.env.closeScreen(s)
	}
	return nil
}

// setAPIs offers every role of every API that the application does not hold.
func (s *permissionPicker) setAPIs(apis []model.API) {
	s.choices = nil
	for _, api := range apis {
		for _, role := range api.Roles {
			p := model.Permission{API: api.ClientID, Role: role}
			if !slices.Contains(s.granted, p) {
				s.choices = append(s.choices, newPermissionChoice(p, api.Name))
			}
		}
	}
	s.refilter()
}

func (s *permissionPicker) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Cancel):
		return s.env.pop()
	case key.Matches(msg, s.keys.Up):
		s.cursor = max(0, s.cursor-1)
		return nil
	case key.Matches(msg, s.keys.Down):
		s.cursor = max(0, min(s.cursor+1, len(s.visible)-1))
		return nil
	case key.Matches(msg, s.keys.Choose):
		return s.choose()
	}
	return s.updateFilter(msg)
}

func (s *permissionPicker) updateFilter(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	s.refilter()
	return cmd
}

// refilter keeps the choices that contain every word of the filter.
func (s *permissionPicker) refilter() {
	words := strings.Fields(strings.ToLower(s.filter.Value()))
	s.visible = s.visible[:0]
	for i, c := range s.choices {
		if containsAll(c.search, words) {
			s.visible = append(s.visible, i)
		}
	}
	s.cursor = max(0, min(s.cursor, len(s.visible)-1))
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

func (s *permissionPicker) choose() tea.Cmd {
	if len(s.visible) == 0 {
		return nil
	}
	p := s.choices[s.visible[s.cursor]].perm
	if !s.grant {
		return openRemoveConfirm(s.env, s.app, p, s.granted)
	}
	s.busy = true
	var cmd tea.Cmd
	s.id, cmd = s.env.changePermission(s.app.Ref(), p, true)
	return cmd
}

// openRemoveConfirm replaces the picker with the question whether to remove
// p, which says what stops working.
func openRemoveConfirm(e *env, app model.Application, p model.Permission, granted []model.Permission) tea.Cmd {
	lost := "this permission"
	if len(rolesByAPI(granted)[p.API]) == 1 {
		lost = fmt.Sprintf("this permission and, because it is the last role on %s, the %s audience", p.API, p.API)
	}
	s := &confirmScreen{
		env: e, keys: newConfirmKeys("remove"), app: app, title: "Remove permission",
		question: fmt.Sprintf("Remove %s on %s from %s?", p.Role, p.API, app.ClientID),
		warning:  fmt.Sprintf("Tokens that %s fetches from now on lack %s, so calls that need it are rejected. Tokens issued before keep it until they expire.", app.ClientID, lost),
	}
	s.start = func() (requestID, tea.Cmd) { return e.changePermission(app.Ref(), p, false) }
	s.finish = func(msg tea.Msg) tea.Cmd {
		done, ok := msg.(permissionChangedMsg)
		if !ok || done.id != s.id || done.err != nil {
			return nil
		}
		return e.closeScreen(s)
	}
	return e.replace(s)
}

func (s *permissionPicker) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := []string{""}
	if s.grant {
		lines = append(lines, hanging("", "Grant a permission to "+s.app.ClientID, width, st.Heading)...)
		intro := "A permission is a role of an API client, mapped to the application's service account. Tokens fetched after the grant carry the API in aud and the role in permissions."
		lines = append(lines, st.Muted.Render(ansi.Wrap(intro, width, " ")))
	} else {
		lines = append(lines, hanging("", "Remove a permission from "+s.app.ClientID, width, st.Heading)...)
	}
	lines = append(lines, "", s.filter.View(), "")

	// The rows share the height with the lines above and the status line.
	rows := max(1, s.height-len(lines)-1)
	first := max(0, min(s.cursor-rows+1, len(s.visible)-rows))
	apiWidth := 0
	for _, i := range s.visible {
		apiWidth = max(apiWidth, ansi.StringWidth(s.choices[i].perm.API))
	}
	for pos := first; pos < min(len(s.visible), first+rows); pos++ {
		c := s.choices[s.visible[pos]]
		line := "  " + cell(c.perm.API, apiWidth) + "  " + cell(c.perm.Role, 10) + "  " + printable(c.apiName)
		if pos == s.cursor {
			lines = append(lines, st.Selected.Render("›"+line[len(" "):]))
			continue
		}
		lines = append(lines, line)
	}
	if status := s.status(); status != "" {
		lines = append(lines, st.Muted.Render(ansi.Wrap(printable(status), width, " ")))
	}
	return strings.Join(lines, "\n")
}

// status says what the picker waits for, or why it offers nothing.
func (s *permissionPicker) status() string {
	switch {
	case s.busy:
		return "Granting…"
	case s.loading:
		return "Loading the realm's APIs…"
	case s.loadErr != nil:
		return "The realm's APIs could not be loaded. esc goes back."
	case len(s.choices) == 0:
		return s.app.ClientID + " holds every role of the realm's APIs."
	case len(s.visible) == 0:
		return "No permission matches the filter."
	}
	return ""
}
