package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Open    key.Binding
	Filter  key.Binding
	ShowAll key.Binding
	Sort    key.Binding
	Refresh key.Binding
	New     key.Binding

	// Keys while the filter takes text, where j and k are letters.
	AcceptFilter, ClearFilter key.Binding
	ArrowUp, ArrowDown        key.Binding
}

func newListKeys(readOnly bool) listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),

		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ShowAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "show/hide built-in and API clients")),
		Sort:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by client id/secret age")),
		Refresh: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		New:     mutating(readOnly, key.WithKeys("n"), key.WithHelp("n", "new application")),

		AcceptFilter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		ClearFilter:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		ArrowUp:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		ArrowDown:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
	}
}

// listScreen is the bottom screen: every application of the realm, filtered
// and sorted in memory while the pages stream in.
type listScreen struct {
	env  *env
	keys listKeys

	table  appTable
	cursor int // position in the visible rows
	offset int // first visible row on screen

	filter    textinput.Model
	filtering bool

	listID   requestID
	stopList context.CancelFunc
	loading  bool
	// incoming collects a refresh's pages, which replace the rows at once
	// when the last page arrives, so the list does not empty meanwhile.
	incoming   []model.Application
	refreshing bool
	// loadErr is the error that ended the latest listing early. The rows
	// are then incomplete, or out of date after a failed refresh, until a
	// listing completes.
	loadErr error
	// selected is the client id under the cursor, kept across reloads.
	selected string

	width, height int
}

func newListScreen(e *env) *listScreen {
	return &listScreen{env: e, keys: newListKeys(e.opts.ReadOnly), filter: e.newTextInput("/", "client id or name")}
}

func (s *listScreen) Init() tea.Cmd { return s.load(false) }

// load starts streaming the applications. A refresh keeps the current rows
// on screen until the new list is complete.
func (s *listScreen) load(refresh bool) tea.Cmd {
	if s.stopList != nil {
		s.stopList()
	}
	var cmd tea.Cmd
	s.listID, s.stopList, cmd = s.env.listApplications()
	s.loading = true
	s.refreshing = refresh
	s.incoming = nil
	return cmd
}

func (s *listScreen) Title() string { return "Applications" }

func (s *listScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.filter.SetWidth(max(10, width-4))
	s.clampScroll()
}

func (s *listScreen) Capturing() bool { return s.filtering }

func (s *listScreen) ShortHelp() []key.Binding {
	if s.filtering {
		return []key.Binding{s.keys.AcceptFilter, s.keys.ClearFilter, s.keys.ArrowUp, s.keys.ArrowDown}
	}
	a := s.env.actions
	return enabled(s.keys.Open, a.Token, s.keys.Filter, s.keys.New, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete)
}

func (s *listScreen) FullHelp() [][]key.Binding {
	k, a := s.keys, s.env.actions
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom),
		enabled(k.Open, k.Filter, k.ShowAll, k.Sort, k.Refresh),
		enabled(a.Token, k.New, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete),
	}
}

func (s *listScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
		return s.handleKey(msg)
	case pageMsg:
		if msg.id != s.listID {
			return nil
		}
		return s.addPage(msg)
	case enabledMsg:
		if msg.err == nil {
			s.applyEnabled(msg)
		}
	case createdMsg:
		if msg.err == nil {
			s.table.upsert(msg.app)
			s.restoreSelection()
		}
	case appChangedMsg:
		if msg.err == nil {
			s.table.upsert(msg.app)
			s.restoreSelection()
		}
	case deletedMsg:
		if msg.err == nil {
			s.table.remove(msg.ref)
			s.restoreSelection()
		}
	}
	return nil
}

func (s *listScreen) addPage(msg pageMsg) tea.Cmd {
	if msg.done || msg.err != nil {
		s.loading = false
		s.stopList = nil
		s.loadErr = msg.err
	}
	if errors.Is(msg.err, keycloak.ErrSignInRequired) {
		// After the sign-in, the list loads again as a refresh, which
		// replaces the pages that arrived before the session ended.
		failed := signInRequiredMsg{reply: reply{id: msg.id, err: msg.err}, retry: func() tea.Cmd { return s.load(true) }}
		return func() tea.Msg { return failed }
	}
	if s.refreshing {
		s.incoming = append(s.incoming, msg.apps...)
		if msg.done && msg.err == nil {
			s.table.replace(s.incoming)
			s.incoming = nil
			s.restoreSelection()
		}
		return msg.next
	}
	s.table.add(msg.apps)
	s.restoreSelection()
	return msg.next
}

