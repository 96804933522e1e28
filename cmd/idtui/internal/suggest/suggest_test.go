package suggest

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	ids := []string{"zeebe", "zeebe-api", "operate", "operate-api", "tasklist", "connectors"}
	tests := []struct {
		word string
		want []string
	}{
		{"zeeb", []string{"zeebe", "zeebe-api"}},
		{"opreate", []string{"operate"}},
		{"zebee", []string{"zeebe"}},
		{"Tasklist", []string{"tasklist"}},
		{"billing", nil},
		{"", nil},
		{"zeebe", []string{"zeebe-api"}},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, ids); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
