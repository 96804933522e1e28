package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/atotto/clipboard"
	"golang.org/x/term"

	"github.com/idtui/idtui/ui"
	"github.com/idtui/idtui/ui/osc52"
)

// clipboardProbeTimeout bounds the read that tests the native clipboard: a
// clipboard tool whose display is gone may hang.
const clipboardProbeTimeout = 2 * time.Second

// clipboardCheck reports which clipboard the console copies to: the native
// one through github.com/atotto/clipboard when it works, else OSC 52, which
// the terminal carries even over SSH. IDTUI_CLIPBOARD=osc52 forces OSC 52,
// as the console's --clipboard osc52 does. The check warns when an OSC 52
// copy would not arrive, and never fails, because the console works
// without a clipboard.
func (a *app) clipboardCheck() check {
	c := check{Name: "clipboard", Status: statusOK}
	mode := a.opts.getenv("IDTUI_CLIPBOARD")
	const nativeFix = "For the native clipboard, install xclip, xsel or wl-clipboard and run under a display"
	reason := "IDTUI_CLIPBOARD is osc52"
	if mode != string(ui.ClipboardOSC52) {
		reason = nativeClipboardProblem()
		switch {
		case reason == "":
			c.Detail = "native clipboard (" + nativeClipboardTool() + ")"
			return c
		case mode == string(ui.ClipboardNative):
			c.Status, c.Fix = statusWarn, nativeFix+", or unset IDTUI_CLIPBOARD to fall back to OSC 52"
			c.Detail = "native clipboard, as IDTUI_CLIPBOARD is native, but " + reason
			return c
		}
		c.Fix = nativeFix
	}
	c.Detail = "OSC 52 through the terminal, because " + reason

	stdout := fileOf(a.stdout)
	if problem, fix := osc52.Problem(a.opts.getenv, stdout != nil && term.IsTerminal(int(stdout.Fd()))); problem != "" {
		c.Status, c.Fix = statusWarn, fix
		c.Detail += "; but " + problem
	}
	return c
}

// nativeClipboardProblem returns why the native clipboard does not work
// here, or "" when it does. It reads the clipboard and never writes to it.
// NOTE: xclip also fails to read an X clipboard that holds no text yet, so
// a working but empty clipboard is reported as failing.
func nativeClipboardProblem() string {
	if clipboard.Unsupported {
		return "no clipboard tool is installed (xclip, xsel or wl-clipboard)"
	}
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return "there is no display (DISPLAY and WAYLAND_DISPLAY are unset)"
	}

	ctx, cancel := context.WithTimeout(context.Background(), clipboardProbeTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := clipboard.ReadAll()
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return "reading the native clipboard failed: " + err.Error()
		}
		return ""
	case <-ctx.Done():
		return "the native clipboard did not answer within " + clipboardProbeTimeout.String()
	}
}

func nativeClipboardTool() string {
	if runtime.GOOS != "linux" {
		return runtime.GOOS
	}
	for _, tool := range []string{"wl-copy", "xclip", "xsel"} {
		if _, err := exec.LookPath(tool); err == nil {
			return tool
		}
	}
	return "unknown tool"
}
