package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// requestCount is how many HTTP requests one idtui action sent, as
// keycloak.Client.Requests counts them.
type requestCount struct {
	action   string
	calls    string // the keycloak.Client methods the action runs
	requests int64
	// libraryActions are the actions of the library's table whose counts
	// add up to the same work, for a console action.
	libraryActions []string
}

// countRequests runs each action of idtui once on the realm bench-n, with
// a fresh keycloak.Client, and returns how many requests each one sent.
// It creates one M2M application for the actions on a single application
// and deletes it at the end.
func countRequests(ctx context.Context, base string, sizes []int) ([]requestCount, error) {
	n := sizes[0]
	c, err := newIdtuiClient(base, benchRealm(n))
	if err != nil {
		return nil, err
	}
	defer c.HTTPClient().CloseIdleConnections()

	var counts []requestCount
	measure := func(action, calls string, fn func() error) error {
		before := c.Requests()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		counts = append(counts, requestCount{action: action, calls: calls, requests: c.Requests() - before})
		return nil
	}

	if err := measure(loginAction, "Login", func() error { return c.Login(ctx) }); err != nil {
		return nil, err
	}
	for _, size := range sizes {
		sized, err := newIdtuiClient(base, benchRealm(size))
		if err != nil {
			return nil, err
		}
		if err := sized.Login(ctx); err != nil {
			return nil, err
		}
		before := sized.Requests()
		apps, err := sized.AllApplications(ctx)
		sized.HTTPClient().CloseIdleConnections()
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", benchRealm(size), err)
		}
		counts = append(counts, requestCount{
			action:   listAction(len(apps)),
			calls:    "ListApplications",
			requests: sized.Requests() - before,
		})
	}

	var app model.Application
	var secret model.Secret
	err = measure("create an M2M application", "CreateApplication", func() (err error) {
		app, secret, err = c.CreateApplication(ctx, model.NewApplication{ClientID: uniqueClientID(), Name: "Request count", Type: model.TypeM2M})
		return err
	})
	if err != nil {
		return nil, err
	}
	defer func() {
		cleanup, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = c.DeleteApplication(cleanup, app.Ref())
	}()

	steps := []struct {
		action, calls string
		fn            func() error
	}{
		{"grant a permission", "GrantPermission", func() error {
			return c.GrantPermission(ctx, app.Ref(), model.Permission{API: apiClientID(1), Role: "write:*"})
		}},
		{detailsAction, "GetApplication, ServiceAccount, Secret", func() error {
			return details(ctx, c, app.Ref())
		}},
		{"rotate the secret", "RotateSecret", func() (err error) {
			secret, err = c.RotateSecret(ctx, app.Ref())
			return err
		}},
		{"fetch a token", "ClientCredentialsToken", func() error {
			_, err := c.ClientCredentialsToken(ctx, app.ClientID, secret)
			return err
		}},
		{"delete the application", "DeleteApplication", func() error { return c.DeleteApplication(ctx, app.Ref()) }},
	}
	for _, step := range steps {
		if err := measure(step.action, step.calls, step.fn); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// details loads what a details view shows of one application, and checks
// that the permission granted before is there.
func details(ctx context.Context, c *keycloak.Client, ref model.AppRef) error {
	if _, err := c.GetApplication(ctx, ref); err != nil {
		return err
	}
	username, perms, err := c.ServiceAccount(ctx, ref)
	if err != nil {
		return err
	}
	if username == "" || len(perms) != 1 {
		return fmt.Errorf("service account %q with permissions %v, want one permission", username, perms)
	}
	secret, err := c.Secret(ctx, ref)
	if err != nil {
		return err
	}
	if secret == "" {
		return errors.New("empty secret")
	}
	return nil
}

// loginAction names the admin login in the library's table.
const loginAction = "log in"

// listAction names the listing of count clients in the library's table.
func listAction(count int) string {
	return fmt.Sprintf("list %s applications, pages of %d", thousands(count), keycloak.DefaultPageSize)
}

// detailsAction names the details of an application in both request
// tables, which compare the library and the console by action.
const detailsAction = "details: application, service account, permissions, secret"

// uniqueClientID returns a client id that no other run uses.
func uniqueClientID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "bench-requests-" + hex.EncodeToString(b)
}
