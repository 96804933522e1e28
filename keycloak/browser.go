package keycloak

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// BrowserUnavailable returns why no browser should be opened on this
// machine, or "" when one can be. Over SSH a browser would open on the
// remote machine, where no one can use it, and without a display xdg-open
// would start a text browser in the terminal. An explicit $BROWSER wins
// over the missing display, not over SSH.
func BrowserUnavailable(getenv func(string) string) string {
	switch {
	case getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "":
		return "this is an SSH session"
	case getenv("BROWSER") != "":
		return ""
	case (runtime.GOOS == "linux" || runtime.GOOS == "freebsd") && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "":
		return "there is no display (DISPLAY and WAYLAND_DISPLAY are unset)"
	}
	return ""
}

// OpenBrowser opens url in the system browser: the command in $BROWSER
// when set, else xdg-open, open or the Windows URL handler. It does not
// wait for the browser. The URL becomes an argument of that command, so it
// must hold no secret. The authorization URL holds none, because PKCE sends
// only the hash of its verifier.
func OpenBrowser(getenv func(string) string, url string) error {
	var argv []string
	switch {
	case getenv("BROWSER") != "":
		argv = append(strings.Fields(getenv("BROWSER")), url)
	case runtime.GOOS == "darwin":
		argv = []string{"open", url}
	case runtime.GOOS == "windows":
		argv = []string{"rundll32", "url.dll,FileProtocolHandler", url}
	default:
		argv = []string{"xdg-open", url}
	}

	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open a browser with %s: %w", argv[0], err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
