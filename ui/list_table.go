package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/idtui/idtui/model"
)

// sortOrder is the order of the list.
type sortOrder int

const (
	sortByClientID  sortOrder = iota
	sortBySecretAge           // oldest secret first, then unknown ages, then no secret
)

func (o sortOrder) String() string {
	if o == sortBySecretAge {
		return "secret age"
	}
	return "client id"
}

// appRow is one application with its lower-cased search text, computed
// once so that a filter keystroke costs one substring search per row.
type appRow struct {
	app    model.Application
	search string
}

func newAppRow(app model.Application) appRow {
	return appRow{app: app, search: strings.ToLower(app.ClientID + "\x00" + app.Name)}
}

// appTable holds every loaded application in the sort order, and the
// indices of those that the filter and the type toggle let through. It
// makes no request, so filtering and scrolling never wait on Keycloak.
type appTable struct {
	rows    []appRow
	visible []int // indices into rows
	filter  string
	showAll bool // show the built-in and API clients too
	order   sortOrder
	// hiddenByType counts the built-in and API clients that showAll hides.
	hiddenByType int
}

func (t *appTable) less(a, b *appRow) int {
	if t.order == sortBySecretAge {
		if c := cmp.Compare(secretAgeRank(a.app), secretAgeRank(b.app)); c != 0 {
			return c
		}
		if ta, tb := a.app.SecretCreatedAt, b.app.SecretCreatedAt; !ta.Equal(tb) {
			return ta.Compare(tb)
		}
	}
	return cmp.Compare(a.app.ClientID, b.app.ClientID)
}

// secretAgeRank groups the applications for the sort by secret age: those
// with a recorded age, then those with a secret of unknown age, which may
// be older still, then those without a secret.
func secretAgeRank(app model.Application) int {
	switch {
	case !app.HasSecret():
		return 2
	case app.SecretCreatedAt.IsZero():
		return 1
	}
	return 0
}

// add merges a page into the sorted rows. Keycloak returns clients in its
// own order, so each page is sorted and merged, which costs O(n) per page.
func (t *appTable) add(apps []model.Application) {
	page := make([]appRow, len(apps))
	for i, app := range apps {
		page[i] = newAppRow(app)
	}
	slices.SortFunc(page, func(a, b appRow) int { return t.less(&a, &b) })

	merged := make([]appRow, 0, len(t.rows)+len(page))
	i, j := 0, 0
	for i < len(t.rows) && j < len(page) {
		if t.less(&page[j], &t.rows[i]) < 0 {
			merged = append(merged, page[j])
			j++
		} else {
			merged = append(merged, t.rows[i])
			i++
		}
	}
	merged = append(merged, t.rows[i:]...)
	merged = append(merged, page[j:]...)
	t.rows = merged
	t.refilter()
}

// replace swaps in a complete new set of applications, after a refresh.
func (t *appTable) replace(apps []model.Application) {
	t.rows = nil
	t.add(apps)
}

// upsert replaces the application with the same internal id, or adds it.
func (t *appTable) upsert(app model.Application) {
	t.rows = slices.DeleteFunc(t.rows, func(r appRow) bool { return r.app.ID == app.ID })
	t.add([]model.Application{app})
}

func (t *appTable) remove(ref model.AppRef) {
	t.rows = slices.DeleteFunc(t.rows, func(r appRow) bool { return r.app.ID == ref.ID })
	t.refilter()
}

func (t *appTable) setOrder(order sortOrder) {
	t.order = order
	slices.SortStableFunc(t.rows, func(a, b appRow) int { return t.less(&a, &b) })
	t.refilter()
}

// setFilter changes the filter text. A filter that extends the previous
// one searches only the rows that are visible already.
func (t *appTable) setFilter(filter string) {
	filter = strings.ToLower(filter)
	if filter == t.filter {
		return
	}
	narrowing := t.filter != "" && strings.HasPrefix(filter, t.filter)
	t.filter = filter
	if !narrowing {
		t.refilter()
		return
	}
	kept := t.visible[:0]
	for _, i := range t.visible {
		if strings.Contains(t.rows[i].search, filter) {
			kept = append(kept, i)
		}
	}
	t.visible = kept
}

func (t *appTable) setShowAll(showAll bool) {
	t.showAll = showAll
	t.refilter()
}

func (t *appTable) refilter() {
	t.visible = t.visible[:0]
	t.hiddenByType = 0
	for i := range t.rows {
		r := &t.rows[i]
		if !t.showAll && isInfrastructure(r.app.Type) {
			t.hiddenByType++
			continue
		}
		if t.filter == "" || strings.Contains(r.search, t.filter) {
			t.visible = append(t.visible, i)
		}
	}
}

// isInfrastructure reports whether the list hides the type by default:
// Keycloak's own clients and the API clients, which no one logs in to.
func isInfrastructure(typ model.AppType) bool {
	return typ == model.TypeBuiltIn || typ == model.TypeAPI
}

// at returns the i-th visible application.
func (t *appTable) at(i int) model.Application { return t.rows[t.visible[i]].app }

func (t *appTable) len() int { return len(t.visible) }

// indexOf returns the visible position of the client id, or -1.
func (t *appTable) indexOf(clientID string) int {
	for pos, i := range t.visible {
		if t.rows[i].app.ClientID == clientID {
			return pos
		}
	}
	return -1
}
