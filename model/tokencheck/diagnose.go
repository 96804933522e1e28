package tokencheck

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/idtui/idtui/model"
)

// Result is the outcome of one check.
type Result string

const (
	ResultOK      Result = "ok"
	ResultFailed  Result = "failed"
	ResultSkipped Result = "skipped" // the check lacked its input, such as the realm's keys
)

// The checks, in the order Diagnose runs them.
const (
	CheckSignature  = "signature"
	CheckExpiry     = "expiry"
	CheckIssuer     = "issuer"
	CheckAudience   = "audience"
	CheckPermission = "permission"
)

// Check is one condition that an API puts on a token.
type Check struct {
	Name    string // one of the Check* names
	Result  Result
	Message string // the finding, in plain words
	Fix     string // the change that makes the check pass, set when Result is ResultFailed
}

// APIDiagnosis is one Camunda API's verdict on the token, with the cause of a rejection.
type APIDiagnosis struct {
	API      model.CamundaAPI
	Accepted bool
	// Status is the HTTP status the API would return: 401 for a token it
	// does not accept, 403 for one without the permission, 0 when accepted.
	Status  int
	Summary string // "Operate would accept the token", or the rejection and its first cause
	Checks  []Check
}

// Fixes returns the fixes of the failed checks, without repeats, first cause first.
func (d APIDiagnosis) Fixes() []string {
	var fixes []string
	for _, c := range d.Checks {
		if c.Result == ResultFailed && c.Fix != "" && !slices.Contains(fixes, c.Fix) {
			fixes = append(fixes, c.Fix)
		}
	}
	return fixes
}

// Holder is whom a token was issued to. It decides who must hold an API
// role that the token lacks, so it decides the fix.
type Holder int

const (
	// HolderApplication is an application's client-credentials token. Its
	// roles are those mapped to the application's service account.
	HolderApplication Holder = iota
	// HolderUser is a user's token, issued when the user signed in through
	// an application's login page. Its roles are the user's, so granting
	// the application a role adds nothing to it.
	HolderUser
)

// Expectations are the values that the APIs check a token against.
type Expectations struct {
	// Issuer is the iss the APIs expect: the realm's URL as the APIs reach
	// Keycloak. Empty skips the issuer check.
	Issuer string
	// Signature is the outcome of Verify. Nil skips the signature check.
	Signature *Verification
	// Now is the time to check expiry against.
	Now time.Time
	// Holder is whom the token was issued to, for the fixes of a missing
	// audience or permission.
	Holder Holder
}

// Diagnose checks the token for each API in model.CamundaAPIs.
func Diagnose(t Token, exp Expectations) []APIDiagnosis {
	shared := sharedChecks(t, exp)
	diagnoses := make([]APIDiagnosis, 0, len(model.CamundaAPIs))
	for _, api := range model.CamundaAPIs {
		diagnoses = append(diagnoses, diagnoseAPI(t, api, shared, exp.Holder))
	}
	return diagnoses
}

// DiagnoseAPI checks the token for one API.
func DiagnoseAPI(t Token, api model.CamundaAPI, exp Expectations) APIDiagnosis {
	return diagnoseAPI(t, api, sharedChecks(t, exp), exp.Holder)
}

// sharedChecks are the checks whose outcome is the same for every API.
func sharedChecks(t Token, exp Expectations) []Check {
	return []Check{checkSignature(exp.Signature), checkExpiry(t, exp.Now), checkIssuer(t, exp.Issuer)}
}

func diagnoseAPI(t Token, api model.CamundaAPI, shared []Check, holder Holder) APIDiagnosis {
	d := APIDiagnosis{API: api, Accepted: true}
	d.Checks = append(slices.Clone(shared), checkAudience(t, api, holder), checkPermission(t, api, holder))

	for _, c := range d.Checks {
		if c.Result != ResultFailed {
			continue
		}
		d.Accepted = false
		d.Status, d.Summary = http.StatusUnauthorized, fmt.Sprintf("%s would reject the token with %s: %s", api.Name, api.Unauthenticated, c.Message)
		if c.Name == CheckPermission {
			d.Status, d.Summary = http.StatusForbidden, fmt.Sprintf("%s would return %s: %s", api.Name, api.Forbidden, c.Message)
		}
		return d
	}
	d.Summary = api.Name + " would accept the token"
	return d
}

func checkSignature(v *Verification) Check {
	c := Check{Name: CheckSignature}
	switch {
	case v == nil:
		c.Result, c.Message = ResultSkipped, "not checked, because the realm's keys were not available"
	case v.Verified:
		c.Result, c.Message = ResultOK, fmt.Sprintf("verified with the realm's key %s (%s)", v.KeyID, v.Alg)
	default:
		c.Result, c.Message = ResultFailed, "the signature is not verified: "+v.Reason
		c.Fix = "Fetch a new token from the realm that the API trusts"
	}
	return c
}

