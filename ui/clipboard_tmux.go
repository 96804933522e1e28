package ui

import (
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/ui/osc52"
)

// tmuxFix is the command that lets tmux pass OSC 52 copies on.
const tmuxFix = "tmux set -g set-clipboard on"

// tmuxSetClipboard reads tmux's set-clipboard option from the server that
// $TMUX names.
func tmuxSetClipboard() (string, error) {
	return osc52.TmuxSetClipboard(os.Getenv("TMUX"))
}

// osc52Notice returns the footer message of an OSC 52 copy: copied, or,
// inside a tmux that drops such copies, a warning with the fix. The option
// is read at each copy, so that the fix works without a restart.
func (c *clipboardState) osc52Notice(last *lastCopy) tea.Cmd {
	copied := c.copiedText(last)
	if c.opts.getenv("TMUX") == "" {
		return notifyInfo(copied)
	}
	copyName, read := last.msg.what(), c.opts.tmuxSetClipboard
	return func() tea.Msg {
		value, err := read()
		switch {
		case err != nil:
			return warningMsg("idtui sent " + copyName + " to the terminal's clipboard (OSC 52), but could not read tmux's set-clipboard option (" + err.Error() +
				"); unless it is on, tmux drops the copy. Run " + tmuxFix + ", then copy again")
		case value != "on":
			return warningMsg("tmux dropped " + copyName + ": its set-clipboard option is " + value + ", so it ignores the OSC 52 copies of programs. Run " + tmuxFix + ", then copy again")
		}
		return infoMsg(copied)
	}
}
