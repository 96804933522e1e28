package tokencheck

import (
	"errors"
	"testing"
	"time"
)

// FuzzDecode feeds arbitrary input to Decode and to everything that reads
// its result. Nothing may panic, and every failure must be a *DecodeError.
// go test runs the seeds below as ordinary cases; go test -fuzz=FuzzDecode
// searches further.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		unsignedToken(zeebeHeader, zeebePayload),
		"Bearer " + unsignedToken(`{"alg":"ES256","kid":"k"}`, `{"aud":["a","b"],"permissions":{"a":"read:*"}}`),
		unsignedToken(`{"alg":"none"}`, `{"exp":1e300,"iat":-5}`),
		unsignedToken(`{"alg":"EdDSA"}`, `{"exp":1.5,"nbf":253402300799,"iss":"http://[::1"}`),
		unsignedToken(`{"alg":"HS256","crit":["exp"]}`, `{"permissions":{"x":[1,2]},"aud":null}`),
		unsignedToken(`{"alg":"RS256"}`, `{"iss":"http://127.0.0.1:18080/realms/camunda-platform"}`),
		unsignedToken(`{"alg":"RS256"}`, `[]`),
		unsignedToken(`{"alg":"RS256"}`, `{"exp":9223372036854775807}`),
		"", ".", "..", "a.b.c", "a.b.c.d.e", "====.====.====", "e30.e30.", "eyJhbGciOiJSUzI1NiJ9.e30.",
		"\x00\xff.\xfe.", "Bearer", "bearer  \t",
	}
	for _, s := range seeds {
		f.Add(s)
	}

	keys := KeySet{}
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, input string) {
		tok, err := Decode(input)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Part == "" || de.Reason == "" {
				t.Fatalf("Decode(%q) err = %#v, want a *DecodeError with part and reason", input, err)
			}
			return
		}

		if tok.Header.Alg == "" || tok.Raw == "" {
			t.Fatalf("Decode(%q) = %+v without alg or raw token", input, tok)
		}
		_ = tok.ExpiryText(now)
		v := Verify(tok, keys)
		if v.Verified {
			t.Fatalf("Decode(%q) verified against an empty key set", input)
		}
		for _, d := range Diagnose(tok, Expectations{Issuer: devIssuer, Signature: &v, Now: now}) {
			if d.Accepted {
				t.Fatalf("%s accepted a token whose signature was not verified", d.API.Name)
			}
		}
	})
}
