package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// globalKeys work on every screen, after the screen's own keys.
type globalKeys struct {
	Quit      key.Binding
	Interrupt key.Binding // quits even while a screen takes typed text
	Back      key.Binding
	Help      key.Binding
	// SwitchContext opens the context picker. It is off without a Contexts
	// provider.
	SwitchContext key.Binding
}

func newGlobalKeys(canSwitch bool) globalKeys {
	g := globalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		// Switching changes nothing in Keycloak, so read-only mode keeps it.
		SwitchContext: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "switch context for this run (idtui context use changes the default)")),
	}
	g.SwitchContext.SetEnabled(canSwitch)
	return g
}

// actionKeys are the keys that act on one application, shared by the list
// and the details screen so that both read the same.
type actionKeys struct {
	Token      key.Binding
	CopySecret key.Binding
	CopyEnv    key.Binding
	Rotate     key.Binding
	Toggle     key.Binding
	Delete     key.Binding
}

func newActionKeys(readOnly bool) actionKeys {
	return actionKeys{
		// Fetching a token changes nothing in Keycloak, so read-only mode keeps it.
		Token:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "test token")),
		CopySecret: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy secret")),
		CopyEnv:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "copy .env block")),
		Rotate:     mutating(readOnly, key.WithKeys("R"), key.WithHelp("R", "rotate secret")),
		Toggle:     mutating(readOnly, key.WithKeys("x"), key.WithHelp("x", "enable/disable")),
		Delete:     mutating(readOnly, key.WithKeys("D"), key.WithHelp("D", "delete")),
	}
}

// mutating builds the binding of an action that changes Keycloak. In
// read-only mode the binding is disabled, so it matches no key and help
// leaves it out.
func mutating(readOnly bool, opts ...key.BindingOpt) key.Binding {
	b := key.NewBinding(opts...)
	b.SetEnabled(!readOnly)
	return b
}

// readOnlyNote returns a footer note when msg is the key of one of the
// bindings that read-only mode turned off, and nil otherwise. The keys stay
// out of the footer and help, but pressing one shows why it does nothing.
func (e *env) readOnlyNote(msg tea.KeyPressMsg, bindings ...key.Binding) tea.Cmd {
	if !e.opts.ReadOnly {
		return nil
	}
	for _, b := range bindings {
		if !b.Enabled() && slices.Contains(b.Keys(), msg.String()) {
			h := b.Help()
			return notifyInfo(readOnlySource(e.opts.ContextName) + " is read-only, so " + h.Key + " (" + h.Desc + ") is off: it would change Keycloak")
		}
	}
	return nil
}

// readOnlySource names what made the console read-only, for a sentence.
func readOnlySource(contextName string) string {
	if contextName == "" {
		return "This run"
	}
	return "The context " + contextName
}

// enabled returns the bindings that are enabled, for help views.
func enabled(bindings ...key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bindings))
	for _, b := range bindings {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
