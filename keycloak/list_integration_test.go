package keycloak_test

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// seededClients is how many clients realmWithClients creates, enough for
// dozens of pages of a few clients each.
const seededClients = 300

// realmWithClients creates a realm with seededClients M2M clients besides
// Keycloak's built-in ones, deleted when the test ends, and returns a
// Client on it.
func realmWithClients(t *testing.T) (*keycloak.Client, keycloak.Config) {
	t.Helper()
	admin := kctest.NewAdmin(t)
	clients := make([]gocloak.Client, seededClients)
	for i := range clients {
		clients[i] = gocloak.Client{
			ClientID:               gocloak.StringP(fmt.Sprintf("paging-%03d", i)),
			Enabled:                gocloak.BoolP(true),
			PublicClient:           gocloak.BoolP(false),
			StandardFlowEnabled:    gocloak.BoolP(false),
			ServiceAccountsEnabled: gocloak.BoolP(true),
		}
	}
	realm := admin.CreateRealm(t, "paging", gocloak.RealmRepresentation{Clients: &clients})

	cfg := kctest.Config(t)
	cfg.Realm = realm
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, cfg
}

// clientIDs returns the client ids of apps, in order.
func clientIDs(apps []model.Application) []string {
	ids := make([]string, len(apps))
	for i, app := range apps {
		ids[i] = app.ClientID
	}
	return ids
}

// TestListPaging runs its cases on one realm, because creating a realm
// with hundreds of clients takes Keycloak several seconds.
func TestListPaging(t *testing.T) {
	c, cfg := realmWithClients(t)

	t.Run("across page boundaries", func(t *testing.T) { testListAcrossPageBoundaries(t, c) })
	t.Run("request count", func(t *testing.T) { testListRequestCount(t, c) })
	t.Run("yield error", func(t *testing.T) { testListStopsAtYieldError(t, c) })
	t.Run("page error", func(t *testing.T) { testListReturnsFirstPageError(t, cfg) })
}

func testListAcrossPageBoundaries(t *testing.T, c *keycloak.Client) {
	ctx := kctest.Context(t)

	// One page larger than the realm is the reference order.
	var reference []model.Application
	err := c.ListApplications(ctx, 1000, func(page []model.Application) error {
		reference = append(reference, page...)
		return nil
	})
	if err != nil {
		t.Fatalf("list in one page: %v", err)
	}
	if len(reference) < seededClients {
		t.Fatalf("one page returned %d applications, want at least %d", len(reference), seededClients)
	}
	total := len(reference)

	// 7 leaves a short last page; a divisor of the total ends on an empty page.
	divisor := 0
	for d := 11; d < 60; d++ {
		if total%d == 0 {
			divisor = d
			break
		}
	}
	for _, pageSize := range []int{7, divisor, total} {
		if pageSize == 0 {
			continue
		}
		t.Run(fmt.Sprintf("pages of %d", pageSize), func(t *testing.T) {
			var listed []model.Application
			var pages []int
			var inYield atomic.Int32
			err := c.ListApplications(ctx, pageSize, func(page []model.Application) error {
				if inYield.Add(1) != 1 {
					t.Error("yield called while another call of it runs")
				}
				defer inYield.Add(-1)
				time.Sleep(time.Millisecond) // widens the window in which a second call would overlap
				pages = append(pages, len(page))
				listed = append(listed, page...)
				return nil
			})
			if err != nil {
				t.Fatalf("list: %v", err)
			}

			if !slices.Equal(clientIDs(listed), clientIDs(reference)) {
				t.Errorf("pages of %d listed %d applications that differ from the %d of one page, or come in another order", pageSize, len(listed), total)
			}
			wantPages := total/pageSize + 1
			if len(pages) != wantPages {
				t.Errorf("got %d pages, want %d", len(pages), wantPages)
			}
			for i, n := range pages[:len(pages)-1] {
				if n != pageSize {
					t.Errorf("page %d has %d applications, want %d: only the last page is short", i, n, pageSize)
				}
			}
			if last := pages[len(pages)-1]; last != total%pageSize {
				t.Errorf("last page has %d applications, want %d", last, total%pageSize)
			}
		})
	}
}

// listRequests lists every application after a login, and returns them
// with the number of requests the listing sent.
func listRequests(t *testing.T, c *keycloak.Client) ([]model.Application, int64) {
	t.Helper()
	ctx := kctest.Context(t)
	if err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}

	before := c.Requests()
	all, err := c.AllApplications(ctx)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return all, c.Requests() - before
}

func testListRequestCount(t *testing.T, c *keycloak.Client) {
	all, sent := listRequests(t, c)

	pages := int64(len(all)/keycloak.DefaultPageSize + 1)
	if sent < pages || sent > pages+keycloak.ListConcurrency-1 {
		t.Errorf("listing %d applications sent %d requests, want %d pages plus at most %d past the end", len(all), sent, pages, keycloak.ListConcurrency-1)
	}
	before := c.Requests()
	time.Sleep(100 * time.Millisecond)
	if late := c.Requests() - before; late != 0 {
		t.Errorf("%d requests were sent after ListApplications returned", late)
	}
}

func TestListSmallRealmSendsOneRequest(t *testing.T) {
	admin := kctest.NewAdmin(t)
	cfg := kctest.Config(t)
	cfg.Realm = admin.CreateRealm(t, "one-page", gocloak.RealmRepresentation{})
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	all, sent := listRequests(t, c)

	if len(all) == 0 || len(all) >= keycloak.DefaultPageSize {
		t.Fatalf("the new realm has %d clients, want Keycloak's built-in ones, fewer than a page", len(all))
	}
	if sent != 1 {
		t.Errorf("listing %d applications sent %d requests, want 1", len(all), sent)
	}
}

func testListStopsAtYieldError(t *testing.T, c *keycloak.Client) {
	ctx := kctest.Context(t)
	stop := errors.New("enough")

	calls := 0
	err := c.ListApplications(ctx, 10, func([]model.Application) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})

	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the error of yield", err)
	}
	if calls != 3 {
		t.Errorf("yield called %d times, want 3", calls)
	}
}

// failingProxy forwards to the test Keycloak, except for the list request
// whose first parameter is failFirst, which gets a 500 response.
func failingProxy(t *testing.T, failFirst string) *httptest.Server {
	t.Helper()
	target, err := url.Parse(kctest.URL())
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	// The requests past the failing page are canceled, which the proxy
	// would log as errors.
	forward.ErrorLog = log.New(io.Discard, "", 0)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("first") == failFirst {
			http.Error(w, `{"error":"injected fault"}`, http.StatusInternalServerError)
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	return proxy
}

func testListReturnsFirstPageError(t *testing.T, cfg keycloak.Config) {
	target, err := url.Parse(kctest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := failingProxy(t, "50")
	cfg.URL = proxy.URL + target.Path
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	var pages [][]model.Application
	err = c.ListApplications(kctest.Context(t), 10, func(page []model.Application) error {
		pages = append(pages, page)
		return nil
	})

	if !errors.Is(err, keycloak.ErrServer) {
		t.Fatalf("err = %v, want a server error", err)
	}
	var e *keycloak.Error
	if !errors.As(err, &e) || e.Status != http.StatusInternalServerError || e.Detail != "injected fault" {
		t.Errorf("error = %#v, want status 500 with Keycloak's message", err)
	}
	if len(pages) != 5 {
		t.Errorf("yield got %d pages before the failing sixth, want 5", len(pages))
	}
}
