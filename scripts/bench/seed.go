package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/idtui/idtui/model"
)

const (
	// apiClientCount is how many of a bench realm's applications are API
	// clients (resource servers) whose roles the M2M applications hold.
	apiClientCount = 5
	// importBatchSize is how many clients one partial import carries.
	// Keycloak imports a batch in one transaction, and 500 clients take a
	// few seconds on the dev Keycloak, well inside its transaction timeout.
	importBatchSize = 500
	// seededAttribute is the realm attribute that records a finished
	// seeding: the number of applications the realm was seeded with.
	seededAttribute = "idtui.bench.applications"
)

// benchRealm returns the name of the bench realm with n applications.
func benchRealm(n int) string { return "bench-" + strconv.Itoa(n) }

// clientRepresentation is the part of Keycloak's ClientRepresentation that
// the seeder sets. Every flag is explicit, because Keycloak turns omitted
// flows on.
type clientRepresentation struct {
	ClientID                  string            `json:"clientId"`
	Name                      string            `json:"name"`
	Description               string            `json:"description"`
	Enabled                   bool              `json:"enabled"`
	Protocol                  string            `json:"protocol"`
	ClientAuthenticatorType   string            `json:"clientAuthenticatorType"`
	PublicClient              bool              `json:"publicClient"`
	BearerOnly                bool              `json:"bearerOnly"`
	StandardFlowEnabled       bool              `json:"standardFlowEnabled"`
	ImplicitFlowEnabled       bool              `json:"implicitFlowEnabled"`
	DirectAccessGrantsEnabled bool              `json:"directAccessGrantsEnabled"`
	ServiceAccountsEnabled    bool              `json:"serviceAccountsEnabled"`
	FullScopeAllowed          bool              `json:"fullScopeAllowed"`
	RedirectURIs              []string          `json:"redirectUris"`
	WebOrigins                []string          `json:"webOrigins"`
	Attributes                map[string]string `json:"attributes"`
}

// userRepresentation is a service account user with its client roles.
type userRepresentation struct {
	Username               string              `json:"username"`
	Enabled                bool                `json:"enabled"`
	ServiceAccountClientID string              `json:"serviceAccountClientId"`
	ClientRoles            map[string][]string `json:"clientRoles,omitempty"`
}

type roleRepresentation struct {
	Name string `json:"name"`
}

// partialImport is the body of POST /admin/realms/{realm}/partialImport.
// With SKIP, Keycloak leaves a client or user that already exists as it is.
type partialImport struct {
	IfResourceExists string                 `json:"ifResourceExists"`
	Clients          []clientRepresentation `json:"clients,omitempty"`
	Users            []userRepresentation   `json:"users,omitempty"`
	Roles            *struct {
		Client map[string][]roleRepresentation `json:"client"`
	} `json:"roles,omitempty"`
}

type partialImportResult struct {
	Added   int `json:"added"`
	Skipped int `json:"skipped"`
}

// apiClientID returns the client id of the i-th API client, from 1.
func apiClientID(i int) string { return fmt.Sprintf("bench-api-%d", i) }

// seededType returns the type of the i-th application of a bench realm,
// from 0. The first apiClientCount are API clients. The rest cycle through
// 12 M2M, 5 Confidential and 3 Public in every 20, because services
// outnumber web applications in a large installation.
func seededType(i int) model.AppType {
	if i < apiClientCount {
		return model.TypeAPI
	}
	switch k := i % 20; {
	case k < 12:
		return model.TypeM2M
	case k < 17:
		return model.TypeConfidential
	}
	return model.TypePublic
}

// seededClient returns the representation of the i-th application and,
// for an M2M application, its service account user with one permission.
func seededClient(i int) (clientRepresentation, *userRepresentation) {
	typ := seededType(i)
	c := clientRepresentation{
		Enabled:                 true,
		Protocol:                "openid-connect",
		ClientAuthenticatorType: "client-secret",
		RedirectURIs:            []string{},
		WebOrigins:              []string{},
		Attributes:              map[string]string{"oauth2.device.authorization.grant.enabled": "false"},
	}
	if typ == model.TypeAPI {
		c.ClientID = apiClientID(i + 1)
		c.Name = fmt.Sprintf("Bench API %d", i+1)
		c.Description = "Resource server whose roles the bench M2M applications hold."
		return c, nil
	}

	c.ClientID = fmt.Sprintf("bench-%s-%05d", typeSlug(typ), i)
	c.Name = fmt.Sprintf("Bench %s %d", typ, i)
	c.Description = "Seeded by scripts/bench for the listing benchmark."
	if typ == model.TypeM2M {
		c.ServiceAccountsEnabled = true
		user := &userRepresentation{
			Username:               "service-account-" + c.ClientID,
			Enabled:                true,
			ServiceAccountClientID: c.ClientID,
			ClientRoles:            map[string][]string{apiClientID(i%apiClientCount + 1): {"read:*"}},
		}
		return c, user
	}

	// Confidential and Public applications have a login page.
	c.StandardFlowEnabled = true
	c.RedirectURIs = []string{fmt.Sprintf("https://app-%05d.bench.example.com/*", i)}
	c.WebOrigins = []string{"+"}
	c.Attributes["post.logout.redirect.uris"] = "+"
	if typ == model.TypePublic {
		c.PublicClient = true
		c.Attributes["pkce.code.challenge.method"] = "S256"
	}
	return c, nil
}

