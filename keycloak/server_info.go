package keycloak

import (
	"context"

	"github.com/Nerzal/gocloak/v13"
)

// ServerVersion returns Keycloak's version, such as "26.7.3", from the
// admin API's server info, which any admin may read.
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	var info *gocloak.ServerInfoRepresentation
	err := c.call(ctx, "read the server version", "", func(ctx context.Context, token string) (err error) {
		info, err = c.gc.GetServerInfo(ctx, token)
		return err
	})
	if err != nil {
		return "", err
	}
	if info == nil || info.SystemInfo == nil {
		return "", nil
	}
	return deref(info.SystemInfo.Version), nil
}
