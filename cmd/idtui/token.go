package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// Output forms of idtui token.
const (
	tokenOutputToken = "token"
	tokenOutputJSON  = "json"
	tokenOutputYAML  = "yaml"
	tokenOutputCurl  = "curl"
	tokenOutputEnv   = "env"
)

var tokenOutputs = []string{tokenOutputToken, tokenOutputJSON, tokenOutputYAML, tokenOutputCurl, tokenOutputEnv}

type tokenOptions struct {
	output string
	issuer string
	login  bool // sign a user in as the application instead
	device bool
	yes    bool
}

func newTokenCommand(a *app) *cobra.Command {
	opts := &tokenOptions{}
	cmd := &cobra.Command{
		Use:   "token CLIENT_ID",
		Short: "Fetch a client-credentials token for an application, and check it",
		Long: `Fetch a token for an application as its service does: the client-credentials
grant with the application's current secret, which idtui reads through the
admin API. stdout receives only what -o asks for; errors and their fixes go
to stderr, with a non-zero exit code.

Output forms (-o):
  token  the access token alone, for $(...) and pipes (the default)
  json   the decoded token, its signature check and, for each Camunda API,
         whether it would accept the token and why not
  yaml   the same as json, in YAML
  curl   a curl command that sends the same token request, with the secret
  env    the .env block for Camunda clients, with the secret

The JSON has these fields, and keeps them across releases:
  client_id, token_url  the application and the endpoint the token came from
  expected_issuer       the iss the diagnosis expects (--issuer)
  token_type            "Bearer"
  expires_in            the lifetime in seconds, from the token response
  header, claims        the token's header and claims, as Keycloak wrote them
  issued_at, expires_at iat and exp in RFC 3339, left out when absent
  expired               whether exp has passed
  signature             {verified, alg, kid, reason}; null when the realm's
                        keys could not be fetched (stderr says why)
  apis                  one entry per API (Zeebe, Operate, Tasklist, Optimize,
                        Identity): {name, audience, accepted, status, summary,
                        checks: [{check, result, message, fix}], fixes}
  where status is the HTTP status the API would return (401, 403) or 0, and
  result is "ok", "failed" or "skipped".

With --login, idtui signs a user in as the application instead: the
authorization code flow with PKCE, plus the secret of a Confidential
application, on Keycloak's login page of the realm (--device: the device
grant). The browser method needs the redirect URI
http://127.0.0.1/idtui/callback on the application; when none of its
redirect URIs fits, idtui offers to add it and removes it afterwards.
-o token, -o json and -o yaml apply; the report adds id_token, the decoded ID token
with its signature check, and grant, "authorization_code" or "device_code".`,
		Example: `  curl -H "Authorization: Bearer $(idtui token zeebe)" http://localhost:8081/v1/topology
  idtui token billing -o json | jq '.apis[] | select(.accepted | not) | .summary'
  idtui token billing -o curl | sh
  idtui token operate --login -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("idtui token takes one argument, the client id of the application, and got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(tokenOutputs, opts.output) {
				return usageError{fmt.Errorf("-o %q is not an output form of idtui token; use one of: %s", opts.output, strings.Join(tokenOutputs, ", "))}
			}
			if opts.login {
				return runUserToken(cmd, a, opts, args[0])
			}
			if opts.device {
				return usageError{errors.New("--device applies to --login only")}
			}
			return runToken(cmd.Context(), a, opts, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&opts.output, "output", "o", tokenOutputToken, "output form: "+strings.Join(tokenOutputs, ", "))
	cmd.Flags().BoolVar(&opts.login, "login", false, "sign in as a user of a Confidential or Public application on Keycloak's login page, and print the user's access token")
	cmd.Flags().BoolVar(&opts.device, "device", false, "with --login: sign in with a code on any device, where the application allows the device grant")
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "with --login: add the temporary redirect URI without asking; required when stdin is not a terminal")
	cmd.Flags().StringVar(&opts.issuer, "issuer", "", "iss that the Camunda APIs expect, for -o json (default: the realm's URL at --url, such as "+keycloak.DefaultURL+"/realms/"+keycloak.DefaultRealm+")")
	return cmd
}

func runToken(ctx context.Context, a *app, opts *tokenOptions, clientID string, stdout, stderr io.Writer) error {
	client, err := a.opts.newClient(a.logger())
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}

	test, err := client.FetchTestToken(ctx, model.AppRef{ClientID: clientID})
	if err != nil {
		return withSuggestions(ctx, client, clientID, err)
	}
	a.logger().Info("test token fetched", "client_id", clientID, "output", opts.output)

	switch opts.output {
	case tokenOutputJSON, tokenOutputYAML:
		return writeTokenReport(ctx, client, test, opts.issuer, "", opts.output, stdout, stderr)
	case tokenOutputCurl:
		_, err = fmt.Fprintln(stdout, test.Curl().Text().Reveal())
	case tokenOutputEnv:
		_, err = fmt.Fprint(stdout, test.Env().Text().Reveal())
	default:
		_, err = fmt.Fprintln(stdout, test.Response.AccessToken.Reveal())
	}
	return err
}

// writeTokenReport inspects the token and writes the report in format,
// JSON or YAML. A failure to
// fetch the realm's keys leaves the signature unchecked and is reported on
// stderr, because the rest of the report still holds. grant is set for a
// user's token, whose ID token the report decodes too.
func writeTokenReport(ctx context.Context, client *keycloak.Client, test keycloak.TestToken, issuer, grant, format string, stdout, stderr io.Writer) error {
	if issuer == "" {
		issuer = test.Issuer
	}
	var keys *tokencheck.KeySet
	if set, err := client.KeySet(ctx); err != nil {
		fmt.Fprintln(stderr, "idtui: the signature is not checked: "+err.Error())
	} else {
		keys = &set
	}

	now := time.Now()
	holder := tokencheck.HolderApplication
	if grant != "" {
		holder = tokencheck.HolderUser
	}
	in, err := tokencheck.InspectAs(test.Response.AccessToken, keys, issuer, holder, now)
	if err != nil {
		return fmt.Errorf("Keycloak returned an access token that idtui cannot read: %w", err)
	}
	report := newTokenReport(test, in, issuer, now)
	report.Grant = grant
	if test.Response.IDToken != "" {
		id, err := tokencheck.Decode(test.Response.IDToken.Reveal())
		if err != nil {
			return fmt.Errorf("Keycloak returned an ID token that idtui cannot read: %w", err)
		}
		report.IDToken = newIDTokenReport(id, keys, now)
	}
	return writeData(stdout, format, report)
}