func (s *listScreen) applyEnabled(msg enabledMsg) {
	for i := range s.table.rows {
		if s.table.rows[i].app.ID == msg.ref.ID {
			s.table.rows[i].app.Enabled = msg.enabled
		}
	}
}

func (s *listScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k, a := s.keys, s.env.actions
	switch {
	case key.Matches(msg, k.Up):
		s.move(-1)
	case key.Matches(msg, k.Down):
		s.move(1)
	case key.Matches(msg, k.PageUp):
		s.move(-max(1, s.rowsHeight()-1))
	case key.Matches(msg, k.PageDown):
		s.move(max(1, s.rowsHeight()-1))
	case key.Matches(msg, k.Top):
		s.move(-s.table.len())
	case key.Matches(msg, k.Bottom):
		s.move(s.table.len())
	case key.Matches(msg, k.Filter):
		s.filtering = true
		return s.filter.Focus()
	case key.Matches(msg, s.env.global.Back) && s.table.filter != "":
		s.filter.SetValue("")
		s.applyFilter()
	case key.Matches(msg, k.ShowAll):
		s.table.setShowAll(!s.table.showAll)
		s.restoreSelection()
	case key.Matches(msg, k.Sort):
		s.table.setOrder((s.table.order + 1) % 2)
		s.restoreSelection()
		return notifyInfo("Sorted by " + s.table.order.String())
	case key.Matches(msg, k.Refresh):
		return s.load(true)
	case key.Matches(msg, k.New):
		return s.env.push(newCreateScreen(s.env))
	}

	if cmd := s.env.readOnlyNote(msg, k.New, a.Rotate, a.Toggle, a.Delete); cmd != nil {
		return cmd
	}
	app, ok := s.current()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return s.env.push(newDetailsScreen(s.env, app))
	case key.Matches(msg, a.Token):
		return openToken(s.env, app)
	case key.Matches(msg, a.CopySecret):
		return s.env.copySecret(app, copySecretOnly)
	case key.Matches(msg, a.CopyEnv):
		return s.env.copySecret(app, copyEnvBlock)
	case key.Matches(msg, a.Rotate):
		return openRotate(s.env, app)
	case key.Matches(msg, a.Toggle):
		return toggleEnabled(s.env, app)
	case key.Matches(msg, a.Delete):
		return s.env.push(newDeleteScreen(s.env, app))
	}
	return nil
}

func (s *listScreen) updateFilter(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.AcceptFilter):
		s.filtering = false
		s.filter.Blur()
		return nil
	case key.Matches(msg, s.keys.ClearFilter):
		s.filtering = false
		s.filter.Blur()
		s.filter.SetValue("")
		s.applyFilter()
		return nil
	case key.Matches(msg, s.keys.ArrowUp):
		s.move(-1)
		return nil
	case key.Matches(msg, s.keys.ArrowDown):
		s.move(1)
		return nil
	}
	before := s.filter.Value()
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	if s.filter.Value() == before {
		return cmd
	}
	s.table.setFilter(s.filter.Value())
	s.selectFirst()
	return cmd
}

// applyFilter applies a cleared filter, and keeps the selection on the
// application that was selected through it.
func (s *listScreen) applyFilter() {
	s.table.setFilter(s.filter.Value())
	s.restoreSelection()
}

// selectFirst selects the first visible application, as after a change of
// the filter text, so that enter opens the first match and not the one that
// happens to sit on the old selection's row.
func (s *listScreen) selectFirst() {
	s.cursor, s.offset = 0, 0
	s.move(0)
}

// current returns the application under the cursor.
func (s *listScreen) current() (model.Application, bool) {
	if s.cursor < 0 || s.cursor >= s.table.len() {
		return model.Application{}, false
	}
	return s.table.at(s.cursor), true
}

