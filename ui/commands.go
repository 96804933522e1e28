package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// Every Keycloak call is one of these commands. Each returns a typed reply
// that carries the request id, so screens can drop replies they no longer
// wait for.

// listApplications streams the realm's clients. Each pageMsg carries the
// command that reads the next page, so rows show as soon as the first page
// arrives. Canceling stops the stream without a reply.
func (e *env) listApplications() (requestID, context.CancelFunc, tea.Cmd) {
	id, ctx, cancel := e.start("list applications")
	pages := make(chan pageMsg)

	var next tea.Cmd
	next = func() tea.Msg {
		select {
		case page := <-pages:
			if !page.done && page.err == nil {
				page.next = next
			}
			return page
		case <-ctx.Done():
			return nil
		}
	}

	go func() {
		send := func(page pageMsg) error {
			select {
			case pages <- page:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := e.backend.ListApplications(ctx, e.opts.PageSize, func(apps []model.Application) error {
			return send(pageMsg{reply: reply{id: id}, apps: apps})
		})
		if ctx.Err() != nil {
			return // canceled: a newer listing replaced this one, or the console quit
		}
		_ = send(pageMsg{reply: reply{id: id, err: err}, done: true})
	}()

	stop := func() {
		cancel()
		e.end(id)
	}
	return id, stop, next
}

func (e *env) getApplication(ref model.AppRef) (requestID, tea.Cmd) {
	return e.call("load "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		app, err := e.backend.GetApplication(ctx, ref)
		return appMsg{reply{id, err}, ref, app}
	})
}

// reload reads an application again after a change, for every screen
// that shows it.
func (e *env) reload(ref model.AppRef) tea.Cmd {
	_, cmd := e.call("reload "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		app, err := e.backend.GetApplication(ctx, ref)
		return appChangedMsg{reply{id, err}, ref, app}
	})
	return cmd
}

func (e *env) readSecret(ref model.AppRef) (requestID, tea.Cmd) {
	return e.call("read the secret of "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		secret, err := e.backend.Secret(ctx, ref)
		return secretMsg{reply{id, err}, ref, secret}
	})
}

// readServiceAccount reads the service account's username and its
// permissions. The details screen shows a failure where the two would be,
// so the reply keeps it from the footer and it is logged here.
func (e *env) readServiceAccount(ref model.AppRef) (requestID, tea.Cmd) {
	return e.call("read the service account of "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		user, perms, err := e.backend.ServiceAccount(ctx, ref)
		if err != nil {
			e.log.Warn("reading the service account failed", "client_id", ref.ClientID, "error", err)
		}
		return serviceAccountMsg{reply{id, err}, ref, user, perms}
	})
}

func (e *env) create(n model.NewApplication) (requestID, tea.Cmd) {
	return e.change("create "+n.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		app, secret, err := e.backend.CreateApplication(ctx, n)
		return createdMsg{reply{id, err}, app, secret}
	})
}

func (e *env) rotate(ref model.AppRef) (requestID, tea.Cmd) {
	return e.change("rotate the secret of "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		secret, err := e.backend.RotateSecret(ctx, ref)
		return rotatedMsg{reply{id, err}, ref, secret}
	})
}

func (e *env) setEnabled(ref model.AppRef, enabled bool) (requestID, tea.Cmd) {
	label := "disable " + ref.ClientID
	if enabled {
		label = "enable " + ref.ClientID
	}
	return e.change(label, func(ctx context.Context, id requestID) tea.Msg {
		err := e.backend.SetEnabled(ctx, ref, enabled)
		return enabledMsg{reply{id, err}, ref, enabled}
	})
}

func (e *env) delete(ref model.AppRef) (requestID, tea.Cmd) {
	return e.change("delete "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		err := e.backend.DeleteApplication(ctx, ref)
		return deletedMsg{reply{id, err}, ref}
	})
}

func (e *env) listAPIs() (requestID, tea.Cmd) {
	return e.call("list the realm's APIs", func(ctx context.Context, id requestID) tea.Msg {
		apis, err := e.backend.ListAPIs(ctx)
		return apisMsg{reply{id, err}, apis}
	})
}

