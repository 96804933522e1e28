package ui

import "charm.land/bubbles/v2/textinput"

// newTextInput returns a text input with a cursor that does not blink, as
// every form and filter of the console has. The placeholder is a hint,
// such as "e.g. billing-service", in the muted style. Without colour the
// muted style is plain, so the hint goes in brackets, where it cannot pass
// for typed text.
func (e *env) newTextInput(prompt, placeholder string) textinput.Model {
	input := textinput.New()
	input.Prompt = prompt
	if placeholder != "" && e.opts.NoColor {
		placeholder = "[" + placeholder + "]"
	}
	input.Placeholder = placeholder

	st := e.styles
	styles := textinput.DefaultDarkStyles()
	styles.Cursor.Blink = false
	for _, state := range []*textinput.StyleState{&styles.Focused, &styles.Blurred} {
		state.Placeholder = st.Muted
		state.Text = st.Plain
		state.Prompt = st.Plain
	}
	input.SetStyles(styles)
	return input
}
