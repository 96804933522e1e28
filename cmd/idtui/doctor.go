package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// Check statuses. Only fail makes doctor exit non-zero.
const (
	statusOK   = "ok"
	statusWarn = "warn"
	statusFail = "fail"
	statusSkip = "skip" // not run, because a check it depends on failed
)

// check is one line of the doctor's report.
type check struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	// Fix is what to do about a failure or a warning.
	Fix string `json:"fix,omitempty"`
	// exitCode is the code this check's failure gives the run.
	exitCode int
}

type doctorView struct {
	OK     bool    `json:"ok"`
	Checks []check `json:"checks"`
}

func newDoctorCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the connection, the realm, the admin login and rights, TLS and the clipboard",
		Long: "Check, one line each, everything idtui needs: that Keycloak answers at the URL (trying it\n" +
			"with and without /auth), TLS, that the realm exists, that the admin can log in and holds\n" +
			"view-clients, view-users, manage-clients and manage-users (read-only mode needs the view\n" +
			"roles only), the server version, and which clipboard the console will use. A failed check\n" +
			"says how to fix it. The exit code is 0 only when no check fails. Doctor only reads: it\n" +
			"changes nothing in Keycloak.",
		Args: cobra.NoArgs,
	}
	out := addOutputFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := out.check(); err != nil {
			return err
		}
		s, err := a.opts.settings()
		if err != nil {
			return err
		}
		a.opts.printWarnings(s.Warnings)

		checks := a.runChecks(cmd.Context(), s)
		view := doctorView{OK: true, Checks: checks}
		var failed *check
		for i := range checks {
			if checks[i].Status == statusFail && failed == nil {
				failed = &checks[i]
				view.OK = false
			}
		}

		if out.format == formatTable {
			err = writeChecks(a.stdout, checks)
		} else {
			err = writeData(a.stdout, out.format, view)
		}
		if err != nil || failed == nil {
			return err
		}
		return codedError{code: failed.exitCode, err: fmt.Errorf("the %s check failed: %s", failed.Name, failed.Detail)}
	}
	return cmd
}

// runChecks runs the checks in order. A check whose input is missing
// because an earlier one failed is skipped.
func (a *app) runChecks(ctx context.Context, s Settings) []check {
	httpClient, err := newHTTPClient(s)
	if err != nil {
		return []check{{Name: "tls", Status: statusFail, Detail: err.Error(), Fix: "Point --ca-file at a PEM file of CA certificates", exitCode: exitUsage}}
	}
	cfg := keycloak.Config{URL: s.URL.Value, Realm: s.Realm.Value, AdminRealm: s.AdminRealm.Value, HTTPClient: httpClient,
		CAFile: s.CAFile.Value, Context: s.Context, Logger: a.logger()}
	probe := keycloak.Probe(ctx, cfg)

	checks := []check{urlCheck(probe), tlsCheck(s, probe)}
	checks = append(checks, realmCheck(s, probe))

	login := check{Name: "login", Status: statusSkip, Detail: "not tried, because Keycloak did not answer at the URL"}
	rights := check{Name: "rights", Status: statusSkip, Detail: "not checked, because the admin did not log in"}
	version := check{Name: "version", Status: statusSkip, Detail: "not read, because the admin did not log in"}
	if probe.Reachable {
		var client *keycloak.Client
		client, login = a.loginCheck(ctx, s, probe)
		switch {
		case client != nil && probe.RealmExists:
			rights = rightsCheck(ctx, client, s)
		case client != nil:
			// The rights are read in the realm, so without it every read
			// fails with the realm check's error.
			rights = check{Name: "rights", Status: statusSkip, Detail: "not checked, because the realm does not exist"}
		}
		if client != nil {
			version = versionCheck(ctx, client)
		}
	}
	return append(checks, login, rights, version, a.clipboardCheck())
}

func urlCheck(p keycloak.ProbeResult) check {
	c := check{Name: "url", exitCode: exitUnavailable}
	switch {
	case p.Reachable:
		c.Status, c.Detail = statusOK, "Keycloak answers at "+p.URL
	case p.Alternate != "":
		c.Status = statusFail
		c.Detail = fmt.Sprintf("Keycloak does not answer at %s, but does at %s", p.URL, p.Alternate)
		c.Fix = fmt.Sprintf("Use --url %s, or set url: %s in the context", p.Alternate, p.Alternate)
	case p.TLSFailed:
		// The tls check gives the cause and the fix.
		c.Status, c.Detail = statusFail, "no TLS connection to "+p.URL+"; the tls check gives the cause"
	default:
		c.Status, c.Detail, c.Fix = statusFail, errorDetail(p.Err), errorHint(p.Err)
		if c.Fix == "" {
			c.Fix = "Check the URL; Keycloak 17 and later serve at the root, Camunda's charts under /auth"
		}
	}
	return c
}

