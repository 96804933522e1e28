package ui

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"

	"github.com/idtui/idtui/model"
)

// ClipboardMode chooses how copies reach the clipboard.
type ClipboardMode string

const (
	// ClipboardAuto uses the native clipboard where one works on this
	// machine, and OSC 52 over SSH or where none does.
	ClipboardAuto ClipboardMode = "auto"
	// ClipboardNative uses the system clipboard through xclip, xsel,
	// wl-copy, pbcopy or the Windows API.
	ClipboardNative ClipboardMode = "native"
	// ClipboardOSC52 sets the terminal's clipboard with the OSC 52 escape
	// sequence, which works through SSH and tmux.
	ClipboardOSC52 ClipboardMode = "osc52"
)

// ParseClipboardMode reads a mode as typed in a flag or the environment.
func ParseClipboardMode(s string) (ClipboardMode, error) {
	switch mode := ClipboardMode(strings.ToLower(strings.TrimSpace(s))); mode {
	case ClipboardAuto, ClipboardNative, ClipboardOSC52:
		return mode, nil
	}
	return "", fmt.Errorf("clipboard mode %q is invalid: use auto, native or osc52", s)
}

// nativeClipboard is the system clipboard; tests replace it.
type nativeClipboard interface {
	// Available returns why the clipboard cannot work here, or nil.
	Available() error
	ReadAll() (string, error)
	WriteAll(text string) error
}

// systemClipboard is github.com/atotto/clipboard, which runs xclip, xsel or
// wl-copy on Linux and passes the text on their stdin.
type systemClipboard struct{}

// The reasons that the system clipboard cannot work, worded to follow
// "because" in the footer's copy message.
var (
	errNoClipboardTool = errors.New("no clipboard tool such as xclip, xsel or wl-clipboard is installed")
	errNoDisplay       = errors.New("DISPLAY and WAYLAND_DISPLAY are unset, so there is no display")
)

func (systemClipboard) Available() error {
	if clipboard.Unsupported {
		return errNoClipboardTool
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errNoDisplay
		}
	}
	return nil
}

func (systemClipboard) ReadAll() (string, error)   { return clipboard.ReadAll() }
func (systemClipboard) WriteAll(text string) error { return clipboard.WriteAll(text) }

// copyKind is what a copy contains. Every kind but the sign-in URL
// contains a secret or a token. Every copy is cleared after the delay, the
// URL too, because the clipboard does not tell them apart.
type copyKind int

const (
	copySecretOnly copyKind = iota
	copyEnvBlock
	copyToken
	copyBearerHeader
	copyCurl
	copyIDToken
	copySignInURL
)

func (k copyKind) String() string {
	switch k {
	case copyEnvBlock:
		return ".env block"
	case copyToken:
		return "access token"
	case copyBearerHeader:
		return "Authorization header"
	case copyCurl:
		return "curl command"
	case copyIDToken:
		return "ID token"
	case copySignInURL:
		return "sign-in URL"
	}
	return "secret"
}

// copyMsg is a request to the App to copy text to the clipboard. When it
// is the reply of reading the secret, a failed read copies nothing, and
// the App passes the message on to the screens, so that they show the
// secret that was copied.
type copyMsg struct {
	reply
	clientID string // "" for a copy that belongs to no application
	kind     copyKind
	text     model.Secret

	// ref and secret are the application and the secret read for the
	// copy. Both are zero unless the copy is the reply of a read.
	ref    model.AppRef
	secret model.Secret
}

// what returns the name of the copy, such as "the curl command of zeebe".
func (m copyMsg) what() string {
	if m.clientID == "" {
		return "the " + m.kind.String()
	}
	return fmt.Sprintf("the %s of %s", m.kind, m.clientID)
}

type (
	// nativeCopiedMsg reports the end of a write to the native clipboard.
	nativeCopiedMsg struct {
		seq int
		err error
	}
	// clearDueMsg fires when the copy seq is due to be cleared.
	clearDueMsg struct{ seq int }
	// clearedMsg reports the end of a clear of the native clipboard.
	clearedMsg struct {
		seq     int
		what    string // the copy, such as "the secret of zeebe"
		cleared bool   // false when the clipboard no longer contained the copy
		err     error
	}
)

// errNoSecret explains why an application without a secret has none to
// use for action, such as "rotate" or "copy", so that each key gets its
// own message.
func errNoSecret(app model.Application, action string) error {
	if app.Type == model.TypeBuiltIn {
		return fmt.Errorf("%s is one of Keycloak's built-in clients, and idtui has no secret of it to %s", app.ClientID, action)
	}
	return fmt.Errorf("%s is a %s application, and a %s application has no secret to %s: its users sign in with PKCE instead", app.ClientID, app.Type, app.Type, action)
}

const (
	viaNative = "system clipboard"
	viaOSC52  = "terminal's clipboard (OSC 52)"
)

// clipboardState copies secrets and clears them again after a delay and on
// quit. It is owned by the App and changed only in Update.
type clipboardState struct {
	opts Options
	seq  int
	// last is the newest copy, until it is cleared or replaced.
	last *lastCopy
}

type lastCopy struct {
	seq int
	msg copyMsg
	via string
	// note is the reason auto mode fell back to OSC 52, if it did, as a
	// clause that follows "because".
	note     string
	clearAt  time.Time
	complete bool // the text reached the clipboard
}

