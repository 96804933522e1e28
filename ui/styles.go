package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// defaultAccent is the status bar's colour when the context sets none.
const defaultAccent = "#5A56E0"

// Styles are the console's styles, by meaning. Screens use these and never
// name a colour themselves.
type Styles struct {
	Plain    lipgloss.Style // text without emphasis
	Title    lipgloss.Style // screen title and breadcrumb
	Heading  lipgloss.Style // a section or column heading
	Muted    lipgloss.Style // secondary text: hints, empty values
	Selected lipgloss.Style // the row under the cursor
	Disabled lipgloss.Style // a disabled application's row
	Secret   lipgloss.Style // a masked or revealed secret
	Success  lipgloss.Style
	Warning  lipgloss.Style // the consequences of an action, in confirmations
	Error    lipgloss.Style
	Info     lipgloss.Style

	Label        lipgloss.Style // a form field's name
	FocusedLabel lipgloss.Style // the name of the field being edited
	Invalid      lipgloss.Style // a field's validation message

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style

	StatusBar lipgloss.Style // the context line, in the context's accent colour
	ReadOnly  lipgloss.Style // the READONLY badge in the status bar
}

// NewStyles builds the styles once. With noColor set they use bold,
// underline and reverse video only, so NO_COLOR terminals still show the
// selection and the errors.
func NewStyles(accent string, noColor bool) Styles {
	if noColor {
		plain := lipgloss.NewStyle()
		return Styles{
			Plain:        plain,
			Title:        plain.Bold(true),
			Heading:      plain.Bold(true),
			Muted:        plain,
			Selected:     plain.Reverse(true),
			Disabled:     plain,
			Secret:       plain.Bold(true),
			Success:      plain.Bold(true),
			Warning:      plain.Bold(true),
			Error:        plain.Bold(true),
			Info:         plain,
			Label:        plain,
			FocusedLabel: plain.Bold(true).Underline(true),
			Invalid:      plain.Bold(true),
			HelpKey:      plain.Bold(true),
			HelpDesc:     plain,
			StatusBar:    plain.Reverse(true),
			ReadOnly:     plain.Reverse(true).Bold(true),
		}
	}

	if accent == "" {
		accent = defaultAccent
	}
	accentColor := lipgloss.Color(accent)
	muted := lipgloss.Color("245")
	red := lipgloss.Color("#E05656")
	base := lipgloss.NewStyle()
	return Styles{
		Plain:        base,
		Title:        base.Bold(true).Foreground(accentColor),
		Heading:      base.Bold(true),
		Muted:        base.Foreground(muted),
		Selected:     base.Reverse(true),
		Disabled:     base.Foreground(muted),
		Secret:       base.Foreground(lipgloss.Color("#D7AF00")),
		Success:      base.Foreground(lipgloss.Color("#5FAF5F")),
		Warning:      base.Bold(true).Foreground(lipgloss.Color("#D78700")),
		Error:        base.Bold(true).Foreground(red),
		Info:         base.Foreground(lipgloss.Color("#5FAF5F")),
		Label:        base.Foreground(muted),
		FocusedLabel: base.Bold(true).Foreground(accentColor),
		Invalid:      base.Foreground(red),
		HelpKey:      base.Bold(true),
		HelpDesc:     base.Foreground(muted),
		StatusBar:    base.Foreground(textOn(accentColor)).Background(accentColor),
		ReadOnly:     base.Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(red),
	}
}

// textOn returns black or white, whichever reads better on background.
func textOn(background color.Color) color.Color {
	r, g, b, _ := background.RGBA()
	// Relative luminance with the Rec. 601 weights, on 16-bit channels.
	if 299*r+587*g+114*b > 1000*0x8000 {
		return lipgloss.Color("#000000")
	}
	return lipgloss.Color("#FFFFFF")
}
