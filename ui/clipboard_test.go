package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestClipboardChoice(t *testing.T) {
	noDisplay := errors.New("no display")
	tests := []struct {
		name        string
		mode        ClipboardMode
		env         map[string]string
		unavailable error
		via         string
		note        string
	}{
		{name: "auto with a display", mode: ClipboardAuto, via: viaNative},
		{name: "auto over SSH", mode: ClipboardAuto, env: map[string]string{"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, via: viaOSC52, note: "idtui runs over SSH"},
		{name: "auto over SSH tty", mode: ClipboardAuto, env: map[string]string{"SSH_TTY": "/dev/pts/1"}, via: viaOSC52, note: "idtui runs over SSH"},
		{name: "auto without display", mode: ClipboardAuto, unavailable: noDisplay, via: viaOSC52, note: "no display"},
		{name: "native forced", mode: ClipboardNative, env: map[string]string{"SSH_TTY": "/dev/pts/1"}, via: viaNative},
		{name: "osc52 forced", mode: ClipboardOSC52, via: viaOSC52},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clipboardState{opts: Options{
				Clipboard: tt.mode,
				native:    &memoryClipboard{unavailable: tt.unavailable},
				getenv:    func(name string) string { return tt.env[name] },
			}}
			via, note := c.choose()
			if via != tt.via || note != tt.note {
				t.Errorf("choose = %q, %q; want %q, %q", via, note, tt.via, tt.note)
			}
		})
	}
}

func TestParseClipboardMode(t *testing.T) {
	for _, s := range []string{"auto", "native", "OSC52", " osc52 "} {
		if _, err := ParseClipboardMode(s); err != nil {
			t.Errorf("ParseClipboardMode(%q): %v", s, err)
		}
	}
	_, err := ParseClipboardMode("x11")
	if err == nil || !strings.Contains(err.Error(), "use auto, native or osc52") {
		t.Errorf("ParseClipboardMode(x11) = %v, want an error that lists the modes", err)
	}
}

func TestCopyNative(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)

	f.press("c")

	if got := f.native.get(); got != "secret-of-connectors" {
		t.Errorf("clipboard = %q, want the secret", got)
	}
	if view := f.view(); !strings.Contains(view, "Copied the secret of connectors to the system clipboard; clearing it in 30s") {
		t.Errorf("footer lacks the copy message:\n%s", view)
	}
}

func TestCopyEnvBlock(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)

	f.press("e")

	got := f.native.get()
	for _, line := range []string{
		"ZEEBE_CLIENT_ID=connectors",
		"ZEEBE_CLIENT_SECRET=secret-of-connectors",
		"ZEEBE_AUTHORIZATION_SERVER_URL=http://keycloak.test/auth/realms/camunda-platform/protocol/openid-connect/token",
		"ZEEBE_TOKEN_AUDIENCE=zeebe-api",
		"CAMUNDA_CLIENT_SECRET=secret-of-connectors",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("clipboard lacks %q:\n%s", line, got)
		}
	}
}

func TestCopyFallsBackToOSC52(t *testing.T) {
	f := newFixture(t, nil)
	f.native.writeErr = errors.New("xclip: cannot open display")
	f.start(t, 100, 30)

	f.press("c")

	want := `Copied the secret of connectors to the terminal's clipboard (OSC 52), because the system clipboard failed with "xclip: cannot open display"; clearing it in 30s`
	if got := f.app.footer.message; !strings.Contains(got, want) {
		t.Errorf("footer message = %q, want it to say that OSC 52 was used and why", got)
	}
}

func TestCopyWithoutClipboardTool(t *testing.T) {
	f := newFixture(t, nil)
	f.native.unavailable = errNoClipboardTool
	f.start(t, 100, 30)

	f.press("c")

	want := "Copied the secret of connectors to the terminal's clipboard (OSC 52), because no clipboard tool such as xclip, xsel or wl-clipboard is installed; clearing it in 30s"
	if got := f.app.footer.message; got != want {
		t.Errorf("footer message = %q, want %q", got, want)
	}
}

func TestCopyNativeFailure(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Clipboard = ClipboardNative })
	f.native.writeErr = errors.New("exec: \"xclip\": executable file not found")
	f.start(t, 100, 30)

	f.press("c")

	view := f.view()
	if !strings.Contains(view, "Error: copy to the native clipboard failed") || !strings.Contains(view, "--clipboard osc52") {
		t.Errorf("footer lacks the failure and its fix:\n%s", view)
	}
}

