package ui

import (
	"log/slog"
	"os"
	"time"
)

// DefaultClipboardClear is how long a copied secret stays in the clipboard.
const DefaultClipboardClear = 30 * time.Second

// Options configure the console.
type Options struct {
	// ContextName names the Keycloak the console works on, such as
	// "production", in the footer. Empty shows only the URL.
	ContextName string
	// Accent is the colour of the status bar, as "#rrggbb" or an ANSI
	// colour number, so that each context can look different. Empty uses
	// the default.
	Accent string
	// ReadOnly removes every action that changes Keycloak from the keys,
	// the screens and the help.
	ReadOnly bool
	// NoColor draws without colour, for NO_COLOR. Selection and emphasis
	// use reverse video and bold instead.
	NoColor bool

	// Clipboard chooses how copies reach the clipboard.
	Clipboard ClipboardMode
	// ClipboardClear is how long after a copy the secret is cleared from
	// the clipboard, and whether it is cleared on quit: 0 turns both off.
	ClipboardClear time.Duration

	// Contexts lists the config file's contexts, so that C switches to
	// another one. Nil turns the switch off.
	Contexts Contexts
	// NoBrowser prints the sign-in URL instead of opening a browser.
	NoBrowser bool

	// PageSize is the number of applications in one list request. 0 or
	// less leaves it to the backend.
	PageSize int
	// Clock returns the current time, for secret ages and message expiry.
	// Nil means time.Now.
	Clock func() time.Time
	// Logger receives the console's log records. Nil discards them.
	Logger *slog.Logger

	// native replaces the system clipboard in tests.
	native nativeClipboard
	// getenv replaces os.Getenv in tests of the clipboard choice.
	getenv func(string) string
	// tmuxSetClipboard replaces the read of tmux's set-clipboard option
	// in tests.
	tmuxSetClipboard func() (string, error)
}

func (o Options) withDefaults() Options {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clipboard == "" {
		o.Clipboard = ClipboardAuto
	}
	if o.ClipboardClear < 0 {
		o.ClipboardClear = 0
	}
	if o.native == nil {
		o.native = systemClipboard{}
	}
	if o.getenv == nil {
		o.getenv = os.Getenv
	}
	if o.tmuxSetClipboard == nil {
		o.tmuxSetClipboard = tmuxSetClipboard
	}
	return o
}
