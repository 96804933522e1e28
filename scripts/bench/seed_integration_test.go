package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestSeedIsIdempotent(t *testing.T) {
	kctest.Require(t)
	api := newAdminAPI(kctest.URL(), kctest.AdminUsername(), kctest.AdminPassword().Reveal())
	t.Cleanup(api.close)
	ctx := kctest.Context(t)
	realm := kctest.UniqueID("bench-seed")
	t.Cleanup(func() {
		cleanup, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := dropRealm(cleanup, api, realm); err != nil {
			t.Errorf("delete realm %s: %v", realm, err)
		}
	})
	const n = 30
	m2m := 0
	for i := range n {
		if seededType(i) == model.TypeM2M {
			m2m++
		}
	}
	resources := n + 2*apiClientCount + m2m // clients, API roles, service account users

	first, err := seedRealm(ctx, api, realm, n, io.Discard)
	if err != nil {
		t.Fatalf("first seeding: %v", err)
	}
	if first.complete || first.added != resources || first.skipped != 0 {
		t.Errorf("first seeding = %+v, want %d resources added", first, resources)
	}
	listed, err := listFloor(ctx, kctest.URL(), realm, 7)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if listed < n {
		t.Errorf("the realm lists %d clients, want the %d seeded and Keycloak's own", listed, n)
	}

	second, err := seedRealm(ctx, api, realm, n, io.Discard)
	if err != nil {
		t.Fatalf("second seeding: %v", err)
	}
	if !second.complete || second.added != 0 {
		t.Errorf("second seeding = %+v, want the realm found complete", second)
	}

	// A client deleted after a seeding that never finished: the next run
	// adds it and its service account user, and skips the rest.
	deleteSeededClient(t, api, realm, fmt.Sprintf("bench-m2m-%05d", 10))
	if err := api.do(ctx, "PUT", "/realms/"+realm, map[string]any{"attributes": map[string]string{seededAttribute: ""}}, nil); err != nil {
		t.Fatalf("clear the seeded mark: %v", err)
	}
	third, err := seedRealm(ctx, api, realm, n, io.Discard)
	if err != nil {
		t.Fatalf("third seeding: %v", err)
	}
	if third.complete || third.added != 2 || third.skipped != resources-2 {
		t.Errorf("third seeding = %+v, want 2 added (the client and its service account user) and %d skipped", third, resources-2)
	}
}

func deleteSeededClient(t *testing.T, api *adminAPI, realm, clientID string) {
	t.Helper()
	ctx := kctest.Context(t)
	var found []floorClient
	if err := api.do(ctx, "GET", "/realms/"+realm+"/clients?clientId="+url.QueryEscape(clientID), nil, &found); err != nil || len(found) != 1 {
		t.Fatalf("find client %s: %v (found %d)", clientID, err, len(found))
	}
	if err := api.do(ctx, "DELETE", "/realms/"+realm+"/clients/"+found[0].ID, nil, nil); err != nil {
		t.Fatalf("delete client %s: %v", clientID, err)
	}
}
