package main

import (
	"context"
	"fmt"
	"net/url"
)

// floorClient is the part of a client representation that the floor
// decodes: enough to count and name the clients, so that the time is
// Keycloak's and the transfer's, not the client program's.
type floorClient struct {
	ID       string `json:"id"`
	ClientID string `json:"clientId"`
}

// listFloor logs in and lists every client of realm through the admin
// API, in pages of pageSize requested one after the other, and returns
// how many clients it received.
func listFloor(ctx context.Context, base, realm string, pageSize int) (int, error) {
	username, password := adminCredentials()
	api := newAdminAPI(base, username, password)
	defer api.close()

	path := "/realms/" + url.PathEscape(realm) + "/clients"
	count := 0
	for first := 0; ; first += pageSize {
		var page []floorClient
		if err := api.do(ctx, "GET", fmt.Sprintf("%s?first=%d&max=%d", path, first, pageSize), nil, &page); err != nil {
			return count, err
		}
		count += len(page)
		if len(page) < pageSize {
			return count, nil
		}
	}
}