func tlsCheck(s Settings, p keycloak.ProbeResult) check {
	c := check{Name: "tls", exitCode: exitUnavailable}
	host := hostOf(s.URL.Value)
	switch {
	case strings.HasPrefix(p.URL, "http://") && isLoopback(host):
		c.Status, c.Detail = statusOK, "plain http to this machine ("+host+"), which never crosses the network"
	case strings.HasPrefix(p.URL, "http://"):
		c.Status, c.Detail = statusFail, "plain http to "+host+": the admin credentials and client secrets cross the network unencrypted"
		c.Fix = "Use the https:// URL of Keycloak"
	case p.TLSFailed:
		c.Status, c.Detail, c.Fix = statusFail, errorDetail(p.Err), errorHint(p.Err)
	case p.TLS == nil && !p.Reachable:
		// The url check reports why Keycloak did not respond.
		c.Status, c.Detail = statusSkip, "not checked, because Keycloak did not answer at the URL"
	case p.TLS == nil:
		c.Status, c.Detail = statusFail, "no TLS connection was made"
	case !p.TLS.Verified:
		c.Status = statusFail
		c.Detail = fmt.Sprintf("%s, but the certificate was not verified (%s)", p.TLS.Version, s.InsecureSkipTLSVerify.Origin)
		c.Fix = "Remove --insecure-skip-tls-verify and pass the CA that signed Keycloak's certificate with --ca-file"
	default:
		c.Status = statusOK
		c.Detail = fmt.Sprintf("%s, certificate of %s issued by %s, valid until %s", p.TLS.Version, p.TLS.Subject, p.TLS.Issuer, p.TLS.NotAfter.Format("2006-01-02"))
	}
	return c
}

func realmCheck(s Settings, p keycloak.ProbeResult) check {
	c := check{Name: "realm", exitCode: exitNotFound}
	switch {
	case !p.Reachable:
		c.Status, c.Detail = statusSkip, "not checked, because Keycloak did not answer at the URL"
	case !p.RealmExists:
		c.Status = statusFail
		c.Detail = fmt.Sprintf("the realm %q does not exist at %s (%s)", s.Realm.Value, p.URL, s.Realm.Origin)
		c.Fix = "Check the realm name with --realm or realm: in the context; Camunda's charts create camunda-platform"
	default:
		c.Status, c.Detail = statusOK, fmt.Sprintf("the realm %q exists", s.Realm.Value)
	}
	return c
}

// loginCheck logs the admin in, asking for the secret on the terminal if
// no other source gives it. It returns the client when the login worked.
func (a *app) loginCheck(ctx context.Context, s Settings, p keycloak.ProbeResult) (*keycloak.Client, check) {
	c := check{Name: "login", Status: statusFail, exitCode: exitUnauthorized}
	if !p.AdminRealmExists {
		c.Detail = fmt.Sprintf("the admin realm %q does not exist at %s (%s)", s.AdminRealm.Value, p.URL, s.AdminRealm.Origin)
		c.Fix = "Check --admin-realm or admin-realm: in the context; the bootstrap admin lives in master"
		c.exitCode = exitNotFound
		return nil, c
	}

	client, warnings, err := a.opts.clientFor(s, a.logger(), a.opts.terminalAsker(s))
	a.opts.printWarnings(warnings)
	if err == nil {
		err = client.Login(ctx)
	}
	if err != nil {
		c.Detail, c.Fix = errorDetail(err), errorHint(err)
		if c.Fix == "" {
			c.Fix = "Check the admin credentials and where they come from: idtui context show"
		}
		c.exitCode = exitCode(err)
		return nil, c
	}
	c.Status, c.Detail = statusOK, "logged in as "+client.Identity()
	return client, c
}

