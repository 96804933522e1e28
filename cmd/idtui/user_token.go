package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// cleanupTimeout bounds the removal of a temporary redirect URI.
const cleanupTimeout = 30 * time.Second

// runUserToken signs a user in as the application and prints the user's
// access token, or the JSON report with the ID token.
func runUserToken(cmd *cobra.Command, a *app, opts *tokenOptions, clientID string) error {
	if opts.output != tokenOutputToken && opts.output != tokenOutputJSON && opts.output != tokenOutputYAML {
		return usageError{fmt.Errorf("-o %s does not apply to --login, because it repeats a client-credentials request; use -o token, -o json or -o yaml", opts.output)}
	}
	ctx := contextOf(cmd)
	s, err := a.opts.settings()
	if err != nil {
		return err
	}
	client, err := a.opts.newClient(a.logger())
	if err != nil {
		return err
	}
	if err := client.Login(ctx); err != nil {
		return err
	}
	login, err := client.PrepareUserLogin(ctx, model.AppRef{ClientID: clientID})
	if err != nil {
		return withSuggestions(ctx, client, clientID, err)
	}
	method, err := userLoginMethod(login, opts.device)
	if err != nil {
		return err
	}

	// The questions come before the signals are caught, so that Ctrl+C at
	// a question ends idtui at once, with nothing changed.
	change, err := a.planRedirectURIChange(cmd, s, login, method, opts.yes)
	if err != nil {
		return err
	}

	// From here Ctrl+C, SIGTERM and a hangup, as when an SSH session drops,
	// end the sign-in but not the program, so that the redirect URI that
	// idtui added is still removed.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if change.add {
		if _, err := client.AddLoopbackRedirectURI(ctx, login.Application); err != nil {
			if ctx.Err() != nil {
				// Keycloak may have made the change before the signal came.
				a.removeTemporaryRedirectURI(client, login.Application)
			}
			return err
		}
		a.message("Added the redirect URI %s to %s.", model.LoopbackRedirectURI, clientID)
	}
	if change.remove {
		defer a.removeTemporaryRedirectURI(client, login.Application)
	}

	a.message("Sign in as a user of %s on Keycloak's login page of the realm %q.", clientID, client.Realm())
	test, err := client.UserToken(ctx, login, method, a.opts.signInPrompt(s.NoBrowser.Value, s.NoBrowser.Origin))
	if err != nil {
		return err
	}

	if opts.output == tokenOutputJSON || opts.output == tokenOutputYAML {
		grant := "authorization_code"
		if method == keycloak.SignInDevice {
			grant = "device_code"
		}
		return writeTokenReport(ctx, client, test, opts.issuer, grant, opts.output, a.stdout, a.stderr)
	}
	_, err = fmt.Fprintln(a.stdout, test.Response.AccessToken.Reveal())
	return err
}

func contextOf(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// userLoginMethod picks the browser, or the device grant with --device,
// and names the one the application allows when it does not allow that.
func userLoginMethod(login keycloak.UserLogin, device bool) (keycloak.SignInMethod, error) {
	method := keycloak.SignInBrowser
	if device {
		method = keycloak.SignInDevice
	}
	if slices.Contains(login.Methods(), method) {
		return method, nil
	}
	clientID := login.Application.ClientID
	if method == keycloak.SignInDevice {
		return "", usageError{fmt.Errorf("%s does not allow the device authorization grant; sign in with the browser (drop --device), or turn the grant on in the client's settings", clientID)}
	}
	return "", usageError{fmt.Errorf("%s has the standard flow off, so no browser sign-in; it allows the device grant: add --device", clientID)}
}

// redirectURIChange is the change of a browser sign-in to the
// application's redirect URIs, with the operator's consent.
type redirectURIChange struct {
	add    bool // add model.LoopbackRedirectURI for this sign-in
	remove bool // remove it after the sign-in
}

// planRedirectURIChange requests the operator's consent before idtui adds
// the loopback redirect URI that the browser method needs, or removes the
// one that an earlier sign-in left behind.
func (a *app) planRedirectURIChange(cmd *cobra.Command, s Settings, login keycloak.UserLogin, method keycloak.SignInMethod, yes bool) (redirectURIChange, error) {
	app := login.Application
	switch {
	case method != keycloak.SignInBrowser:
		return redirectURIChange{}, nil
	case login.LeftoverRedirectURI:
		return a.planLeftoverRemoval(cmd, s, app, yes)
	case login.RedirectURIFits:
		return redirectURIChange{}, nil
	}

	if s.ReadOnly.Value {
		return redirectURIChange{}, readOnlyError{command: "idtui token --login, which must add the redirect URI " + model.LoopbackRedirectURI + " to " + app.ClientID + ",", origin: s.ReadOnly.Origin}
	}
	if err := a.requireConfirmation(cmd, yes); err != nil {
		return redirectURIChange{}, err
	}
	a.message("None of the redirect URIs of %s accepts idtui's listener on 127.0.0.1. idtui will add %s to them for this sign-in, and remove it afterwards.", app.ClientID, model.LoopbackRedirectURI)
	if len(login.Methods()) > 1 {
		a.message("The application allows the device grant too, which needs no change: idtui token %s --login --device", app.ClientID)
	}
	if err := a.confirm(yes, "Add the redirect URI?"); err != nil {
		return redirectURIChange{}, err
	}
	return redirectURIChange{add: true, remove: true}, nil
}

// planLeftoverRemoval offers to remove idtui's redirect URI, which an
// earlier sign-in left on the application when it ended before its
// cleanup, such as on a dropped SSH session. This sign-in uses it first.
func (a *app) planLeftoverRemoval(cmd *cobra.Command, s Settings, app model.Application, yes bool) (redirectURIChange, error) {
	a.opts.warn(fmt.Sprintf("%s still has the temporary redirect URI %s, left by an earlier sign-in that ended before removing it. While it is there, any program on this machine that listens on 127.0.0.1 can receive codes for %s", app.ClientID, model.LoopbackRedirectURI, app.ClientID))
	if s.ReadOnly.Value {
		a.message("Read-only mode is on (%s), so idtui leaves it; remove it in Keycloak's admin console, under Clients > %s > Valid redirect URIs.", s.ReadOnly.Origin, app.ClientID)
		return redirectURIChange{}, nil
	}
	if err := a.requireConfirmation(cmd, yes); err != nil {
		return redirectURIChange{}, err
	}
	if err := a.confirm(yes, "Remove it after this sign-in?"); err != nil {
		if errors.Is(err, errDeclined) {
			return redirectURIChange{}, nil
		}
		return redirectURIChange{}, err
	}
	return redirectURIChange{remove: true}, nil
}

// removeTemporaryRedirectURI removes the redirect URI even after a failed
// or canceled sign-in, and prints what to do when that fails.
func (a *app) removeTemporaryRedirectURI(client *keycloak.Client, app model.Application) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if err := client.RemoveLoopbackRedirectURI(ctx, app.Ref()); err != nil {
		a.opts.warn(fmt.Sprintf("the temporary redirect URI %s is still on %s: %v. Remove it in Keycloak's admin console, under Clients > %s > Valid redirect URIs", model.LoopbackRedirectURI, app.ClientID, err, app.ClientID))
		return
	}
	a.message("Removed the temporary redirect URI from %s.", app.ClientID)
}
