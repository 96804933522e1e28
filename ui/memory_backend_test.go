package ui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// memoryBackend is an in-memory realm for the console's tests. It checks
// input as the keycloak package does and returns *keycloak.Error values of
// the same kinds.
type memoryBackend struct {
	mu      sync.Mutex
	apps    map[string]model.Application // by internal id
	secrets map[string]model.Secret
	perms   map[string][]model.Permission
	lastID  int
	now     func() time.Time
	// failures makes the next call of an operation fail, by operation name.
	failures map[string]error
	// pageGate, when set, holds back every page after the first until the
	// test receives from it.
	pageGate chan struct{}
	// holds make the next call of a change wait, by operation name, until
	// the test sends on the channel, as a slow Keycloak does.
	holds    map[string]chan struct{}
	pageSize int
	// keysetKeyID, when set, replaces the kid of the published signing key,
	// so that the tokens name a key that the realm does not publish.
	keysetKeyID string

	// realm is the application realm, camunda-platform by default.
	realm string
	// The operator's sign-in; see memory_signin_test.go.
	signIn memorySignIn
}

func newMemoryBackend(now func() time.Time, apps ...model.Application) *memoryBackend {
	b := &memoryBackend{
		apps: map[string]model.Application{}, secrets: map[string]model.Secret{},
		perms: map[string][]model.Permission{}, failures: map[string]error{}, holds: map[string]chan struct{}{}, now: now, pageSize: 100,
		realm: "camunda-platform", signIn: memorySignIn{method: keycloak.SignInBrowser},
	}
	for _, app := range apps {
		b.add(app, model.Secret("secret-of-"+app.ClientID))
	}
	return b
}

func (b *memoryBackend) add(app model.Application, secret model.Secret) model.Application {
	b.lastID++
	if app.ID == "" {
		app.ID = fmt.Sprintf("id-%04d", b.lastID)
	}
	b.apps[app.ID] = app
	if app.HasSecret() {
		b.secrets[app.ID] = secret
	}
	return app
}

// fail makes the next call of op return err.
func (b *memoryBackend) fail(op string, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures[op] = err
}

// hold makes the next call of op wait until the test sends on the
// returned channel, which never blocks the test.
func (b *memoryBackend) hold(op string) chan<- struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	gate := make(chan struct{}, 1)
	b.holds[op] = gate
	return gate
}

// await waits while op is held. A canceled ctx ends the wait with its
// error, and the caller makes the change all the same and returns the
// error: Keycloak applies a request that it has received, even when the
// caller stops waiting for the reply.
func (b *memoryBackend) await(ctx context.Context, op string) error {
	b.mu.Lock()
	gate := b.holds[op]
	delete(b.holds, op)
	b.mu.Unlock()
	if gate == nil {
		return nil
	}
	select {
	case <-gate:
		return nil
	case <-ctx.Done():
		return &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: op, Detail: "canceled", Err: ctx.Err()}
	}
}

func (b *memoryBackend) failure(op string) error {
	err := b.failures[op]
	delete(b.failures, op)
	return err
}

func (b *memoryBackend) find(op string, ref model.AppRef) (model.Application, error) {
	if err := b.sessionErr(); err != nil {
		return model.Application{}, err
	}
	if err := b.failure(op); err != nil {
		return model.Application{}, err
	}
	if app, ok := b.apps[ref.ID]; ok {
		return app, nil
	}
	for _, app := range b.apps {
		if ref.ID == "" && app.ClientID == ref.ClientID {
			return app, nil
		}
	}
	return model.Application{}, &keycloak.Error{Kind: keycloak.ErrNotFound, Op: op, ClientID: ref.ClientID, Status: 404, Detail: "Could not find client", Hint: "Refresh the list"}
}

func (b *memoryBackend) sorted() []model.Application {
	apps := make([]model.Application, 0, len(b.apps))
	for _, app := range b.apps {
		apps = append(apps, app)
	}
	slices.SortFunc(apps, func(x, y model.Application) int { return cmp.Compare(x.ID, y.ID) })
	return apps
}

