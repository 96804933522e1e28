package ui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// appReply is the reply of a request about one application.
type appReply interface {
	appRef() model.AppRef
}

func (m appMsg) appRef() model.AppRef               { return m.ref }
func (m appChangedMsg) appRef() model.AppRef        { return m.ref }
func (m secretMsg) appRef() model.AppRef            { return m.ref }
func (m serviceAccountMsg) appRef() model.AppRef    { return m.ref }
func (m rotatedMsg) appRef() model.AppRef           { return m.ref }
func (m enabledMsg) appRef() model.AppRef           { return m.ref }
func (m deletedMsg) appRef() model.AppRef           { return m.ref }
func (m permissionChangedMsg) appRef() model.AppRef { return m.ref }
func (m copyMsg) appRef() model.AppRef              { return m.ref }
func (m tokenMsg) appRef() model.AppRef             { return m.ref }
func (m userLoginMsg) appRef() model.AppRef         { return m.ref }

// checkDeleted checks a reply that failed with "not found". A failed read
// of the application itself means that it was deleted. Other requests can
// fail with "not found" for another reason, such as an API that does not
// exist, so the application is read to tell.
func (a *App) checkDeleted(msg tea.Msg) tea.Cmd {
	r, ok := msg.(requestReply)
	if !ok || !errors.Is(r.requestErr(), keycloak.ErrNotFound) {
		return nil
	}
	scoped, ok := msg.(appReply)
	if !ok || scoped.appRef().ID == "" {
		return nil
	}
	ref := scoped.appRef()

	switch msg.(type) {
	case appMsg, appChangedMsg:
		a.env.log.Info("application deleted elsewhere", "client_id", ref.ClientID, "id", ref.ID)
		a.deletedApp = &ref
		a.footer.error(fmt.Errorf("%s no longer exists in the realm %s, because another admin or console deleted it. Press any key to return to the refreshed list", ref.ClientID, a.env.backend.Realm()))
		return nil
	}
	return a.env.reload(ref)
}

// leaveDeletedApp closes the screens of the deleted application, and the
// screens above them, and refreshes the list without it. A screen that
// waits for a change it sent stays, so that its result still shows, and
// the next key tries again.
func (a *App) leaveDeletedApp() tea.Cmd {
	ref := *a.deletedApp
	if _, waiting := a.awaitedChange(a.top()); waiting {
		return nil
	}
	a.deletedApp = nil

	first := len(a.stack)
	for i := len(a.stack) - 1; i > 0; i-- {
		if showsApplication(a.stack[i], ref) {
			first = i
		}
	}
	for i := len(a.stack) - 1; i >= first; i-- {
		a.env.closeScreen(a.stack[i])
	}

	list := a.stack[0].(*listScreen)
	list.table.remove(ref)
	list.restoreSelection()
	return list.load(true)
}

// showsApplication reports whether screen s is about the application.
func showsApplication(s screen, ref model.AppRef) bool {
	if details, ok := s.(*detailsScreen); ok {
		return details.app.ID == ref.ID
	}
	scoped, ok := s.(appScoped)
	return ok && scoped.clientID() == ref.ClientID
}
