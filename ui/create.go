package ui

import (
	"errors"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// The form's fields, in tab order.
type createField int

const (
	fieldName createField = iota
	fieldClientID
	fieldType
	fieldRedirectURIs
	fieldDescription
	fieldCount
)

var createFieldLabels = [fieldCount]string{"Name", "Client id", "Type", "Redirect URIs", "Description"}

var typeDescriptions = map[model.AppType]string{
	model.TypeM2M:          "A service that fetches tokens with the client-credentials grant. It gets a secret.",
	model.TypeConfidential: "A server-side web application whose users log in through Keycloak. It gets a secret.",
	model.TypePublic:       "A browser or mobile application whose users log in through Keycloak, with PKCE and no secret.",
}

type createKeys struct {
	Next, Prev     key.Binding
	Enter          key.Binding // the next field, or submit on the last one
	TypeLeft       key.Binding
	TypeRight      key.Binding
	Submit, Cancel key.Binding
}

func newCreateKeys() createKeys {
	return createKeys{
		Next:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next field; create on the last")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		TypeLeft:  key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "change type")),
		TypeRight: key.NewBinding(key.WithKeys("right", "l", "space"), key.WithHelp("→", "next type")),
		Submit:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "create")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// createScreen is the form of a new application. The client id follows the
// name until the operator edits it. Fields are checked as they are typed,
// and a rejected submit keeps everything typed.
type createScreen struct {
	env    *env
	keys   createKeys
	inputs [fieldCount]textinput.Model // fieldType has none
	typ    int                         // index into model.CreatableTypes
	focus  createField

	clientIDEdited bool
	// errs are the field errors to show; submitted shows them for empty
	// fields too.
	errs      [fieldCount]string
	submitted bool
	// submitErr is Keycloak's rejection of the last submit.
	submitErr error

	id   requestID
	busy bool

	width, height int
}

func newCreateScreen(e *env) *createScreen {
	s := &createScreen{env: e, keys: newCreateKeys()}
	placeholders := [fieldCount]string{
		fieldName:         "e.g. Billing service",
		fieldClientID:     "e.g. billing-service",
		fieldRedirectURIs: "e.g. https://app.example.com/*, separated by commas",
		fieldDescription:  "optional",
	}
	for i := range s.inputs {
		s.inputs[i] = e.newTextInput("", placeholders[i])
	}
	// The inputs have no character limit, because a limit would cut a
	// long paste silently. validate reports the limit instead.
	return s
}

func (s *createScreen) Init() tea.Cmd   { return s.inputs[fieldName].Focus() }
func (s *createScreen) Title() string   { return "New application" }
func (s *createScreen) Capturing() bool { return true }

func (s *createScreen) awaited() requestID {
	if s.busy {
		return s.id
	}
	return 0
}

func (s *createScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	for i := range s.inputs {
		s.inputs[i].SetWidth(max(10, width-labelWidth-2))
	}
}

// ShortHelp offers no key while the creation is on its way, because the
// form takes no key then.
func (s *createScreen) ShortHelp() []key.Binding {
	if s.busy {
		return nil
	}
	return []key.Binding{s.keys.Submit, s.keys.Next, s.keys.TypeLeft, s.keys.Cancel}
}

func (s *createScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Enter, k.TypeLeft}, {k.Submit, k.Cancel, s.env.global.Interrupt}}
}

func (s *createScreen) appType() model.AppType { return model.CreatableTypes[s.typ] }

// needsRedirectURIs reports whether the type has a login page, which needs
// redirect URIs.
func (s *createScreen) needsRedirectURIs() bool { return s.appType() != model.TypeM2M }

func (s *createScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		return s.handleKey(msg)
	case tea.PasteMsg:
		return s.updateInput(msg)
	case createdMsg:
		if msg.id != s.id {
			return nil
		}
		s.busy = false
		if msg.err != nil {
			s.rejected(msg.err)
			return nil
		}
		return s.env.replaceScreen(s, newSecretScreen(s.env, msg.app, msg.secret, secretCreated))
	}
	return nil
}

func (s *createScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return s.env.pop()
	case key.Matches(msg, k.Submit):
		return s.submit()
	case key.Matches(msg, k.Enter) && s.focus == fieldDescription:
		return s.submit()
	case key.Matches(msg, k.Next, k.Enter):
		return s.moveFocus(1)
	case key.Matches(msg, k.Prev):
		return s.moveFocus(-1)
	case s.focus == fieldType && key.Matches(msg, k.TypeLeft):
		s.typ = (s.typ + len(model.CreatableTypes) - 1) % len(model.CreatableTypes)
		s.validate()
		return nil
	case s.focus == fieldType && key.Matches(msg, k.TypeRight):
		s.typ = (s.typ + 1) % len(model.CreatableTypes)
		s.validate()
		return nil
	case s.focus == fieldType:
		return nil
	}
	return s.updateInput(msg)
}

// updateInput passes a key or a paste to the focused input, and keeps the
// proposed client id and the field errors up to date.
func (s *createScreen) updateInput(msg tea.Msg) tea.Cmd {
	if s.focus == fieldType {
		return nil
	}
	before := s.inputs[s.focus].Value()
	var cmd tea.Cmd
	s.inputs[s.focus], cmd = s.inputs[s.focus].Update(msg)
	after := s.inputs[s.focus].Value()
	if before == after {
		return cmd
	}

	switch s.focus {
	case fieldClientID:
		// Emptying the client id hands it back to the proposal.
		s.clientIDEdited = after != ""
	case fieldName:
		if !s.clientIDEdited {
			s.inputs[fieldClientID].SetValue(model.ProposeClientID(after))
		}
	}
	s.submitErr = nil
	s.validate()
	return cmd
}