func TestClipboardClearedAfterDelay(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("c")
	seq := f.app.clip.seq

	f.drive(clearDueMsg{seq})
	if f.native.get() != "secret-of-connectors" {
		t.Fatal("the secret was cleared before its time by the console's clock")
	}

	f.clock.Advance(DefaultClipboardClear)
	f.drive(clearDueMsg{seq})
	if got := f.native.get(); got != "" {
		t.Errorf("clipboard = %q after the delay, want it empty", got)
	}
}

func TestClipboardKeepsNewerText(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("c")
	f.native.set("copied by the operator elsewhere")

	f.clock.Advance(DefaultClipboardClear)
	f.drive(clearDueMsg{f.app.clip.seq})

	if got := f.native.get(); got != "copied by the operator elsewhere" {
		t.Errorf("clipboard = %q, want the operator's newer text kept", got)
	}
}

func TestClipboardClearedOnQuit(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("c")

	msgs := f.keyResult("q")

	if got := f.native.get(); got != "" {
		t.Errorf("clipboard = %q after quit, want it empty", got)
	}
	if describe(msgs[len(msgs)-1:]) != "quit" {
		t.Errorf("quit key gave %s, want the clear and then quit", describe(msgs))
	}
}

func TestClipboardClearOff(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.ClipboardClear = 0 })
	f.start(t, 100, 30)
	f.press("c")

	f.clock.Advance(time.Hour)
	f.drive(clearDueMsg{f.app.clip.seq})
	f.keyResult("q")

	if got := f.native.get(); got != "secret-of-connectors" {
		t.Errorf("clipboard = %q, want the secret kept with clearing off", got)
	}
}

// copyInTmux makes the console copy with OSC 52, inside tmux.
func copyInTmux(o *Options) {
	o.Clipboard = ClipboardOSC52
	o.getenv = func(name string) string {
		if name == "TMUX" {
			return "/tmp/tmux-0/default,1,0"
		}
		return ""
	}
}

func TestOSC52ClearInTmux(t *testing.T) {
	f := newFixture(t, copyInTmux)
	f.start(t, 100, 30)
	f.press("c")

	cmd := f.app.clip.clear()

	var sent []string
	for _, msg := range collect(cmd) {
		if _, ok := msg.(noteMsg); !ok {
			sent = append(sent, describe([]tea.Msg{msg}))
		}
	}
	if len(sent) != 1 {
		t.Fatalf("clear sent %v, want one OSC 52 write", sent)
	}
	if f.native.writes != 0 {
		t.Error("OSC 52 mode wrote to the native clipboard")
	}
}

func TestCloseClearsNativeCopy(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("c")

	f.app.Close()

	if got := f.native.get(); got != "" {
		t.Errorf("clipboard = %q after Close, want the secret cleared", got)
	}
}

func TestOSC52CopyInTmux(t *testing.T) {
	tests := []struct {
		name  string
		value string
		err   error
		want  string
	}{
		{name: "on", value: "on", want: "Copied the secret of connectors to the terminal's clipboard (OSC 52); clearing it in 30s"},
		{name: "external", value: "external", want: "Warning: tmux dropped the secret of connectors: its set-clipboard option is external, so it ignores the OSC 52 copies of programs. Run tmux set -g set-clipboard on, then copy again"},
		{name: "off", value: "off", want: "its set-clipboard option is off"},
		{name: "unreadable", err: errors.New("no server running on /tmp/tmux-0/default"), want: "Warning: idtui sent the secret of connectors to the terminal's clipboard (OSC 52), but could not read tmux's set-clipboard option (no server running on /tmp/tmux-0/default); unless it is on, tmux drops the copy. Run tmux set -g set-clipboard on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) {
				copyInTmux(o)
				o.tmuxSetClipboard = func() (string, error) { return tt.value, tt.err }
			})
			f.start(t, 100, 30)

			f.press("c")

			if view := flatView(f); !strings.Contains(view, tt.want) {
				t.Errorf("footer lacks %q:\n%s", tt.want, view)
			}
		})
	}
}

func TestOSC52CopyOutsideTmuxReadsNoOption(t *testing.T) {
	f := newFixture(t, func(o *Options) {
		o.Clipboard = ClipboardOSC52
		o.tmuxSetClipboard = func() (string, error) { return "", errors.New("read outside tmux") }
	})
	f.start(t, 100, 30)

	f.press("c")

	if view := flatView(f); strings.Contains(view, "Warning") || !strings.Contains(view, "Copied the secret of connectors") {
		t.Errorf("footer:\n%s", view)
	}
}
