package model

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		flags ClientFlags
		want  AppType
	}{
		{"built-in by client id", ClientFlags{ClientID: "admin-cli", Public: true}, TypeBuiltIn},
		{"built-in by attribute", ClientFlags{ClientID: "camunda-platform-realm", RealmClient: true}, TypeBuiltIn},
		{"public", ClientFlags{ClientID: "spa", Public: true, Flows: Flows{Standard: true}}, TypePublic},
		{"bearer-only", ClientFlags{ClientID: "api", BearerOnly: true, Flows: Flows{Standard: true}}, TypeAPI},
		{"no grant", ClientFlags{ClientID: "zeebe-api"}, TypeAPI},
		{"service account", ClientFlags{ClientID: "zeebe", Flows: Flows{ServiceAccount: true}}, TypeM2M},
		{"login page", ClientFlags{ClientID: "operate", Flows: Flows{Standard: true}}, TypeConfidential},
		{"login page and service account", ClientFlags{ClientID: "identity", Flows: Flows{Standard: true, ServiceAccount: true}}, TypeConfidential},
		{"device grant only", ClientFlags{ClientID: "tv", Flows: Flows{Device: true}}, TypeConfidential},
	}
	for _, tt := range tests {
		if got := Classify(tt.flags); got != tt.want {
			t.Errorf("%s: Classify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSecretIsMasked(t *testing.T) {
	s := Secret("s3cr3t-value")

	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("test", "secret", s)
	encoded, _ := json.Marshal(struct{ S Secret }{s})
	printed := []string{
		fmt.Sprint(s), fmt.Sprintf("%v %s %+v %#v", s, s, s, s),
		fmt.Sprintf("%v", struct{ S Secret }{s}), logs.String(), string(encoded),
	}

	for _, out := range printed {
		if strings.Contains(out, "s3cr3t") {
			t.Errorf("secret printed in %q", out)
		}
	}
	if s.Reveal() != "s3cr3t-value" {
		t.Errorf("Reveal = %q", s.Reveal())
	}
	if Secret("").String() != "" {
		t.Error("an empty secret prints a mask")
	}
}

func TestSecretAge(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	app := Application{SecretCreatedAt: now.Add(-48 * time.Hour)}
	if age, ok := app.SecretAge(now); !ok || age != 48*time.Hour {
		t.Errorf("SecretAge = %v, %v; want 48h, true", age, ok)
	}
	if _, ok := (Application{}).SecretAge(now); ok {
		t.Error("SecretAge reports an age without a creation time")
	}
}

func TestAppTypeText(t *testing.T) {
	for _, typ := range []AppType{TypeM2M, TypeConfidential, TypePublic, TypeAPI, TypeBuiltIn} {
		text, _ := typ.MarshalText()
		var back AppType
		if err := back.UnmarshalText(text); err != nil || back != typ {
			t.Errorf("%v: round trip gave %v, %v", typ, back, err)
		}
	}
}
