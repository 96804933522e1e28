package model

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateClientID(t *testing.T) {
	tests := []struct {
		id      string
		problem string // "" for valid
	}{
		{"zeebe", ""},
		{"billing-service.eu_1:v2", ""},
		{"9lives", ""},
		{"", "is empty"},
		{"my app", "contains a space"},
		{"-leading", "starts with '-'"},
		{"caf\u00e9", "contains 'é'; use ASCII letters"},
		{"a/b", "contains '/'"},
		{strings.Repeat("a", MaxClientIDLength+1), "over the maximum of 255"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			err := ValidateClientID(tt.id)
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("err = %q, want it to contain %q", err, tt.problem)
			}
			if fe.Value != tt.id || fe.Fix == "" {
				t.Errorf("field error = %+v, want the value and a fix", fe)
			}
		})
	}
}

func TestValidateRedirectURI(t *testing.T) {
	tests := []struct {
		uri     string
		problem string
	}{
		{"https://app.example.com/callback", ""},
		{"http://localhost:8080/*", ""},
		{"/relative/*", ""},
		{"myapp://callback", ""},
		{"http://127.0.0.1:0/callback", ""},
		{"", "is empty"},
		{"*", "matches every URL"},
		{"https://a.example.com/*/x", "'*' before the end"},
		{"https://app.example.com/cb#frag", "fragment"},
		{"app.example.com/callback", "has no scheme"},
		{"javascript:alert(1)", "javascript: scheme"},
		{"https:///path", "has no host"},
		{"https://app .example.com", "contains a space"},
		{"http://[::1", "is not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			err := ValidateRedirectURI(tt.uri)
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("err = %v, want it to contain %q", err, tt.problem)
			}
		})
	}
}

func TestNewApplicationValidate(t *testing.T) {
	tests := []struct {
		name   string
		app    NewApplication
		fields []string
	}{
		{"valid M2M", NewApplication{ClientID: "svc", Type: TypeM2M}, nil},
		{"valid Public", NewApplication{ClientID: "spa", Type: TypePublic, RedirectURIs: []string{"https://spa.example.com/*"}}, nil},
		{"M2M with redirect URI", NewApplication{ClientID: "svc", Type: TypeM2M, RedirectURIs: []string{"https://x.example.com"}}, []string{"redirect URI"}},
		{"Confidential without redirect URI", NewApplication{ClientID: "web", Type: TypeConfidential}, []string{"redirect URI"}},
		{"every field wrong", NewApplication{ClientID: "a b", Type: TypePublic, RedirectURIs: []string{"*", "ftp"}}, []string{"client id", "redirect URI", "redirect URI"}},
		{"API type", NewApplication{ClientID: "api", Type: TypeAPI}, []string{"type"}},
		{"M2M client id of 239 bytes", NewApplication{ClientID: strings.Repeat("a", 239), Type: TypeM2M}, nil},
		{"M2M client id of 240 bytes", NewApplication{ClientID: strings.Repeat("a", 240), Type: TypeM2M}, []string{"client id"}},
		{"M2M client id of 256 bytes", NewApplication{ClientID: strings.Repeat("a", 256), Type: TypeM2M}, []string{"client id"}},
		{"name with an escape", NewApplication{ClientID: "svc", Name: "Bad\x1b[31mName", Type: TypeM2M}, []string{"name"}},
		{"name with a right-to-left override", NewApplication{ClientID: "svc", Name: "Pay\u202eroll", Type: TypeM2M}, []string{"name"}},
		{"description of two lines", NewApplication{ClientID: "svc", Description: "Line one\n\tline two", Type: TypeM2M}, nil},
		{"description of 255 bytes", NewApplication{ClientID: "svc", Description: strings.Repeat("d", 255), Type: TypeM2M}, nil},
		{"description of 256 bytes", NewApplication{ClientID: "svc", Description: strings.Repeat("d", 256), Type: TypeM2M}, []string{"description"}},
		{"description with a bell", NewApplication{ClientID: "svc", Description: "Ring\a", Type: TypeM2M}, []string{"description"}},
		{"Public client id of 255 bytes", NewApplication{ClientID: strings.Repeat("a", 255), Type: TypePublic, RedirectURIs: []string{"https://spa.example.com/*"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := FieldErrors(tt.app.Validate())
			var fields []string
			for _, fe := range errs {
				fields = append(fields, fe.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("invalid fields = %v, want %v (errors: %v)", fields, tt.fields, errs)
			}
		})
	}
}

func TestFieldErrorOfEmptyValue(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{ValidateClientID(""), "client id is empty; type a client id such as billing-service"},
		{NewApplication{ClientID: "spa", Type: TypePublic}.Validate(), "redirect URI is missing, and a Public application needs one for its login page; add the URL"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.HasPrefix(tt.err.Error(), tt.want) {
			t.Errorf("err = %v, want it to start with %q", tt.err, tt.want)
		}
	}
}

func TestM2MClientIDLengthMessage(t *testing.T) {
	err := NewApplication{ClientID: strings.Repeat("a", 240), Type: TypeM2M}.Validate()
	for _, part := range []string{"240 bytes long", "maximum of 239 for an M2M application", "service-account-<client id>", "at most 255"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("err = %v, want it to contain %q", err, part)
		}
	}
}

func TestProposeClientID(t *testing.T) {
	tests := map[string]string{
		"Billing Service":          "billing-service",
		"Billing Service (EU)":     "billing-service-eu",
		"  Café  Crème ":           "cafe-creme",
		"payments.v2_worker":       "payments.v2_worker",
		"___":                      "",
		"日本":                       "",
		"Zeebe -- Gateway!!":       "zeebe-gateway",
		"Billing Süßwaren":         "billing-susswaren",
		"Ærø Œuvre Łódź":           "aero-oeuvre-lodz",
		strings.Repeat("ab ", 200): strings.TrimRight(strings.Repeat("ab-", 85), "-"),
	}
	for name, want := range tests {
		got := ProposeClientID(name)
		if got != want {
			t.Errorf("ProposeClientID(%q) = %q, want %q", name, got, want)
		}
		if got != "" {
			if err := ValidateClientID(got); err != nil {
				t.Errorf("ProposeClientID(%q) = %q, which is invalid: %v", name, got, err)
			}
		}
	}
}

func TestParseAppType(t *testing.T) {
	for _, s := range []string{"m2m", "M2M", "confidential", "Public"} {
		if _, err := ParseAppType(s); err != nil {
			t.Errorf("ParseAppType(%q): %v", s, err)
		}
	}
	if _, err := ParseAppType("api"); err == nil {
		t.Error("ParseAppType(\"api\") accepted a type idtui does not create")
	}
}
