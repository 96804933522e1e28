package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// The commands of the flows that wait for the operator: the sign-ins on
// Keycloak's login page and the switch to another context. Each runs with
// env.flow, so that its prompts reach the screen while it waits.

// cleanupTimeout bounds the removal of a temporary redirect URI, and how
// long Close waits for it.
const cleanupTimeout = 30 * time.Second

// errSecretCanceled is the answer of a secret prompt that the operator
// left with esc.
var errSecretCanceled = errors.New("the operator canceled the secret prompt")

// prompter returns the keycloak.PromptFunc of the flow id, which passes the
// sign-in prompt to the screen and returns at once.
func prompter(id requestID, send func(tea.Msg)) keycloak.PromptFunc {
	return func(p keycloak.SignInPrompt) error {
		send(signInPromptMsg{id: id, prompt: p})
		return nil
	}
}

// signInAgain signs the operator in on Keycloak's login page of backend,
// which is the console's, or the one of a context it switches to.
func (e *env) signInAgain(backend Backend) (requestID, context.CancelFunc, tea.Cmd) {
	return e.flow(func(ctx context.Context, id requestID, send func(tea.Msg)) tea.Msg {
		e.log.Info("operator sign-in started", "url", backend.URL(), "admin", backend.Identity())
		err := backend.SignInAgain(ctx, prompter(id, send))
		if err != nil {
			e.log.Warn("operator sign-in failed", "error", err)
		} else {
			e.log.Info("operator signed in again", "admin", backend.Identity())
		}
		return signedInMsg{reply{id, err}}
	})
}

func (e *env) prepareUserLogin(ref model.AppRef) (requestID, tea.Cmd) {
	return e.call("prepare the sign-in as a user of "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		login, err := e.backend.PrepareUserLogin(ctx, ref)
		return userLoginMsg{reply{id, err}, ref, login}
	})
}

// userToken signs a user in as the application, then decodes and verifies
// the tokens. With claim, it claims the loopback redirect URI first and
// releases it afterwards, also after a failed or canceled sign-in.
func (e *env) userToken(login keycloak.UserLogin, method keycloak.SignInMethod, claim bool) (requestID, context.CancelFunc, tea.Cmd) {
	app := login.Application
	if claim {
		// Added here, in Update, so that it comes before Close waits.
		e.cleanups.Add(1)
	}
	return e.flow(func(ctx context.Context, id requestID, send func(tea.Msg)) tea.Msg {
		msg := tokenMsg{}
		msg.id = id
		var release func(context.Context) (bool, error)
		if claim {
			defer e.cleanups.Done()
			var err error
			if release, err = e.claimRedirectURI(ctx, app); err != nil {
				e.log.Warn("claiming the temporary redirect URI failed", "client_id", app.ClientID, "error", err)
				msg.err = err
				return msg
			}
			if ctx.Err() != nil {
				// The operator canceled the sign-in while the URI was being added.
				msg.err, msg.cleanupErr = ctx.Err(), e.releaseRedirectURI(ctx, app, release)
				return msg
			}
		}

		e.log.Info("user sign-in started", "client_id", app.ClientID, "method", string(method))
		msg.test, msg.err = e.backend.UserToken(ctx, login, method, prompter(id, send))
		msg.fetchedAt = e.now()
		if release != nil {
			msg.cleanupErr = e.releaseRedirectURI(ctx, app, release)
		}
		if msg.err != nil {
			e.log.Warn("user sign-in failed", "client_id", app.ClientID, "error", msg.err)
			return msg
		}
		e.checkTokens(ctx, &msg)
		return msg
	})
}

// claimRedirectURI claims the temporary redirect URI, within
// cleanupTimeout, also when the operator cancels the sign-in meanwhile. A
// canceled request could reach Keycloak and add the URI without returning
// the function that releases it, so the claim always runs to its end.
//
// NOTE: when the claim times out, Keycloak may still have added the URI,
// and no release follows. Once its lease ends, the next sign-in finds it
// and offers to remove it.
func (e *env) claimRedirectURI(ctx context.Context, app model.Application) (func(context.Context) (bool, error), error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	return e.backend.ClaimLoopbackRedirectURI(ctx, app.Ref())
}

// releaseRedirectURI releases the temporary redirect URI, even when the
// flow's context was canceled, within cleanupTimeout. The backend logs
// whether it removed the URI.
func (e *env) releaseRedirectURI(ctx context.Context, app model.Application, release func(context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if _, err := release(ctx); err != nil {
		e.log.Error("removing the temporary redirect URI failed; remove it in Keycloak", "client_id", app.ClientID, "redirect_uri", model.LoopbackRedirectURI, "error", err)
		return err
	}
	return nil
}

// connect builds and logs in the backend of another context. A secret
// that the context needs and that no source supplies is asked for on the
// screen that runs the flow.
func (e *env) connect(name string) (requestID, context.CancelFunc, tea.Cmd) {
	contexts := e.opts.Contexts
	return e.flow(func(ctx context.Context, id requestID, send func(tea.Msg)) tea.Msg {
		ask := func(label string) (model.Secret, error) {
			answers := make(chan secretAnswer, 1)
			send(secretPromptMsg{id: id, label: label, answers: answers})
			select {
			case a := <-answers:
				return a.secret, a.err
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}

		e.log.Info("connecting to another context", "context", name)
		conn, err := contexts.Connect(ctx, name, ask)
		switch {
		case err == nil:
			e.log.Info("connected to another context", "context", name, "url", conn.Backend.URL(), "realm", conn.Backend.Realm())
		case !errors.Is(err, keycloak.ErrSignInRequired) && !errors.Is(err, errSecretCanceled):
			e.log.Warn("connecting to another context failed", "context", name, "error", err)
		}
		return connectMsg{reply{id, err}, name, conn}
	})
}