// changePermission grants the permission to the application, or removes it.
func (e *env) changePermission(ref model.AppRef, p model.Permission, grant bool) (requestID, tea.Cmd) {
	label, apply := "grant "+p.String()+" to "+ref.ClientID, e.backend.GrantPermission
	if !grant {
		label, apply = "remove "+p.String()+" from "+ref.ClientID, e.backend.RevokePermission
	}
	return e.change(label, func(ctx context.Context, id requestID) tea.Msg {
		err := apply(ctx, ref, p)
		return permissionChangedMsg{reply{id, err}, ref, p, grant}
	})
}

// fetchTestToken fetches a token for the application, then the realm's
// keys to verify it with. A failed key fetch leaves the signature
// unchecked but keeps the token.
func (e *env) fetchTestToken(ref model.AppRef) (requestID, tea.Cmd) {
	return e.call("fetch a test token for "+ref.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		msg := tokenMsg{ref: ref}
		msg.test, msg.err = e.backend.FetchTestToken(ctx, ref)
		msg.id, msg.fetchedAt = id, e.now()
		if msg.err != nil {
			// tokenMsg keeps its error from the footer, so it is logged here.
			e.log.Warn("test token failed", "client_id", ref.ClientID, "error", msg.err)
			return msg
		}
		e.log.Info("test token fetched", "client_id", ref.ClientID)
		e.checkTokens(ctx, &msg)
		return msg
	})
}

// checkTokens decodes the tokens of msg and verifies them against the
// realm's keys.
func (e *env) checkTokens(ctx context.Context, msg *tokenMsg) {
	msg.access = decodeToken(msg.test.Response.AccessToken)
	if raw := msg.test.Response.IDToken; raw != "" {
		idToken := decodeToken(raw)
		msg.idToken = &idToken
	}

	keys, err := e.backend.KeySet(ctx)
	if err != nil {
		e.log.Warn("fetching the realm's keys failed", "error", err)
		msg.keysErr = err
		return
	}
	for _, t := range []*checkedToken{&msg.access, msg.idToken} {
		if t != nil && t.decodeErr == nil {
			v := tokencheck.Verify(t.token, keys)
			t.signature = &v
		}
	}
}

func decodeToken(raw model.Secret) checkedToken {
	t := checkedToken{raw: raw}
	t.token, t.decodeErr = tokencheck.Decode(raw.Reveal())
	return t
}

// copySecret reads the application's current secret and requests a copy
// of it, alone or as the .env block.
func (e *env) copySecret(app model.Application, kind copyKind) tea.Cmd {
	if !app.HasSecret() {
		action := "copy"
		if kind == copyEnvBlock {
			action = "put in a .env block"
		}
		return notifyError(errNoSecret(app, action))
	}
	_, cmd := e.call("read the secret of "+app.ClientID, func(ctx context.Context, id requestID) tea.Msg {
		secret, err := e.backend.Secret(ctx, app.Ref())
		msg := e.copyRequest(app.ClientID, secret, kind)
		msg.reply, msg.ref, msg.secret = reply{id, err}, app.Ref(), secret
		return msg
	})
	return cmd
}

// copyRequest builds the copy of a known secret.
func (e *env) copyRequest(clientID string, secret model.Secret, kind copyKind) copyMsg {
	msg := copyMsg{clientID: clientID, kind: kind, text: secret}
	if kind == copyEnvBlock {
		msg.text = model.EnvBlock{
			ClientID: clientID,
			Secret:   secret,
			TokenURL: e.backend.TokenURL(),
			Audience: model.ZeebeAudience,
		}.Text()
	}
	return msg
}

func notifyInfo(text string) tea.Cmd { return func() tea.Msg { return infoMsg(text) } }
func notifyNote(text string) tea.Cmd { return func() tea.Msg { return noteMsg(text) } }
func notifyError(err error) tea.Cmd  { return func() tea.Msg { return errorMsg{err} } }
