package keycloak_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
)

// deviceRealm is a realm whose device codes may be polled every second,
// so that the device tests take seconds rather than the default 5 s a poll.
func deviceRealm(t *testing.T) (realm, username string) {
	t.Helper()
	realm, username, _ = signInRealm(t, gocloak.RealmRepresentation{
		Attributes: &map[string]string{"oauth2DevicePollingInterval": "1"},
	})
	return realm, username
}

// approveDevice plays the person: it opens the verification page, enters
// the user code, signs in and grants access. Keycloak 26 shows a consent page
// in the device flow even for a client without "consent required".
func approveDevice(t *testing.T, browser *kctest.Browser, prompt keycloak.SignInPrompt, username, password string) {
	t.Helper()
	browser.Open(prompt.URL)
	browser.EnterUserCode(prompt.UserCode)
	browser.SignIn(username, password)
	browser.WaitForText("Do you grant")
	browser.Grant()
	browser.WaitForText("Device Login Successful")
}

func TestDeviceSignIn(t *testing.T) {
	realm, username := deviceRealm(t)
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	c, creds := signInClient(t, realm, keycloak.SignInDevice, p, nil)

	done := loginAsync(c)
	prompt := p.next(t)
	if prompt.UserCode == "" || !strings.HasSuffix(prompt.URL, "/realms/"+realm+"/device") {
		t.Fatalf("device prompt: %+v", prompt)
	}
	if time.Until(prompt.Expires) < time.Minute {
		t.Errorf("the user code expires at %v, too soon", prompt.Expires)
	}
	approveDevice(t, browser, prompt, username, "operator-pass")
	waitLogin(t, done)

	if _, err := c.AllApplications(kctest.Context(t)); err != nil {
		t.Fatalf("list after the device sign-in: %v", err)
	}
	if creds.Identity() != username {
		t.Errorf("identity = %q, want %q", creds.Identity(), username)
	}
}

// deviceProxy sits in front of Keycloak. It makes the client poll every
// second while the realm allows every 3 s, so that Keycloak returns
// slow_down, and it records the time and the error of every device token
// request.
type deviceProxy struct {
	mu    sync.Mutex
	polls []poll
}

type poll struct {
	at    time.Time
	error string // the OAuth error, "" for the token
}

var intervalField = regexp.MustCompile(`"interval":\d+`)

func (d *deviceProxy) start(t *testing.T) string {
	target, err := url.Parse(kctest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	proxy.ModifyResponse = func(resp *http.Response) error {
		path := resp.Request.URL.Path
		isDeviceAuth := strings.HasSuffix(path, "/auth/device")
		isToken := strings.HasSuffix(path, "/token")
		if !isDeviceAuth && !isToken {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if isDeviceAuth {
			body = intervalField.ReplaceAll(body, []byte(`"interval":1`))
		} else {
			var reply struct {
				Error string `json:"error"`
			}
			_ = json.Unmarshal(body, &reply)
			d.mu.Lock()
			d.polls = append(d.polls, poll{at: time.Now(), error: reply.Error})
			d.mu.Unlock()
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		return nil
	}
	server := httptest.NewServer(proxy)
	t.Cleanup(server.Close)
	return server.URL + target.Path
}

func (d *deviceProxy) recorded() []poll {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]poll(nil), d.polls...)
}

func TestDeviceSignInSlowsDown(t *testing.T) {
	realm, username, _ := signInRealm(t, gocloak.RealmRepresentation{
		Attributes: &map[string]string{"oauth2DevicePollingInterval": "3"},
	})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	proxy := &deviceProxy{}
	creds := keycloak.NewSignIn(keycloak.SignInOptions{Method: keycloak.SignInDevice, Prompt: p.show})
	cfg := kctest.Config(t)
	cfg.URL, cfg.Realm, cfg.AdminRealm, cfg.Credentials = proxy.start(t), realm, realm, creds
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	done := loginAsync(c)
	prompt := p.next(t)
	deadline := time.Now().Add(30 * time.Second)
	for !hasSlowDown(proxy.recorded()) {
		if time.Now().After(deadline) {
			t.Fatalf("Keycloak answered no slow_down within 30 s; polls: %+v", proxy.recorded())
		}
		time.Sleep(100 * time.Millisecond)
	}
	approveDevice(t, browser, prompt, username, "operator-pass")
	waitLogin(t, done)

	// After slow_down the client waits its interval plus 5 s: 1 + 5.
	polls := proxy.recorded()
	for i, p := range polls[:len(polls)-1] {
		if p.error != "slow_down" {
			continue
		}
		if gap := polls[i+1].at.Sub(p.at); gap < 6*time.Second-200*time.Millisecond {
			t.Errorf("the poll after slow_down came %v later, want at least 6 s; polls: %+v", gap, polls)
		}
	}
	if last := polls[len(polls)-1]; last.error != "" {
		t.Errorf("last poll: %q, want the token", last.error)
	}
}

func hasSlowDown(polls []poll) bool {
	for _, p := range polls {
		if p.error == "slow_down" {
			return true
		}
	}
	return false
}

func TestDeviceSignInMissingClient(t *testing.T) {
	kctest.Require(t)
	creds := keycloak.NewSignIn(keycloak.SignInOptions{ClientID: kctest.UniqueID("missing"), Method: keycloak.SignInDevice, Prompt: newPrompts().show})
	cfg := kctest.Config(t)
	cfg.AdminRealm, cfg.Credentials = kctest.Realm, creds
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	err = c.Login(kctest.Context(t))

	if err == nil || !strings.Contains(err.Error(), "Create the sign-in client with idtui login --setup, or name an existing public client") {
		t.Errorf("device sign-in through a missing client: err = %v, want the fix idtui login --setup", err)
	}
}
