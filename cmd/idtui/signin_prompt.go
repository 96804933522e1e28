package main

import (
	"context"
	"fmt"
	"time"

	"github.com/idtui/idtui/keycloak"
)

// terminalAsker prompts on the terminal: a secret at a prompt that does not
// echo, and a sign-in on stderr, with the browser opened where it can be.
func (o *connectionOptions) terminalAsker(s Settings) asker {
	return asker{secret: terminalPrompt, signIn: o.signInPrompt(s.NoBrowser.Value, s.NoBrowser.Origin, true), signedIn: func(user string) {
		// No username pins the user, so the operator learns here who acts.
		fmt.Fprintf(o.stderr, "Signed in as %s@%s.\n", user, s.AdminRealm.Value)
	}}
}

// signInPrompt returns the prompt that shows a sign-in on stderr. The
// browser method opens the system browser unless noBrowser is set or the
// machine has no browser to show; then it prints the URL. The device
// method prints the verification URL and the user code. stdout stays
// free for command output. deviceAllowed offers the device method to an
// operator on another machine.
func (o *connectionOptions) signInPrompt(noBrowser bool, noBrowserOrigin string, deviceAllowed bool) keycloak.PromptFunc {
	return func(p keycloak.SignInPrompt) error {
		if p.Method == keycloak.SignInDevice {
			o.showDeviceCode(p)
			return nil
		}

		reason := keycloak.BrowserUnavailable(o.getenv)
		if noBrowser {
			reason = "--no-browser is set (" + noBrowserOrigin + ")"
		}
		if reason == "" {
			err := keycloak.OpenBrowser(o.getenv, p.URL)
			if err == nil {
				fmt.Fprintf(o.stderr, "Opened Keycloak's login page in the browser. If it did not open, open this URL:\n\n  %s\n\nWaiting up to %v for the sign-in...\n", p.URL, keycloak.SignInTimeout)
				return nil
			}
			reason = err.Error()
		}

		fmt.Fprintf(o.stderr, "Open this URL in a browser to sign in (no browser opened: %s):\n\n  %s\n\n", reason, p.URL)
		if port := p.RedirectPort(); port != "" {
			alternative := ""
			if deviceAllowed {
				alternative = ", or sign in with --device"
			}
			fmt.Fprintf(o.stderr, "Keycloak sends the browser back to 127.0.0.1:%s on this machine. From another machine, forward that port first (ssh -L %s:127.0.0.1:%s ...)%s.\n", port, port, port, alternative)
		}
		fmt.Fprintf(o.stderr, "Waiting up to %v for the sign-in...\n", keycloak.SignInTimeout)
		return nil
	}
}

func (o *connectionOptions) showDeviceCode(p keycloak.SignInPrompt) {
	fmt.Fprintf(o.stderr, "To sign in, open %s on any device and enter the code:\n\n  %s\n\n", p.URL, p.UserCode)
	if p.CompleteURL != "" {
		fmt.Fprintf(o.stderr, "Or open %s, which has the code filled in.\n", p.CompleteURL)
	}
	if !p.Expires.IsZero() {
		fmt.Fprintf(o.stderr, "The code expires in %v. Waiting for the sign-in...\n", time.Until(p.Expires).Round(time.Second))
	}
}

// signInFirst signs the operator in before a command's own work, when the
// client signs in on Keycloak's login page. The sign-in waits for a
// person, and the command's requests then get their own deadlines rather
// than a deadline that the wait used up.
func signInFirst(ctx context.Context, client *keycloak.Client) error {
	if _, ok := client.SignIn(); !ok {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return client.Login(ctx)
}
