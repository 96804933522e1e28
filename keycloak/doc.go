// Package keycloak is idtui's only door to Keycloak. It logs in to the admin
// API through gocloak, keeps that admin session alive, and turns Keycloak
// clients into model.Application values. Failures come back as *Error values
// that callers match with errors.Is against ErrNotFound, ErrConflict and the
// other kinds in errors.go.
package keycloak