func (s *createScreen) moveFocus(delta int) tea.Cmd {
	s.inputs[s.focus].Blur()
	next := s.focus
	for {
		next = (next + createField(delta) + fieldCount) % fieldCount
		if next != fieldRedirectURIs || s.needsRedirectURIs() {
			break
		}
	}
	s.focus = next
	if next == fieldType {
		return nil
	}
	s.inputs[next].CursorEnd()
	return s.inputs[next].Focus()
}

// newApplication returns what the form holds.
func (s *createScreen) newApplication() model.NewApplication {
	n := model.NewApplication{
		Name:        strings.TrimSpace(s.inputs[fieldName].Value()),
		ClientID:    strings.TrimSpace(s.inputs[fieldClientID].Value()),
		Type:        s.appType(),
		Description: strings.TrimSpace(s.inputs[fieldDescription].Value()),
	}
	if s.needsRedirectURIs() {
		n.RedirectURIs = splitURIs(s.inputs[fieldRedirectURIs].Value())
	}
	return n
}

// splitURIs reads redirect URIs separated by commas or spaces.
func splitURIs(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// validate sets the field errors. Before the first submit, it leaves empty
// fields alone, so a form the operator has not filled yet is not all red.
func (s *createScreen) validate() {
	s.errs = [fieldCount]string{}
	for _, fe := range model.FieldErrors(s.newApplication().Validate()) {
		field := fieldOf(fe)
		if !s.submitted && fe.Value == "" {
			continue
		}
		if s.errs[field] == "" {
			// A value too long for its field would fill the form, so the
			// error quotes its start and end.
			quoted := *fe
			quoted.Value = cutMiddle(fe.Value, maxQuotedValueWidth)
			s.errs[field] = quoted.Error()
		}
	}
}

// maxQuotedValueWidth bounds the value that a field error quotes.
const maxQuotedValueWidth = 60

func fieldOf(fe *model.FieldError) createField {
	switch fe.Field {
	case "name":
		return fieldName
	case "client id":
		return fieldClientID
	case "redirect URI":
		return fieldRedirectURIs
	case "description":
		return fieldDescription
	}
	return fieldType
}

func (s *createScreen) submit() tea.Cmd {
	s.submitted = true
	s.submitErr = nil
	s.validate()
	for f := range fieldCount {
		if s.errs[f] != "" {
			s.inputs[s.focus].Blur()
			s.focus = f
			cmds := []tea.Cmd{notifyError(errors.New("the form has invalid fields; fix the marked ones and press ctrl+s again"))}
			if f != fieldType {
				cmds = append(cmds, s.inputs[f].Focus())
			}
			return tea.Batch(cmds...)
		}
	}
	s.busy = true
	var cmd tea.Cmd
	s.id, cmd = s.env.create(s.newApplication())
	return cmd
}

// rejected keeps the form as typed and points at what to fix.
func (s *createScreen) rejected(err error) {
	s.submitErr = err
	if errors.Is(err, keycloak.ErrConflict) {
		s.errs[fieldClientID] = "another client of the realm has this client id; choose another"
		s.inputs[s.focus].Blur()
		s.focus = fieldClientID
		s.inputs[fieldClientID].Focus()
	}
}

// labelWidth is the width of the form's and the details' labels.
const labelWidth = 17

func (s *createScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := []string{""}
	for f := range fieldCount {
		if f == fieldRedirectURIs && !s.needsRedirectURIs() {
			continue
		}
		label := st.Label.Render(cell(createFieldLabels[f], labelWidth))
		if f == s.focus {
			label = st.FocusedLabel.Render(cell(createFieldLabels[f], labelWidth))
		}
		lines = append(lines, label+s.fieldView(f))
		if f == fieldClientID && !s.clientIDEdited && s.inputs[fieldClientID].Value() != "" {
			lines = append(lines, cell("", labelWidth)+st.Muted.Render("proposed from the name; type to change it"))
		}
		if f == fieldType {
			lines = append(lines, cell("", labelWidth)+st.Muted.Render(typeDescriptions[s.appType()]))
		}
		if s.errs[f] != "" {
			for _, line := range strings.Split(ansi.Wrap(printable(s.errs[f]), max(10, width-labelWidth), " "), "\n") {
				lines = append(lines, cell("", labelWidth)+st.Invalid.Render(line))
			}
		}
	}

	lines = append(lines, "")
	switch {
	case s.busy:
		lines = append(lines, st.Muted.Render("Creating…"))
	case s.submitErr != nil && !errors.Is(s.submitErr, keycloak.ErrConflict):
		text := "Keycloak rejected the application: " + s.submitErr.Error() + ". Everything typed is kept; fix it and press ctrl+s again."
		lines = append(lines, st.Error.Render(ansi.Wrap(printable(text), width, " ")))
	default:
		lines = append(lines, st.Muted.Render("ctrl+s creates the application; esc cancels."))
	}
	return strings.Join(lines, "\n")
}

func (s *createScreen) fieldView(f createField) string {
	if f != fieldType {
		return s.inputs[f].View()
	}
	st := s.env.styles
	parts := make([]string, len(model.CreatableTypes))
	for i, t := range model.CreatableTypes {
		if i == s.typ {
			parts[i] = st.Selected.Render(" " + t.String() + " ")
		} else {
			parts[i] = " " + t.String() + " "
		}
	}
	hint := ""
	if s.focus == fieldType {
		hint = st.Muted.Render("  ←/→ to change")
	}
	return strings.Join(parts, " ") + hint
}
