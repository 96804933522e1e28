package ui

import "charm.land/bubbles/v2/textinput"

// newTextInput returns a text input with a cursor that does not blink, as
// every form and filter of the console has.
func newTextInput(prompt, placeholder string) textinput.Model {
	input := textinput.New()
	input.Prompt = prompt
	input.Placeholder = placeholder
	styles := textinput.DefaultDarkStyles()
	styles.Cursor.Blink = false
	input.SetStyles(styles)
	return input
}
