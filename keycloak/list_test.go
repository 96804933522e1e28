package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"
)

func TestDecodeClientsMatchesToApplication(t *testing.T) {
	var c gocloak.Client
	if err := json.Unmarshal([]byte(zeebeJSON), &c); err != nil {
		t.Fatal(err)
	}
	want := toApplication(&c)

	page, err := decodeClients(strings.NewReader("["+zeebeJSON+","+zeebeJSON+"]"), 2)

	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if page.received != 2 || len(page.apps) != 2 {
		t.Fatalf("received %d clients and %d applications, want 2 of each", page.received, len(page.apps))
	}
	if !reflect.DeepEqual(page.apps[0], want) {
		t.Errorf("decoded application =\n%+v\nwant the one toApplication maps:\n%+v", page.apps[0], want)
	}
}

func TestDecodeClientsEmptyPage(t *testing.T) {
	page, err := decodeClients(strings.NewReader("[]"), 50)

	if err != nil || page.received != 0 || len(page.apps) != 0 {
		t.Errorf("decode of [] = %d clients, err %v; want 0 and no error", page.received, err)
	}
}

func TestDecodeClientsCutShort(t *testing.T) {
	body := "[" + zeebeJSON + "," + zeebeJSON[:40]

	_, err := decodeClients(strings.NewReader(body), 2)

	if err == nil || !strings.Contains(err.Error(), "client 2") {
		t.Errorf("err = %v, want an error that names client 2", err)
	}
}

func TestAPIErrorKeepsKeycloakMessage(t *testing.T) {
	body := strings.NewReader(`{"error":"unknown_error","error_description":"For more on this error consult the server log."}`)

	err := wrapError(context.Background(), "list applications", "", apiError(500, "500 Internal Server Error", body))

	var e *Error
	if !errors.As(err, &e) || e.Status != 500 || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %#v, want a server error with status 500", err)
	}
	if want := "unknown_error: For more on this error consult the server log."; e.Detail != want {
		t.Errorf("detail = %q, want %q", e.Detail, want)
	}
}
