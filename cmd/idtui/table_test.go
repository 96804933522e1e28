package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/idtui/idtui/model"
)

func TestTableAlignsWideCharacters(t *testing.T) {
	tbl := newTable("CLIENT ID", "NAME")
	tbl.add("a", "Café")
	tbl.add("bb", "日本語")
	var out strings.Builder

	if err := tbl.write(&out, 0); err != nil {
		t.Fatal(err)
	}

	want := "CLIENT ID  NAME\na          Café\nbb         日本語\n"
	if out.String() != want {
		t.Errorf("table =\n%s\nwant\n%s", out.String(), want)
	}
}

func TestTableFitsWidth(t *testing.T) {
	tbl := newTable("CLIENT ID", "NAME", "TYPE")
	tbl.shrinkable[1] = true
	tbl.add("billing-service", strings.Repeat("A very long display name ", 4), "M2M")
	var out strings.Builder

	if err := tbl.write(&out, 50); err != nil {
		t.Fatal(err)
	}

	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if w := runewidth.StringWidth(line); w > 50 {
			t.Errorf("line %q is %d wide, over 50", line, w)
		}
	}
	if !strings.Contains(out.String(), "billing-service") || !strings.Contains(out.String(), "…") {
		t.Errorf("table =\n%s\nwant the client id whole and the name cut with …", out.String())
	}
}

func TestTableKeepsIDsWhenTooNarrow(t *testing.T) {
	tbl := newTable("CLIENT ID", "NAME")
	tbl.shrinkable[1] = true
	tbl.add("a-client-id-longer-than-the-terminal", "name")
	var out strings.Builder

	if err := tbl.write(&out, 10); err != nil {
		t.Fatal(err)
	}

	if !strings.Contains(out.String(), "a-client-id-longer-than-the-terminal") {
		t.Errorf("the client id was cut:\n%s", out.String())
	}
}

func TestSecretAgeColumn(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		app  model.Application
		want string
	}{
		{"public", model.Application{Type: model.TypePublic}, "-"},
		{"not recorded", model.Application{Type: model.TypeConfidential}, "unknown"},
		{"twelve days", model.Application{Type: model.TypeM2M, SecretCreatedAt: now.Add(-12 * 24 * time.Hour)}, "12d"},
		{"just now", model.Application{Type: model.TypeM2M, SecretCreatedAt: now.Add(-10 * time.Second)}, "<1m"},
	}
	for _, tt := range tests {
		if got := secretAge(tt.app, now); got != tt.want {
			t.Errorf("%s: secretAge = %q, want %q", tt.name, got, tt.want)
		}
	}
}