func typeSlug(t model.AppType) string {
	switch t {
	case model.TypeM2M:
		return "m2m"
	case model.TypeConfidential:
		return "confidential"
	case model.TypePublic:
		return "public"
	}
	return "api"
}

// seedResult counts the resources (clients, roles and users) that a
// seeding added and the ones that it found already there.
type seedResult struct {
	complete bool // the realm was marked complete, so nothing was sent
	added    int
	skipped  int
}

// seedRealm makes sure the realm exists with n bench applications. A realm
// marked complete is left alone. Otherwise every batch is imported with
// SKIP, which adds only the clients and users that are missing, and the
// realm is marked complete at the end.
func seedRealm(ctx context.Context, api *adminAPI, realm string, n int, log io.Writer) (seedResult, error) {
	var result seedResult
	attrs, err := realmAttributes(ctx, api, realm)
	if errors.Is(err, errNotFound) {
		fmt.Fprintf(log, "creating realm %s\n", realm)
		err = api.do(ctx, "POST", "/realms", map[string]any{"realm": realm, "enabled": true}, nil)
		attrs = map[string]string{}
	}
	if err != nil {
		return result, err
	}
	if attrs[seededAttribute] == strconv.Itoa(n) {
		fmt.Fprintf(log, "realm %s is complete with %d applications, so there is nothing to do\n", realm, n)
		result.complete = true
		return result, nil
	}

	start := time.Now()
	for first := 0; first < n; first += importBatchSize {
		body := importBatch(first, min(first+importBatchSize, n))
		var batch partialImportResult
		if err := api.do(ctx, "POST", "/realms/"+realm+"/partialImport", body, &batch); err != nil {
			return result, fmt.Errorf("import applications %d to %d into %s: %w", first, first+len(body.Clients)-1, realm, err)
		}
		result.added += batch.Added
		result.skipped += batch.Skipped
		fmt.Fprintf(log, "%s: imported applications up to %d of %d (%d resources added, %d skipped)\n", realm, first+len(body.Clients), n, batch.Added, batch.Skipped)
	}

	attrs[seededAttribute] = strconv.Itoa(n)
	if err := api.do(ctx, "PUT", "/realms/"+realm, map[string]any{"attributes": attrs}, nil); err != nil {
		return result, fmt.Errorf("mark realm %s as seeded: %w", realm, err)
	}
	fmt.Fprintf(log, "realm %s seeded in %s: %d resources added, %d already there\n", realm, time.Since(start).Round(time.Millisecond), result.added, result.skipped)
	return result, nil
}

// importBatch returns the partial import of applications first to end-1.
// The batch that holds the API clients also creates their roles, and
// Keycloak imports clients before roles and roles before users, so one
// request carries all three.
func importBatch(first, end int) partialImport {
	body := partialImport{IfResourceExists: "SKIP"}
	for i := first; i < end; i++ {
		client, user := seededClient(i)
		body.Clients = append(body.Clients, client)
		if user != nil {
			body.Users = append(body.Users, *user)
		}
	}
	if first < apiClientCount {
		roles := map[string][]roleRepresentation{}
		for i := 1; i <= apiClientCount; i++ {
			roles[apiClientID(i)] = []roleRepresentation{{Name: "read:*"}, {Name: "write:*"}}
		}
		body.Roles = &struct {
			Client map[string][]roleRepresentation `json:"client"`
		}{Client: roles}
	}
	return body
}

func realmAttributes(ctx context.Context, api *adminAPI, realm string) (map[string]string, error) {
	var rep struct {
		Attributes map[string]string `json:"attributes"`
	}
	if err := api.do(ctx, "GET", "/realms/"+realm, nil, &rep); err != nil {
		return nil, err
	}
	if rep.Attributes == nil {
		rep.Attributes = map[string]string{}
	}
	return rep.Attributes, nil
}

// dropRealm deletes the realm, if it exists.
func dropRealm(ctx context.Context, api *adminAPI, realm string) error {
	err := api.do(ctx, "DELETE", "/realms/"+realm, nil, nil)
	if errors.Is(err, errNotFound) {
		return nil
	}
	return err
}
