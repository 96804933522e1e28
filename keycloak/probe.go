package keycloak

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/idtui/idtui/model"
)

// ProbeResult is what Probe found out about a Keycloak without logging in.
type ProbeResult struct {
	// URL is the normalized base URL that was probed.
	URL string
	// Reachable is true when Keycloak responded at URL.
	Reachable bool
	// Alternate is a base URL where Keycloak responds when it does not at
	// URL: URL with /auth added or removed, or its origin with or without
	// /auth when URL has another path.
	Alternate string
	// Err is why Keycloak did not respond at URL, as an *Error.
	Err error
	// TLSFailed is true when Err is a failure of TLS itself: an untrusted
	// or mismatched certificate, or http and https mixed up.
	TLSFailed bool
	// TLS describes the connection for an https URL that responded.
	TLS *model.TLSInfo
	// RealmExists and AdminRealmExists are set when Reachable.
	RealmExists      bool
	AdminRealmExists bool
}

// Probe checks whether Keycloak answers at cfg.URL, trying the URL with
// /auth added or removed where it does not, and whether the realm and the
// admin realm exist. It reads only public discovery documents, so it needs
// no credentials and changes nothing.
func Probe(ctx context.Context, cfg Config) ProbeResult {
	cfg = cfg.withDefaults()
	base, err := normalizeBaseURL(cfg.URL)
	if err != nil {
		return ProbeResult{URL: cfg.URL, Err: err}
	}
	c := &Client{cfg: cfg, baseURL: base}
	c.http = c.newHTTPClient(cfg.HTTPClient)
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()

	r := ProbeResult{URL: base}
	// Every Keycloak has the realm master, so its discovery document shows
	// whether Keycloak serves at this base URL.
	status, state, err := c.discovery(ctx, base, "master")
	switch {
	case err != nil:
		r.Err = wrapError(ctx, "reach Keycloak", "", err)
		r.TLSFailed = isProtocolMismatch(err)
	case status != http.StatusOK:
		e := &Error{Kind: kindOfStatus(status), Op: "reach Keycloak", Status: status,
			Detail: fmt.Sprintf("%s answered HTTP %d, not Keycloak's discovery document", base+"/realms/master/.well-known/openid-configuration", status)}
		if https := httpsURL(ctx, base); https != "" {
			e.Detail += ", and its port speaks TLS"
			e.Hint = "Use the URL " + https
		}
		r.Err = e
	default:
		r.Reachable = true
	}
	if state != nil {
		r.TLS = tlsInfo(state, cfg.HTTPClient)
	}

	if !r.Reachable {
		// A TLS failure at the URL fails the same way with /auth toggled.
		if !r.TLSFailed {
			r.Alternate = c.findBaseURL(ctx, "master")
		}
		return r
	}

	r.RealmExists = c.realmAnswers(ctx, base, cfg.Realm)
	r.AdminRealmExists = cfg.AdminRealm == cfg.Realm && r.RealmExists || c.realmAnswers(ctx, base, cfg.AdminRealm)
	return r
}

// discovery fetches a realm's discovery document and returns the status
// and the TLS state of the connection.
func (c *Client) discovery(ctx context.Context, base, realm string) (int, *tls.ConnectionState, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/realms/"+url.PathEscape(realm)+"/.well-known/openid-configuration", nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, resp.TLS, nil
}

func tlsInfo(state *tls.ConnectionState, hc *http.Client) *model.TLSInfo {
	info := &model.TLSInfo{Version: tls.VersionName(state.Version), Verified: !skipsVerification(hc)}
	if len(state.PeerCertificates) > 0 {
		cert := state.PeerCertificates[0]
		info.Subject = cert.Subject.String()
		info.Issuer = cert.Issuer.String()
		info.NotAfter = cert.NotAfter
	}
	return info
}

// skipsVerification reports whether hc, as the caller configured it, skips
// the verification of certificates.
func skipsVerification(hc *http.Client) bool {
	if hc == nil {
		return false
	}
	t, ok := hc.Transport.(*http.Transport)
	return ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify
}
