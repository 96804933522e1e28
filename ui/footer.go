package ui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// infoLifetime is how long an info message stays in the footer.
const infoLifetime = 5 * time.Second

// maxErrorLines bounds the height of an error in the footer; the log file
// has the whole message.
const maxErrorLines = 3

// infoExpiredMsg fires when the info message seq is due to go.
type infoExpiredMsg struct{ seq int }

// footer is the bottom of the console: the last message, the main keys of
// the screen, and the status bar with the context and a spinner while
// requests run. Info messages expire; an error stays until a key is pressed.
type footer struct {
	env      *env
	spinner  spinner.Model
	spinning bool

	message   string
	kind      messageKind
	seq       int
	expiresAt time.Time
	// queued is a routine note, such as a cleared clipboard, that waits
	// until the message on screen goes, so that it never replaces a result
	// the operator has not read yet.
	queued string
}

// messageKind is the kind of the footer's message. Info expires; a
// warning or an error stays until a key is pressed.
type messageKind int

const (
	messageInfo messageKind = iota
	messageWarning
	messageError
)

func newFooter(e *env) footer {
	return footer{env: e, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

func (f *footer) info(text string) tea.Cmd {
	f.seq++
	f.message, f.kind = text, messageInfo
	f.expiresAt = f.env.now().Add(infoLifetime)
	seq := f.seq
	return tea.Tick(infoLifetime, func(time.Time) tea.Msg { return infoExpiredMsg{seq} })
}

// note shows a routine message at once when the footer shows none, and
// otherwise after the current message goes.
func (f *footer) note(text string) tea.Cmd {
	if f.message != "" {
		f.queued = text
		return nil
	}
	return f.info(text)
}

// showQueued shows the queued note, if there is one.
func (f *footer) showQueued() tea.Cmd {
	if f.queued == "" {
		return nil
	}
	text := f.queued
	f.queued = ""
	return f.info(text)
}

func (f *footer) error(err error) {
	f.seq++
	f.message, f.kind = "Error: "+err.Error(), messageError
}

func (f *footer) warning(text string) {
	f.seq++
	f.message, f.kind = "Warning: "+text, messageWarning
}

// expire removes the info message seq once its time has come by the
// console's clock, which tests control, and shows the queued note.
func (f *footer) expire(msg infoExpiredMsg) tea.Cmd {
	if msg.seq == f.seq && f.kind == messageInfo && !f.env.now().Before(f.expiresAt) {
		f.message = ""
		return f.showQueued()
	}
	return nil
}

// dismissError removes an error or a warning, on a key press, and shows
// the queued note.
func (f *footer) dismissError() tea.Cmd {
	if f.kind == messageInfo {
		return nil
	}
	f.message, f.kind = "", messageInfo
	return f.showQueued()
}

// clearStale removes an info message that was on screen before the
// screen it belongs to was left for another, such as a "Granted"
// notice when the removal dialog opens. seq is the footer's sequence
// before the Update that opened the screen, so that a message of that
// Update stays.
func (f *footer) clearStale(seq int) tea.Cmd {
	if f.seq != seq || f.kind != messageInfo || f.message == "" {
		return nil
	}
	f.message = ""
	return f.showQueued()
}

// updateSpinner starts the spinner when requests are in flight, and lets it
// stop at its next tick once none are.
func (f *footer) updateSpinner(msg tea.Msg) tea.Cmd {
	busy := len(f.env.pending) > 0
	if tick, ok := msg.(spinner.TickMsg); ok {
		if !busy {
			f.spinning = false
			return nil
		}
		var cmd tea.Cmd
		f.spinner, cmd = f.spinner.Update(tick)
		return cmd
	}
	if busy && !f.spinning {
		f.spinning = true
		return f.spinner.Tick
	}
	return nil
}

// View renders the footer at width, with the screen's keys and then the
// global keys, which always show.
func (f *footer) View(width int, keys, global []key.Binding) string {
	var lines []string
	if f.message != "" {
		style := f.env.styles.Info
		switch f.kind {
		case messageWarning:
			style = f.env.styles.Warning
		case messageError:
			style = f.env.styles.Error
		}
		wrapped := strings.Split(ansi.Wrap(printable(f.message), width, " "), "\n")
		if len(wrapped) > maxErrorLines {
			wrapped = wrapped[:maxErrorLines]
			wrapped[maxErrorLines-1] = ansi.Truncate(wrapped[maxErrorLines-1], width-1, "") + "…"
		}
		for _, line := range wrapped {
			lines = append(lines, style.Render(line))
		}
	}
	lines = append(lines, f.keysLine(width, keys, global), f.statusBar(width))
	return strings.Join(lines, "\n")
}

// keysLine fits the keys to width by priority: the screen's keys come in
// their order of importance, so the last ones go first, and "…" marks the
// gap. The global keys, with ? for the full list, always stay.
func (f *footer) keysLine(width int, keys, global []key.Binding) string {
	s := f.env.styles
	render := func(bindings []key.Binding) []string {
		var parts []string
		for _, b := range bindings {
			if b.Enabled() {
				h := b.Help()
				parts = append(parts, s.HelpKey.Render(h.Key)+" "+s.HelpDesc.Render(h.Desc))
			}
		}
		return parts
	}
	screenParts, globalParts := render(keys), render(global)
	join := func(parts []string) string { return strings.Join(parts, s.HelpDesc.Render(" • ")) }

	line := join(append(slices.Clone(screenParts), globalParts...))
	for n := len(screenParts) - 1; n >= 0 && lipgloss.Width(line) > width; n-- {
		line = join(append(append(slices.Clone(screenParts[:n]), s.HelpDesc.Render("…")), globalParts...))
	}
	return ansi.Truncate(line, width, "…")
}

func (f *footer) statusBar(width int) string {
	e := f.env
	busy := " "
	if len(e.pending) > 0 {
		busy = f.spinner.View()
	}
	parts := []string{}
	if e.opts.ContextName != "" {
		parts = append(parts, e.opts.ContextName)
	}
	parts = append(parts, e.backend.URL(), "realm "+e.backend.Realm(), e.backend.Identity())
	text := " " + busy + " " + printable(strings.Join(parts, " │ ")) + " "

	badge := ""
	if e.opts.ReadOnly {
		badge = e.styles.ReadOnly.Render(" READONLY ")
	}
	room := max(0, width-lipgloss.Width(badge))
	text = ansi.Truncate(text, room, "…")
	bar := e.styles.StatusBar.Width(room).Render(text)
	return bar + badge
}

// height returns how many lines View takes at width.
func (f *footer) height(width int) int {
	return lipgloss.Height(f.View(width, nil, nil))
}
