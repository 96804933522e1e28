package model

import (
	"errors"
	"fmt"
	"strings"
)

// NewApplication is what the operator fills in to create an application.
type NewApplication struct {
	ClientID    string
	Name        string
	Description string
	Type        AppType
	// RedirectURIs are used by Confidential and Public applications only.
	RedirectURIs []string
}

// MaxNameLength is the length of Keycloak's CLIENT.NAME column.
const MaxNameLength = 255

// MaxDescriptionLength is the length of Keycloak's CLIENT.DESCRIPTION
// column. A longer description fails inside Keycloak with HTTP 500.
const MaxDescriptionLength = 255

// ServiceAccountUsernamePrefix starts the username of the user that
// Keycloak creates for a client's service account, followed by the client id.
const ServiceAccountUsernamePrefix = "service-account-"

// MaxM2MClientIDLength is the longest client id of an application with a
// service account. Keycloak 26 names the service account user
// "service-account-<client id>", and usernames have at most 255 characters:
// a longer client id makes Keycloak fail with HTTP 500.
const MaxM2MClientIDLength = 255 - len(ServiceAccountUsernamePrefix)

// Validate returns every invalid field, joined with errors.Join, so that a
// form can mark all of them at once. Each is a *FieldError.
func (n NewApplication) Validate() error {
	var errs []error

	errs = append(errs, ValidateClientID(n.ClientID))
	errs = append(errs, validateShownText("name", n.Name, ""), validateShownText("description", n.Description, "\n\t"))
	errs = append(errs, validateLength("name", n.Name, MaxNameLength), validateLength("description", n.Description, MaxDescriptionLength))

	switch n.Type {
	case TypeM2M:
		if len(n.ClientID) > MaxM2MClientIDLength && len(n.ClientID) <= MaxClientIDLength {
			errs = append(errs, &FieldError{
				Field: "client id", Value: n.ClientID,
				Rule: fmt.Sprintf("is %d bytes long, over the maximum of %d for an M2M application: Keycloak names its service account user %s<client id>, and a username has at most 255 characters",
					len(n.ClientID), MaxM2MClientIDLength, ServiceAccountUsernamePrefix),
				Fix: "shorten it",
			})
		}
		if len(n.RedirectURIs) > 0 {
			errs = append(errs, &FieldError{
				Field: "redirect URI", Value: strings.Join(n.RedirectURIs, " "),
				Rule: "is set for an M2M application, which has no login page",
				Fix:  "remove it, or choose the Confidential or Public type",
			})
		}
	case TypeConfidential, TypePublic:
		if len(n.RedirectURIs) == 0 {
			errs = append(errs, &FieldError{
				Field: "redirect URI", Value: "",
				Rule: fmt.Sprintf("is missing, and a %s application needs one for its login page", n.Type),
				Fix:  "add the URL that Keycloak sends users back to, such as https://app.example.com/*",
			})
		}
		for _, uri := range n.RedirectURIs {
			errs = append(errs, ValidateRedirectURI(uri))
		}
	default:
		errs = append(errs, &FieldError{
			Field: "type", Value: n.Type.String(),
			Rule: "is not one that idtui creates",
			Fix:  "choose M2M, Confidential or Public",
		})
	}
	return errors.Join(errs...)
}

// FieldErrors returns the *FieldError values inside err, as joined by Validate.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				walk(e)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// ApplicationUpdate lists the fields to change on an application. Nil fields
// stay as they are.
type ApplicationUpdate struct {
	Name         *string
	Description  *string
	Enabled      *bool
	RedirectURIs *[]string
	WebOrigins   *[]string
}

// Validate checks the fields that are set.
func (u ApplicationUpdate) Validate() error {
	var errs []error
	if u.Name != nil {
		errs = append(errs, validateShownText("name", *u.Name, ""))
	}
	if u.Name != nil {
		errs = append(errs, validateLength("name", *u.Name, MaxNameLength))
	}
	if u.Description != nil {
		errs = append(errs, validateLength("description", *u.Description, MaxDescriptionLength))
	}
	if u.RedirectURIs != nil {
		errs = append(errs, ValidateRedirectURIs(*u.RedirectURIs))
	}
	return errors.Join(errs...)
}

// validateLength rejects a value longer than the Keycloak column it is
// stored in.
func validateLength(field, value string, limit int) error {
	if len(value) <= limit {
		return nil
	}
	return &FieldError{
		Field: field, Value: value,
		Rule: fmt.Sprintf("is %d bytes long, over the maximum of %d", len(value), limit),
		Fix:  "shorten it",
	}
}