// roleUses lists what each realm-management role lets idtui do, for the
// fix of a missing role. keycloak.TestRolesOfEachOperation checks them.
var roleUses = []struct{ role, use string }{
	{keycloak.RoleViewClients, "lists and reads applications, their secrets and tokens"},
	{keycloak.RoleViewUsers, "reads the permissions of service accounts, as apps get shows them"},
	{keycloak.RoleManageClients, "creates, changes, rotates, disables and deletes applications"},
	{keycloak.RoleManageUsers, "grants and revokes permissions"},
}

// rightsCheck reports which realm-management roles the admin holds. A
// missing role fails the check, except a manage role in read-only mode,
// which never uses one.
func rightsCheck(ctx context.Context, client *keycloak.Client, s Settings) check {
	c := check{Name: "rights", exitCode: exitUnauthorized}
	rights, err := client.AdminRights(ctx)
	if err != nil {
		c.Status, c.Detail, c.Fix = statusFail, errorDetail(err), errorHint(err)
		c.exitCode = exitCode(err)
		return c
	}
	states := map[string]model.RightState{
		keycloak.RoleViewClients:   rights.ViewClients,
		keycloak.RoleViewUsers:     rights.ViewUsers,
		keycloak.RoleManageClients: rights.ManageClients,
		keycloak.RoleManageUsers:   rights.ManageUsers,
	}

	var held, missing, unknown, unused []string
	var uses []string
	for _, r := range roleUses {
		readOnlyUnused := s.ReadOnly.Value && strings.HasPrefix(r.role, "manage-")
		switch states[r.role] {
		case model.RightHeld:
			held = append(held, r.role)
		case model.RightMissing:
			if readOnlyUnused {
				unused = append(unused, r.role)
				continue
			}
			missing = append(missing, r.role)
			uses = append(uses, r.role+" "+r.use)
		default:
			unknown = append(unknown, r.role)
		}
	}

	var parts []string
	if len(held) > 0 {
		parts = append(parts, "holds "+strings.Join(held, ", "))
	}
	if len(missing) > 0 {
		parts = append(parts, "lacks "+strings.Join(missing, ", "))
	}
	if len(unused) > 0 {
		parts = append(parts, "lacks "+strings.Join(unused, ", ")+", which read-only mode does not use")
	}
	if len(unknown) > 0 {
		parts = append(parts, strings.Join(unknown, ", ")+" could not be checked, because the admin sees no user of the realm")
	}
	c.Detail = client.Identity() + " " + strings.Join(parts, "; ")

	managementClient := "realm-management in the realm " + s.Realm.Value
	if s.AdminRealm.Value != s.Realm.Value {
		managementClient = s.Realm.Value + "-realm in the realm " + s.AdminRealm.Value
	}
	switch {
	case len(missing) > 0:
		c.Status = statusFail
		c.Fix = fmt.Sprintf("Grant %s, roles of the client %s, to %s: %s", strings.Join(missing, ", "), managementClient, client.Identity(), strings.Join(uses, "; "))
	case len(unknown) > 0:
		c.Status = statusWarn
		c.Fix = "Nothing to do unless apps get or granting permissions fails; then grant view-users or manage-users"
	default:
		c.Status = statusOK
	}
	return c
}

func versionCheck(ctx context.Context, client *keycloak.Client) check {
	c := check{Name: "version", exitCode: exitFailure}
	v, err := client.ServerVersion(ctx)
	switch {
	case errors.Is(err, keycloak.ErrForbidden):
		c.Status, c.Detail = statusWarn, "Keycloak does not show its version to this admin"
	case err != nil:
		c.Status, c.Detail, c.Fix = statusFail, errorDetail(err), errorHint(err)
		c.exitCode = exitCode(err)
	case v == "":
		c.Status, c.Detail = statusWarn, "Keycloak returned no version"
	default:
		c.Status, c.Detail = statusOK, "Keycloak "+v
	}
	return c
}

// errorDetail and errorHint split a keycloak.Error into what failed and
// what to do, for the two columns of a check.
func errorDetail(err error) string {
	var e *keycloak.Error
	if errors.As(err, &e) {
		return e.Summary()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func errorHint(err error) string {
	var e *keycloak.Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}

func writeChecks(w io.Writer, checks []check) error {
	var b strings.Builder
	for _, c := range checks {
		fmt.Fprintf(&b, "%-4s  %-9s  %s\n", c.Status, c.Name, model.EscapeControl(c.Detail))
		if c.Fix != "" && c.Status != statusOK {
			fmt.Fprintf(&b, "%-4s  %-9s  fix: %s\n", "", "", model.EscapeControl(c.Fix))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
