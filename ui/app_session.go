package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The App's part in the operator's session: the sign-in after Keycloak
// ended it, and the switch to another context.

// requireSignIn opens the sign-in screen, once for all the calls that fail
// while it is open, and keeps each call to retry after the sign-in.
func (a *App) requireSignIn(msg signInRequiredMsg) tea.Cmd {
	for _, s := range a.stack {
		if open, ok := s.(*signInScreen); ok && open.purpose == signInSession && !open.done {
			open.add(msg)
			return nil
		}
	}
	a.env.log.Info("Keycloak ended the operator's session; showing the sign-in", "error", msg.err)
	return a.env.push(newSessionSignIn(a.env, msg))
}

// signInCanceled passes the failed replies to the screens, so that those
// that wait for them stop waiting, and shows one error for all of them.
func (a *App) signInCanceled(msg signInCanceledMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.failed))
	for _, failed := range msg.failed {
		cmds = append(cmds, a.broadcast(failed))
	}
	a.footer.error(errors.New("not signed in, so idtui cannot reach Keycloak; repeat the action, or press ctrl+r in the list, to sign in again"))
	return tea.Batch(cmds...)
}

// switchContext makes the console work on conn from now on, with a new
// list, and shows the context's warnings.
func (a *App) switchContext(conn Connection) tea.Cmd {
	from := a.env.opts.ContextName
	opts := a.env.opts
	opts.ContextName, opts.ReadOnly, opts.Accent = conn.ContextName, conn.ReadOnly, conn.Accent
	a.connect(conn.Backend, opts)
	a.env.log.Info("context switched", "from", from, "to", conn.ContextName, "url", conn.Backend.URL(),
		"realm", conn.Backend.Realm(), "admin", conn.Backend.Identity(), "read_only", conn.ReadOnly)

	cmds := []tea.Cmd{a.top().Init()}
	if len(conn.Warnings) > 0 {
		a.footer.warning(strings.Join(conn.Warnings, "; "))
	} else {
		cmds = append(cmds, a.footer.info("Switched to the context "+conn.ContextName+" for this run"))
	}
	return tea.Batch(cmds...)
}