func checkExpiry(t Token, now time.Time) Check {
	c := Check{Name: CheckExpiry, Result: ResultOK}
	left, hasExp := t.ExpiresIn(now)
	notBefore := t.Claims.NotBefore

	switch {
	case !notBefore.IsZero() && now.Before(notBefore):
		c.Result = ResultFailed
		c.Message = fmt.Sprintf("the token is not valid before %s, %s from now", formatTime(notBefore), FormatDuration(notBefore.Sub(now)))
		c.Fix = "Keycloak's clock is ahead of this machine's; synchronize both with NTP"
	case !hasExp:
		c.Message = "the token has no exp, so it never expires"
	case left <= 0:
		c.Result = ResultFailed
		c.Message = fmt.Sprintf("the token %s, at %s", t.ExpiryText(now), formatTime(t.Claims.ExpiresAt))
		c.Fix = "Fetch a new token"
		if lifetime, ok := t.Lifetime(); ok {
			c.Fix += fmt.Sprintf("; this client's tokens live %s (exp - iat), so a service fetches a new one before each expires", FormatDuration(lifetime))
		}
	default:
		c.Message = fmt.Sprintf("valid for another %s, until %s", FormatDuration(left), formatTime(t.Claims.ExpiresAt))
	}
	return c
}

func checkIssuer(t Token, expected string) Check {
	c := Check{Name: CheckIssuer}
	if expected == "" {
		c.Result, c.Message = ResultSkipped, "not checked, because no expected issuer was given"
		return c
	}
	problem, fix := compareIssuer(t.Claims.Issuer, expected)
	if problem == "" {
		c.Result, c.Message = ResultOK, "iss is "+t.Claims.Issuer+", as expected"
		return c
	}
	c.Result, c.Message, c.Fix = ResultFailed, problem, fix
	return c
}

func checkAudience(t Token, api model.CamundaAPI, holder Holder) Check {
	c := Check{Name: CheckAudience}
	if t.Claims.HasAudience(api.Audience) {
		c.Result, c.Message = ResultOK, "aud contains "+api.Audience
		return c
	}

	present := "it holds no audience"
	if len(t.Claims.Audience) > 0 {
		present = "it holds " + strings.Join(t.Claims.Audience, ", ")
	}
	c.Result = ResultFailed
	c.Message = fmt.Sprintf("aud lacks %s (%s); a missing %s audience is the usual reason %s returns 401", api.Audience, present, api.Audience, api.Name)
	c.Fix = grantFix(t, api, holder)
	return c
}

func checkPermission(t Token, api model.CamundaAPI, holder Holder) Check {
	c := Check{Name: CheckPermission}
	roles := t.Claims.Permissions[api.Audience]
	var camunda []string
	for _, r := range model.CamundaRoles {
		if slices.Contains(roles, r) {
			camunda = append(camunda, r)
		}
	}

	grant := grantFix(t, api, holder)
	switch {
	case len(roles) == 0:
		c.Result = ResultFailed
		c.Message = fmt.Sprintf("the token carries no permission on %s", api.Audience)
		c.Fix = grant
	case len(camunda) == 0:
		c.Result = ResultFailed
		c.Message = fmt.Sprintf("the token carries %s on %s, but neither read:* nor write:*", strings.Join(roles, ", "), api.Audience)
		c.Fix = grant
	case len(camunda) == len(model.CamundaRoles):
		c.Result = ResultOK
		c.Message = fmt.Sprintf("read:* and write:* on %s", api.Audience)
	default:
		missing := "write:*"
		if camunda[0] == "write:*" {
			missing = "read:*"
		}
		c.Result = ResultOK
		c.Message = fmt.Sprintf("%s on %s, but not %s, so calls that need %s get %s", camunda[0], api.Audience, missing, missing, api.Forbidden)
	}
	return c
}

// grantFix is the fix for a missing audience and for a missing permission,
// which one grant cures together. The role goes to the holder of the
// token's roles: the application's service account, or the user.
func grantFix(t Token, api model.CamundaAPI, holder Holder) string {
	if holder == HolderUser {
		user := t.Claims.Username()
		where := "Users > " + user + " > Role mapping"
		if user == "" {
			user, where = "who signed in", "Users > the user > Role mapping"
		}
		return fmt.Sprintf("Grant the user %s read:* or write:* on %s in Keycloak, under %s, then sign in again: a user's token carries the user's roles, not the application's", user, api.Audience, where)
	}
	return fmt.Sprintf("Grant the application read:* or write:* on %s, then fetch a new token: Keycloak adds %s to aud and to permissions once the application holds one of its roles", api.Audience, api.Audience)
}

func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