func (b *memoryBackend) ListApplications(ctx context.Context, pageSize int, yield func([]model.Application) error) error {
	b.mu.Lock()
	if err := cmp.Or(b.sessionErr(), b.failure("list applications")); err != nil {
		b.mu.Unlock()
		return err
	}
	apps, gate := b.sorted(), b.pageGate
	if pageSize <= 0 {
		pageSize = b.pageSize
	}
	b.mu.Unlock()

	for first := 0; first == 0 || first < len(apps); first += pageSize {
		if first > 0 && gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := yield(apps[first:min(first+pageSize, len(apps))]); err != nil {
			return err
		}
	}
	return nil
}

func (b *memoryBackend) GetApplication(_ context.Context, ref model.AppRef) (model.Application, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.find("get application", ref)
}

func (b *memoryBackend) CreateApplication(ctx context.Context, n model.NewApplication) (model.Application, model.Secret, error) {
	op := "create application"
	lost := b.await(ctx, op)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := n.Validate(); err != nil {
		return model.Application{}, "", &keycloak.Error{Kind: keycloak.ErrInvalid, Op: op, ClientID: n.ClientID, Detail: err.Error(), Err: err}
	}
	if err := cmp.Or(b.sessionErr(), b.failure(op)); err != nil {
		return model.Application{}, "", err
	}
	for _, app := range b.apps {
		if app.ClientID == n.ClientID {
			return model.Application{}, "", &keycloak.Error{Kind: keycloak.ErrConflict, Op: op, ClientID: n.ClientID, Status: 409, Detail: "Client " + n.ClientID + " already exists", Hint: "Choose another client id"}
		}
	}
	app := model.Application{
		ClientID: n.ClientID, Name: n.Name, Description: n.Description, Type: n.Type, Enabled: true,
		RedirectURIs: n.RedirectURIs, Flows: model.Flows{Standard: n.Type != model.TypeM2M, ServiceAccount: n.Type == model.TypeM2M},
	}
	if app.HasSecret() {
		app.SecretCreatedAt = b.now()
	}
	app = b.add(app, model.Secret("created-secret-of-"+n.ClientID))
	if lost != nil {
		return model.Application{}, "", lost
	}
	return app, b.secrets[app.ID], nil
}

func (b *memoryBackend) DeleteApplication(ctx context.Context, ref model.AppRef) error {
	lost := b.await(ctx, "delete application")
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("delete application", ref)
	if err == nil {
		delete(b.apps, app.ID)
	}
	return cmp.Or(err, lost)
}

func (b *memoryBackend) SetEnabled(ctx context.Context, ref model.AppRef, enabled bool) error {
	lost := b.await(ctx, "update application")
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("update application", ref)
	if err == nil {
		app.Enabled = enabled
		b.apps[app.ID] = app
	}
	return cmp.Or(err, lost)
}

func (b *memoryBackend) Secret(_ context.Context, ref model.AppRef) (model.Secret, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("read the secret of", ref)
	return b.secrets[app.ID], err
}

func (b *memoryBackend) RotateSecret(ctx context.Context, ref model.AppRef) (model.Secret, error) {
	lost := b.await(ctx, "rotate the secret of")
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("rotate the secret of", ref)
	if err != nil {
		return "", err
	}
	app.SecretCreatedAt = b.now()
	b.apps[app.ID] = app
	b.secrets[app.ID] = model.Secret("rotated-" + string(b.secrets[app.ID]))
	if lost != nil {
		return "", lost
	}
	return b.secrets[app.ID], nil
}

// ServiceAccount fails as a whole, as keycloak.Client.ServiceAccount does:
// a failure of "read the permissions of" is the one an admin without
// view-users gets.
func (b *memoryBackend) ServiceAccount(_ context.Context, ref model.AppRef) (string, []model.Permission, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.find("read the service account of", ref)
	if err == nil {
		err = b.failure("read the permissions of")
	}
	if err != nil || !app.Flows.ServiceAccount {
		return "", nil, err
	}
	return "service-account-" + app.ClientID, slices.Clone(b.perms[app.ID]), nil
}