func (s *listScreen) move(delta int) {
	s.cursor = max(0, min(s.cursor+delta, s.table.len()-1))
	if app, ok := s.current(); ok {
		s.selected = app.ClientID
	}
	s.clampScroll()
}

// restoreSelection puts the cursor back on the selected client id after
// the rows changed, or keeps its position where that client is gone.
func (s *listScreen) restoreSelection() {
	if i := s.table.indexOf(s.selected); i >= 0 {
		s.cursor = i
	}
	s.move(0)
}

// clampScroll keeps the cursor on screen.
func (s *listScreen) clampScroll() {
	rows := s.rowsHeight()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if rows > 0 && s.cursor >= s.offset+rows {
		s.offset = s.cursor - rows + 1
	}
	s.offset = max(0, min(s.offset, s.table.len()-rows))
}

// rowsHeight is the number of rows on screen: the height less the summary,
// the filter and the column headings.
func (s *listScreen) rowsHeight() int { return max(0, s.height-3) }

func (s *listScreen) View() string {
	st := s.env.styles
	cols := newListColumns(s.width)
	lines := make([]string, 0, s.height)
	lines = append(lines, s.summary(), s.filterLine(), st.Heading.Render(cols.heading()))

	now := s.env.now()
	end := min(s.table.len(), s.offset+s.rowsHeight())
	for i := s.offset; i < end; i++ {
		app := s.table.at(i)
		line := cols.row(app, now)
		switch {
		case i == s.cursor:
			line = st.Selected.Render(line)
		case !app.Enabled:
			line = st.Disabled.Render(line)
		}
		lines = append(lines, line)
	}
	if s.table.len() == 0 {
		lines = append(lines, st.Muted.Render(s.emptyText()))
	}
	return strings.Join(lines, "\n")
}

func (s *listScreen) summary() string {
	st := s.env.styles
	text := fmt.Sprintf("%s, sorted by %s", plural(s.table.len(), "application"), s.table.order)
	if s.loadFailed() {
		text = s.failedSummary()
	}
	if s.table.hiddenByType > 0 {
		text += fmt.Sprintf(" · %d built-in and API clients hidden (a shows them)", s.table.hiddenByType)
	}
	if s.loading {
		text += fmt.Sprintf(" · loading, %d so far", len(s.table.rows)+len(s.incoming))
	}
	if s.loadFailed() {
		return st.Warning.Render(text)
	}
	return st.Muted.Render(text)
}

// loadFailed reports whether the latest listing ended with an error, so
// the rows on screen are not the realm's whole list. An ended session is
// left out, because the sign-in opens and then loads the list again.
func (s *listScreen) loadFailed() bool {
	return !s.loading && s.loadErr != nil && !errors.Is(s.loadErr, keycloak.ErrSignInRequired)
}

// failedSummary returns the summary of a failed listing: the rows are
// incomplete, or out of date after a failed refresh, which keeps the rows
// from before.
func (s *listScreen) failedSummary() string {
	if s.refreshing {
		return fmt.Sprintf("%s, sorted by %s: refreshing failed, so the list may be out of date; ctrl+r reloads", plural(s.table.len(), "application"), s.table.order)
	}
	return fmt.Sprintf("%d of ? applications, sorted by %s: loading failed, so the list is incomplete; ctrl+r reloads", s.table.len(), s.table.order)
}

func (s *listScreen) filterLine() string {
	if s.filtering || s.filter.Value() != "" {
		return s.filter.View()
	}
	return s.env.styles.Muted.Render("/ to filter")
}

func (s *listScreen) emptyText() string {
	switch {
	case s.loading:
		return "Loading the applications…"
	case s.loadFailed() && len(s.table.rows) == 0:
		return "Loading the applications failed. ctrl+r reloads."
	case s.table.filter != "" && s.loadFailed():
		return "No loaded application matches the filter, but loading failed, so the list is incomplete. ctrl+r reloads; esc clears the filter."
	case s.table.filter != "":
		return "No application matches the filter. esc clears it."
	case s.keys.New.Enabled():
		return "No applications. n creates one."
	}
	return "No applications."
}
