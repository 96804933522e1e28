package main

import (
	"context"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// newIdtuiClient returns a keycloak.Client for the master admin on realm,
// as idtui's commands build one: with a transport of its own and no login
// yet.
func newIdtuiClient(base, realm string) (*keycloak.Client, error) {
	username, password := adminCredentials()
	return keycloak.New(keycloak.Config{
		URL:         base,
		Realm:       realm,
		AdminRealm:  "master",
		Credentials: keycloak.Password{Username: username, Password: model.Secret(password)},
		Timeout:     time.Minute,
	})
}

// listIdtui logs in and lists every application of realm with
// keycloak.Client.ListApplications in its default page size, the path that
// idtui's console and its apps list command take, and returns how many
// applications it received.
func listIdtui(ctx context.Context, base, realm string) (int, error) {
	c, err := newIdtuiClient(base, realm)
	if err != nil {
		return 0, err
	}
	defer c.HTTPClient().CloseIdleConnections()

	count := 0
	err = c.ListApplications(ctx, 0, func(page []model.Application) error {
		count += len(page)
		return nil
	})
	return count, err
}