func (b *memoryBackend) ListAPIs(context.Context) ([]model.API, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := cmp.Or(b.sessionErr(), b.failure("list APIs")); err != nil {
		return nil, err
	}
	var apis []model.API
	for _, app := range b.sorted() {
		if app.Type == model.TypeAPI {
			apis = append(apis, model.API{ClientID: app.ClientID, Name: app.Name, Roles: slices.Clone(model.CamundaRoles)})
		}
	}
	slices.SortFunc(apis, func(x, y model.API) int { return cmp.Compare(x.ClientID, y.ClientID) })
	return apis, nil
}

func (b *memoryBackend) GrantPermission(ctx context.Context, ref model.AppRef, p model.Permission) error {
	lost := b.await(ctx, "grant a permission to")
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.permissionTarget("grant a permission to", ref, p)
	if err != nil {
		return err
	}
	if !slices.Contains(b.perms[app.ID], p) {
		perms := append(b.perms[app.ID], p)
		slices.SortFunc(perms, func(x, y model.Permission) int { return cmp.Compare(x.String(), y.String()) })
		b.perms[app.ID] = perms
	}
	return lost
}

func (b *memoryBackend) RevokePermission(ctx context.Context, ref model.AppRef, p model.Permission) error {
	lost := b.await(ctx, "remove a permission from")
	b.mu.Lock()
	defer b.mu.Unlock()
	app, err := b.permissionTarget("remove a permission from", ref, p)
	if err != nil {
		return err
	}
	b.perms[app.ID] = slices.DeleteFunc(b.perms[app.ID], func(held model.Permission) bool { return held == p })
	return lost
}

// permissionTarget checks a grant or removal as the keycloak package does,
// and returns the application.
func (b *memoryBackend) permissionTarget(op string, ref model.AppRef, p model.Permission) (model.Application, error) {
	app, err := b.find(op, ref)
	if err != nil {
		return app, err
	}
	if !app.Flows.ServiceAccount {
		return app, &keycloak.Error{Kind: keycloak.ErrInvalid, Op: op, ClientID: ref.ClientID, Detail: "the application has no service account", Hint: "Permissions apply to M2M applications; enable the service account first"}
	}
	for _, api := range b.apps {
		if api.Type == model.TypeAPI && api.ClientID == p.API {
			if !slices.Contains(model.CamundaRoles, p.Role) {
				return app, &keycloak.Error{Kind: keycloak.ErrNotFound, Op: op, ClientID: ref.ClientID, Status: 404, Detail: fmt.Sprintf("the API client %q has no role %q", p.API, p.Role)}
			}
			return app, nil
		}
	}
	return app, &keycloak.Error{Kind: keycloak.ErrNotFound, Op: op, ClientID: ref.ClientID, Detail: fmt.Sprintf("the API client %q does not exist in the realm %q", p.API, b.Realm())}
}

func (b *memoryBackend) TokenURL() string {
	return "http://keycloak.test/auth/realms/" + b.realm + "/protocol/openid-connect/token"
}
func (b *memoryBackend) URL() string      { return "http://keycloak.test/auth" }
func (b *memoryBackend) Realm() string    { return b.realm }
func (b *memoryBackend) Identity() string { return "admin@master" }

// memoryClipboard is a native clipboard in memory.
type memoryClipboard struct {
	mu          sync.Mutex
	text        string
	unavailable error
	writeErr    error
	writes      int
}

func (c *memoryClipboard) Available() error { return c.unavailable }

func (c *memoryClipboard) ReadAll() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text, nil
}

func (c *memoryClipboard) WriteAll(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.writeErr != nil {
		return c.writeErr
	}
	c.text = text
	c.writes++
	return nil
}

func (c *memoryClipboard) get() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text
}

func (c *memoryClipboard) set(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = text
}
