package main

import (
	"time"

	"github.com/idtui/idtui/model"
)

// The JSON and YAML output of the commands. docs/json-output.md documents
// these shapes for scripts: add fields freely, but never rename or remove
// one. No view carries a secret except createdView and rotatedView, whose
// commands exist to output it.

type applicationView struct {
	ClientID        string     `json:"clientId"`
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Description     string     `json:"description"`
	Type            string     `json:"type"`
	Enabled         bool       `json:"enabled"`
	SecretCreatedAt *time.Time `json:"secretCreatedAt"`
	RootURL         string     `json:"rootUrl"`
	RedirectURIs    []string   `json:"redirectUris"`
	WebOrigins      []string   `json:"webOrigins"`
	Flows           flowsView  `json:"flows"`
}

type flowsView struct {
	Standard       bool `json:"standard"`
	Implicit       bool `json:"implicit"`
	DirectAccess   bool `json:"directAccess"`
	ServiceAccount bool `json:"serviceAccount"`
	Device         bool `json:"device"`
}

// applicationDetailsView is the output of apps get: the application with
// its service account and API permissions.
type applicationDetailsView struct {
	applicationView
	ServiceAccountUser string           `json:"serviceAccountUser"`
	Permissions        []permissionView `json:"permissions"`
	// PermissionsError says why Permissions is empty although the
	// permissions could not be read, such as a missing view-users role.
	PermissionsError string `json:"permissionsError,omitempty"`
}

type permissionView struct {
	API  string `json:"api"`
	Role string `json:"role"`
}

// createdView is the output of apps create. Secret is null for a Public
// application, which has none.
type createdView struct {
	applicationView
	Secret   *string `json:"secret"`
	TokenURL string  `json:"tokenUrl"`
}

// rotatedView is the output of apps rotate.
type rotatedView struct {
	ClientID string `json:"clientId"`
	Secret   string `json:"secret"`
	TokenURL string `json:"tokenUrl"`
}

// stateView is the output of apps enable, disable and delete.
type stateView struct {
	ClientID string `json:"clientId"`
	Enabled  *bool  `json:"enabled,omitempty"`
	Deleted  bool   `json:"deleted,omitempty"`
}

func newApplicationView(app model.Application) applicationView {
	v := applicationView{
		ClientID:     app.ClientID,
		ID:           app.ID,
		Name:         app.Name,
		Description:  app.Description,
		Type:         app.Type.String(),
		Enabled:      app.Enabled,
		RootURL:      app.RootURL,
		RedirectURIs: nonNil(app.RedirectURIs),
		WebOrigins:   nonNil(app.WebOrigins),
		Flows: flowsView{
			Standard:       app.Flows.Standard,
			Implicit:       app.Flows.Implicit,
			DirectAccess:   app.Flows.DirectAccess,
			ServiceAccount: app.Flows.ServiceAccount,
			Device:         app.Flows.Device,
		},
	}
	if !app.SecretCreatedAt.IsZero() {
		created := app.SecretCreatedAt.UTC()
		v.SecretCreatedAt = &created
	}
	return v
}

// nonNil turns a nil list into an empty one, so that JSON shows [] and
// never null for a list.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