// copy starts a copy and returns the commands that perform it.
func (c *clipboardState) copy(msg copyMsg) tea.Cmd {
	c.seq++
	last := &lastCopy{seq: c.seq, msg: msg}
	c.last = last

	via, note := c.choose()
	last.via, last.note = via, note
	if via == viaOSC52 {
		return c.osc52(last)
	}

	native, seq, text := c.opts.native, last.seq, msg.text
	return func() tea.Msg {
		return nativeCopiedMsg{seq: seq, err: native.WriteAll(text.Reveal())}
	}
}

// choose returns the way to copy and, when auto mode falls back to OSC 52,
// the reason.
func (c *clipboardState) choose() (via, note string) {
	switch c.opts.Clipboard {
	case ClipboardNative:
		return viaNative, ""
	case ClipboardOSC52:
		return viaOSC52, ""
	}
	// Over SSH the native clipboard is the server's, not the operator's.
	if c.opts.getenv("SSH_CONNECTION") != "" || c.opts.getenv("SSH_TTY") != "" {
		return viaOSC52, "idtui runs over SSH"
	}
	if err := c.opts.native.Available(); err != nil {
		return viaOSC52, err.Error()
	}
	return viaNative, ""
}

// osc52 sends the copy to the terminal. The terminal sends no reply, so
// the footer reports the copy as sent, not as arrived.
func (c *clipboardState) osc52(last *lastCopy) tea.Cmd {
	last.via = viaOSC52
	last.complete = true
	return tea.Batch(tea.SetClipboard(last.msg.text.Reveal()), c.scheduleClear(last), c.osc52Notice(last))
}

// nativeCopied handles the end of a native copy. In auto mode a failure
// falls back to OSC 52.
func (c *clipboardState) nativeCopied(msg nativeCopiedMsg) tea.Cmd {
	last := c.last
	if last == nil || last.seq != msg.seq {
		return nil
	}
	if msg.err != nil {
		if c.opts.Clipboard == ClipboardAuto {
			last.note = fmt.Sprintf("the system clipboard failed with %q", msg.err.Error())
			return c.osc52(last)
		}
		c.last = nil
		return notifyError(fmt.Errorf("copy to the native clipboard failed: %w; install xclip, xsel or wl-clipboard, or start idtui with --clipboard osc52", msg.err))
	}
	last.complete = true
	return tea.Batch(c.scheduleClear(last), notifyInfo(c.copiedText(last)))
}

func (c *clipboardState) copiedText(last *lastCopy) string {
	text := fmt.Sprintf("Copied %s to the %s", last.msg.what(), last.via)
	if last.note != "" {
		text += ", because " + last.note
	}
	if c.opts.ClipboardClear > 0 {
		text += fmt.Sprintf("; clearing it in %s", c.opts.ClipboardClear)
	}
	return text
}

func (c *clipboardState) scheduleClear(last *lastCopy) tea.Cmd {
	if c.opts.ClipboardClear <= 0 {
		return nil
	}
	last.clearAt = c.opts.Clock().Add(c.opts.ClipboardClear)
	seq := last.seq
	return tea.Tick(c.opts.ClipboardClear, func(time.Time) tea.Msg { return clearDueMsg{seq} })
}

// clearDue clears the copy seq if it is still the last one and its time has
// come by the console's clock.
func (c *clipboardState) clearDue(msg clearDueMsg) tea.Cmd {
	last := c.last
	if last == nil || last.seq != msg.seq || c.opts.Clock().Before(last.clearAt) {
		return nil
	}
	return c.clear()
}

// clear removes the newest copy from the clipboard. It does nothing when
// there is none, or when clearing is off, which keeps copies after quit.
// The native clipboard is read back first and cleared only if it still
// contains the secret, so a text the operator copied since stays.
//
// OSC 52 gives no reliable way to read the clipboard back, so there the
// clipboard is overwritten without the check, and a text the operator
// copied in another program after the secret is lost too. tmux 3.3 ignores
// an empty OSC 52, so inside tmux a single space replaces the secret.
// tmux still keeps the secret in its list of earlier paste buffers, which
// only tmux delete-buffer removes.
func (c *clipboardState) clear() tea.Cmd {
	last := c.last
	if last == nil || !last.complete || c.opts.ClipboardClear <= 0 {
		return nil
	}
	c.last = nil
	if last.via == viaOSC52 {
		blank := ""
		if c.opts.getenv("TMUX") != "" {
			blank = " "
		}
		return tea.Batch(tea.SetClipboard(blank), notifyNote(clearedText(last)))
	}

	native, seq, text, what := c.opts.native, last.seq, last.msg.text, last.msg.what()
	return func() tea.Msg {
		current, err := native.ReadAll()
		if err != nil {
			return clearedMsg{seq: seq, what: what, err: err}
		}
		if current != text.Reveal() {
			return clearedMsg{seq: seq, what: what}
		}
		return clearedMsg{seq: seq, what: what, cleared: true, err: native.WriteAll("")}
	}
}

func clearedText(last *lastCopy) string {
	return fmt.Sprintf("Cleared %s from the %s", last.msg.what(), last.via)
}
