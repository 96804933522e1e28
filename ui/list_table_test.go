package ui

import (
	"slices"
	"testing"
	"time"

	"github.com/idtui/idtui/model"
)

func TestSortBySecretAgeGroupsUnknownAges(t *testing.T) {
	old, recent := testNow.Add(-90*24*time.Hour), testNow.Add(-time.Hour)
	table := &appTable{order: sortBySecretAge, showAll: true}
	table.add([]model.Application{
		{ClientID: "web-modeler", Type: model.TypePublic},
		{ClientID: "recent", Type: model.TypeM2M, SecretCreatedAt: recent},
		{ClientID: "broker", Type: model.TypeBuiltIn},
		{ClientID: "legacy", Type: model.TypeConfidential},
		{ClientID: "old", Type: model.TypeM2M, SecretCreatedAt: old},
	})

	var got []string
	for _, i := range table.visible {
		got = append(got, table.rows[i].app.ClientID)
	}
	want := []string{"old", "recent", "legacy", "broker", "web-modeler"}
	if !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}
