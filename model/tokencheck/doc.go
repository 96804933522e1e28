// Package tokencheck reads the access tokens that Keycloak issues and reports
// whether Camunda's APIs would accept them. Decode reads a JWT whatever its
// signature algorithm, Verify checks its signature against the realm's
// published keys (JWKS), and Diagnose checks, for each Camunda API, the
// audience, the permissions, the expiry and the issuer. Inspect does all
// three. Everything here is pure: keys and clocks come in as arguments.
package tokencheck
