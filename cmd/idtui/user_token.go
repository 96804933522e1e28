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
	claim, err := a.planLoopbackClaim(cmd, s, login, method, opts.yes)
	if err != nil {
		return err
	}

	// From here Ctrl+C, SIGTERM and a hangup, as when an SSH session drops,
	// end the sign-in but not the program, so that idtui still releases the
	// redirect URI.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if claim {
		release, err := a.claimLoopbackRedirect(ctx, client, login)
		if err != nil {
			return err
		}
		defer release()
	}

	a.message("Sign in as a user of %s on Keycloak's login page of the realm %q.", clientID, client.Realm())
	deviceAllowed := slices.Contains(login.Methods(), keycloak.SignInDevice)
	test, err := client.UserToken(ctx, login, method, a.opts.signInPrompt(s.NoBrowser.Value, s.NoBrowser.Origin, deviceAllowed))
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

// planLoopbackClaim decides whether the sign-in claims idtui's loopback
// redirect URI, and requests the operator's consent where that changes the
// application: to add the redirect URI, or to remove the one that an
// earlier sign-in left behind.
func (a *app) planLoopbackClaim(cmd *cobra.Command, s Settings, login keycloak.UserLogin, method keycloak.SignInMethod, yes bool) (bool, error) {
	app := login.Application
	if method != keycloak.SignInBrowser {
		return false, nil
	}
	switch login.Loopback {
	case model.LoopbackLeftover:
		return a.planLeftoverRemoval(cmd, s, app, yes)
	case model.LoopbackInUse:
		if s.ReadOnly.Value {
			a.opts.warn(fmt.Sprintf("another idtui sign-in to %s uses the redirect URI %s and removes it when it ends, which would end this sign-in too; read-only mode does not extend its lease", app.ClientID, model.LoopbackRedirectURI))
			return false, nil
		}
		a.message("Another idtui sign-in to %s uses the redirect URI %s now. This sign-in shares it, and the last of them to end removes it.", app.ClientID, model.LoopbackRedirectURI)
		return true, nil
	}
	if login.RedirectURIFits {
		return false, nil
	}

	a.message("None of the redirect URIs of %s accepts idtui's listener on 127.0.0.1. idtui will add %s to them for this sign-in, and remove it afterwards.", app.ClientID, model.LoopbackRedirectURI)
	if slices.Contains(login.Methods(), keycloak.SignInDevice) {
		a.message("The application allows the device grant too, which needs no change: idtui token %s --login --device", app.ClientID)
	}
	if s.ReadOnly.Value {
		return false, readOnlyError{command: "idtui token --login, which must add the redirect URI " + model.LoopbackRedirectURI + " to " + app.ClientID + ",", origin: s.ReadOnly.Origin}
	}
	if err := a.requireConfirmation(cmd, yes); err != nil {
		return false, err
	}
	if err := a.confirm(yes, "Add the redirect URI?"); err != nil {
		return false, err
	}
	return true, nil
}

// planLeftoverRemoval offers to remove idtui's redirect URI, which an
// earlier sign-in left on the application when it ended before its
// cleanup, as after a SIGKILL. This sign-in uses it first.
func (a *app) planLeftoverRemoval(cmd *cobra.Command, s Settings, app model.Application, yes bool) (bool, error) {
	a.opts.warn(fmt.Sprintf("%s still has the temporary redirect URI %s, left by an earlier sign-in that ended before removing it. While it is there, any program on this machine that listens on 127.0.0.1 can receive codes for %s", app.ClientID, model.LoopbackRedirectURI, app.ClientID))
	if s.ReadOnly.Value {
		a.message("Read-only mode is on (%s), so idtui leaves it; remove it in Keycloak's admin console, under Clients > %s > Valid redirect URIs.", s.ReadOnly.Origin, app.ClientID)
		return false, nil
	}
	if err := a.requireConfirmation(cmd, yes); err != nil {
		return false, err
	}
	if err := a.confirm(yes, "Remove it after this sign-in?"); err != nil {
		if errors.Is(err, errDeclined) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// claimLoopbackRedirect claims the redirect URI for the sign-in, and
// returns the function that releases it and reports the outcome.
func (a *app) claimLoopbackRedirect(ctx context.Context, client *keycloak.Client, login keycloak.UserLogin) (func(), error) {
	app := login.Application
	release, err := client.ClaimLoopbackRedirectURI(ctx, app.Ref())
	if err != nil {
		if ctx.Err() != nil {
			// Keycloak may have made the change before the signal came.
			a.warnRedirectURIKept(app, err)
		}
		return nil, err
	}
	if login.Loopback == model.LoopbackAbsent {
		a.message("Added the redirect URI %s to %s.", model.LoopbackRedirectURI, app.ClientID)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		removed, err := release(ctx)
		switch {
		case err != nil:
			a.warnRedirectURIKept(app, err)
		case removed:
			a.message("Removed the temporary redirect URI from %s.", app.ClientID)
		default:
			a.message("Left the redirect URI %s on %s for another idtui sign-in, which removes it when it ends.", model.LoopbackRedirectURI, app.ClientID)
		}
	}, nil
}

// warnRedirectURIKept prints the fix for a redirect URI that may still be
// on the application.
func (a *app) warnRedirectURIKept(app model.Application, err error) {
	a.opts.warn(fmt.Sprintf("the temporary redirect URI %s may still be on %s: %v. Remove it in Keycloak's admin console, under Clients > %s > Valid redirect URIs, or let the next sign-in remove it", model.LoopbackRedirectURI, app.ClientID, err, app.ClientID))
}
