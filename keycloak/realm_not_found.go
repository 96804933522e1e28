package keycloak

import (
	"errors"
	"fmt"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// isRealmNotFound reports whether the admin API rejected a request because
// the realm in its path does not exist: Keycloak 26 returns 404
// {"error":"Realm not found."}.
func isRealmNotFound(err error) bool {
	var apiErr *gocloak.APIError
	return errors.As(err, &apiErr) && apiErr.Code == 404 && strings.Contains(apiErr.Message, "Realm not found")
}

// explainRealmNotFound names the application realm, which the admin API's
// 404 does not, and says where the name comes from.
func (c *Client) explainRealmNotFound(err error) error {
	var e *Error
	if !errors.As(err, &e) || !isRealmNotFound(e.Err) {
		return err
	}
	e.Detail = fmt.Sprintf("the realm %q does not exist at %s", c.cfg.Realm, c.baseURL)
	e.Hint = "Check the realm, which --realm, IDTUI_REALM or realm: in the context sets (idtui context show names the one in use); Camunda's charts create camunda-platform"
	return err
}
