package tokencheck

import (
	"time"

	"github.com/idtui/idtui/model"
)

// Inspection is everything idtui shows about a token: its claims, its
// signature and what each Camunda API would make of it.
type Inspection struct {
	Token     Token
	Signature *Verification // nil when no keys were given
	APIs      []APIDiagnosis
}

// Inspect decodes the token, verifies it against keys unless keys is nil,
// and diagnoses it for each Camunda API against the expected issuer at now.
// It fails only when the token cannot be decoded. It takes an
// application's client-credentials token. For a user's token, use InspectAs.
func Inspect(raw model.Secret, keys *KeySet, issuer string, now time.Time) (Inspection, error) {
	return InspectAs(raw, keys, issuer, HolderApplication, now)
}

// InspectAs is Inspect for a token of the given holder, whose diagnosis
// names who must be granted a missing API role.
func InspectAs(raw model.Secret, keys *KeySet, issuer string, holder Holder, now time.Time) (Inspection, error) {
	t, err := Decode(raw.Reveal())
	if err != nil {
		return Inspection{}, err
	}

	in := Inspection{Token: t}
	if keys != nil {
		v := Verify(t, *keys)
		in.Signature = &v
	}
	in.APIs = Diagnose(t, Expectations{Issuer: issuer, Signature: in.Signature, Now: now, Holder: holder})
	return in, nil
}

// Accepted returns the APIs that would accept the token.
func (in Inspection) Accepted() []model.CamundaAPI {
	var apis []model.CamundaAPI
	for _, d := range in.APIs {
		if d.Accepted {
			apis = append(apis, d.API)
		}
	}
	return apis
}
