package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/idtui/idtui/model"
)

// benchmarkRealmSize is the realm size that the list must handle smoothly.
const benchmarkRealmSize = 10_000

func manyApps(n int) []model.Application {
	types := []model.AppType{model.TypeM2M, model.TypeConfidential, model.TypePublic, model.TypeAPI}
	apps := make([]model.Application, n)
	for i := range apps {
		apps[i] = model.Application{
			ID:              fmt.Sprintf("id-%05d", i),
			ClientID:        fmt.Sprintf("service-%05d", (i*7919)%n),
			Name:            fmt.Sprintf("Service number %d of team %d", i, i%37),
			Type:            types[i%len(types)],
			Enabled:         i%11 != 0,
			SecretCreatedAt: testNow.Add(-time.Duration(i) * time.Hour),
		}
	}
	return apps
}

// loadedFixture returns a console whose list holds n applications.
func loadedFixture(b *testing.B, n, width, height int) *fixture {
	b.Helper()
	clock := &testClock{now: testNow}
	backend := newMemoryBackend(clock.Now, manyApps(n)...)
	f := &fixture{app: New(backend, Options{Clock: clock.Now, native: &memoryClipboard{}, getenv: func(string) string { return "" }}), backend: backend, clock: clock}
	f.drive(windowSize(width, height))
	f.run(f.app.Init())
	if got := len(f.app.stack[0].(*listScreen).table.rows); got != n {
		b.Fatalf("loaded %d applications, want %d", got, n)
	}
	return f
}

// BenchmarkFilterKeystroke measures one keystroke in the filter of a list
// of 10,000 applications: the typed key, the filter and the selection. Each
// iteration types a digit and deletes it again, so half the keystrokes
// narrow the filter and half widen it to a full scan.
func BenchmarkFilterKeystroke(b *testing.B) {
	f := loadedFixture(b, benchmarkRealmSize, 160, 50)
	list := f.app.stack[0].(*listScreen)
	f.press("/")
	f.typeText("service-0")
	typed, erase := keyPress("4"), keyPress("backspace")

	for b.Loop() {
		list.Update(typed)
		list.Update(erase)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/keystroke")
}

// BenchmarkListFrame measures drawing one frame of the whole console with
// the list of 10,000 applications in a 160×50 terminal.
func BenchmarkListFrame(b *testing.B) {
	f := loadedFixture(b, benchmarkRealmSize, 160, 50)
	f.press("pgdown", "pgdown")

	for b.Loop() {
		_ = f.app.View()
	}
}

// BenchmarkListPage measures merging one page of 100 applications into a
// list that already holds 9,900, the last page of a 10,000 realm.
func BenchmarkListPage(b *testing.B) {
	apps := manyApps(benchmarkRealmSize)
	var base appTable
	base.add(apps[:benchmarkRealmSize-100])
	page := apps[benchmarkRealmSize-100:]

	for b.Loop() {
		table := base
		table.rows = base.rows[:len(base.rows):len(base.rows)]
		table.visible = nil
		table.add(page)
	}
}
