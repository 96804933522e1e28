package main

import (
	"context"
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
	// Ctrl+C ends the sign-in but not the program, so that a temporary
	// redirect URI is still removed.
	ctx, stop := signal.NotifyContext(contextOf(cmd), os.Interrupt, syscall.SIGTERM)
	defer stop()

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

	if method == keycloak.SignInBrowser && !login.RedirectURIFits {
		remove, err := a.addTemporaryRedirectURI(cmd, ctx, client, s, login, opts.yes)
		if err != nil {
			return err
		}
		defer a.removeTemporaryRedirectURI(remove, login.Application)
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

// addTemporaryRedirectURI requests the operator's confirmation, then adds the loopback
// redirect URI that the browser method needs.
func (a *app) addTemporaryRedirectURI(cmd *cobra.Command, ctx context.Context, client *keycloak.Client, s Settings, login keycloak.UserLogin, yes bool) (func(context.Context) error, error) {
	app := login.Application
	if s.ReadOnly.Value {
		return nil, readOnlyError{command: "idtui token --login, which must add the redirect URI " + model.LoopbackRedirectURI + " to " + app.ClientID + ",", origin: s.ReadOnly.Origin}
	}
	if err := a.requireConfirmation(cmd, yes); err != nil {
		return nil, err
	}
	a.message("None of the redirect URIs of %s accepts idtui's listener on 127.0.0.1. idtui will add %s to them for this sign-in, and remove it afterwards.", app.ClientID, model.LoopbackRedirectURI)
	if len(login.Methods()) > 1 {
		a.message("The application allows the device grant too, which needs no change: idtui token %s --login --device", app.ClientID)
	}
	if err := a.confirm(yes, "Add the redirect URI?"); err != nil {
		return nil, err
	}
	remove, err := client.AddLoopbackRedirectURI(ctx, app)
	if err != nil {
		return nil, err
	}
	a.message("Added the redirect URI %s to %s.", model.LoopbackRedirectURI, app.ClientID)
	return remove, nil
}

// removeTemporaryRedirectURI removes the redirect URI even after a failed
// or canceled sign-in, and prints what to do when that fails.
func (a *app) removeTemporaryRedirectURI(remove func(context.Context) error, app model.Application) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if err := remove(ctx); err != nil {
		a.opts.warn(fmt.Sprintf("the temporary redirect URI %s is still on %s: %v. Remove it in Keycloak's admin console, under Clients > %s > Valid redirect URIs", model.LoopbackRedirectURI, app.ClientID, err, app.ClientID))
		return
	}
	a.message("Removed the temporary redirect URI from %s.", app.ClientID)
}
