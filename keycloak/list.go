package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"sync"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// DefaultPageSize is the page size of a listing: the max parameter of each
// list request. In a realm of 10,000 clients, Keycloak 26 spends more time
// per client on large pages. Two runs of make bench on a shared 2-core
// machine measured 1.5 to 1.7 ms per client for pages of 200, against 0.9
// to 1.2 ms for pages of 25 to 100 (docs/benchmarks.md). Of those, 50 sends
// half the requests of 25 and brings the first rows sooner than 100.
const DefaultPageSize = 50

// ListConcurrency is how many list requests ListApplications keeps in
// flight after the first page. Keycloak serves them on as many threads, so
// its cores and the transfer overlap. More than a few only queue up in
// Keycloak.
const ListConcurrency = 4

// ListApplications pages through every client of the realm and passes each
// page to yield as it arrives, so a caller can show rows before the last
// page. Pages reach yield in order and one at a time, from the calling
// goroutine. It stops when Keycloak returns a short page, and returns the
// first error of Keycloak or of yield. A pageSize of 0 or less means
// DefaultPageSize.
//
// The first page goes alone, so a realm that fits in one page costs one
// request. After a full first page, ListConcurrency pages are requested
// at once and the window moves on with every page passed to yield. The
// requests that the window sent past the last page are canceled, which
// costs up to ListConcurrency-1 requests more than paging one by one.
func (c *Client) ListApplications(ctx context.Context, pageSize int, yield func([]model.Application) error) error {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}

	first, err := c.listPage(ctx, 0, pageSize)
	if err != nil {
		return err
	}
	if err := yield(first.apps); err != nil {
		return err
	}
	if first.received < pageSize {
		return nil
	}
	return c.listRest(ctx, pageSize, yield)
}

// listRest lists the pages after the first, ListConcurrency at a time.
func (c *Client) listRest(ctx context.Context, pageSize int, yield func([]model.Application) error) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// No request outlives the call: cancel first, then wait.
	defer wg.Wait()
	defer cancel()

	type result struct {
		page listedPage
		err  error
	}
	var pending []chan result // in page order
	next := pageSize
	request := func() {
		done := make(chan result, 1)
		pending = append(pending, done)
		first := next
		next += pageSize
		wg.Go(func() {
			page, err := c.listPage(ctx, first, pageSize)
			done <- result{page, err}
		})
	}

	for range ListConcurrency {
		request()
	}
	for {
		r := <-pending[0]
		pending = pending[1:]
		if r.err != nil {
			return r.err
		}
		if err := yield(r.page.apps); err != nil {
			return err
		}
		if r.page.received < pageSize {
			return nil
		}
		request()
	}
}

// listedPage is one page of a listing: the applications, and how many
// clients Keycloak returned, which shows whether it was the last page.
type listedPage struct {
	apps     []model.Application
	received int
}

// listPage requests the clients first to first+max-1 and decodes them as
// they arrive. It decodes only the fields of an Application, so the client
// secrets that Keycloak includes in the list are never held in memory.
func (c *Client) listPage(ctx context.Context, first, max int) (listedPage, error) {
	var page listedPage
	endpoint := c.baseURL + "/admin/realms/" + url.PathEscape(c.cfg.Realm) + "/clients"
	err := c.call(ctx, "list applications", "", func(ctx context.Context, token string) error {
		resp, err := c.gc.GetRequestWithBearerAuth(ctx, token).
			SetDoNotParseResponse(true).
			SetQueryParam("first", strconv.Itoa(first)).
			SetQueryParam("max", strconv.Itoa(max)).
			Get(endpoint)
		if err != nil {
			return err
		}
		body := resp.RawBody()
		defer body.Close()
		if !resp.IsSuccess() {
			return apiError(resp.StatusCode(), resp.Status(), body)
		}

		page, err = decodeClients(body, max)
		return err
	})
	return page, err
}

// decodeClients decodes a JSON array of clients one element at a time.
func decodeClients(r io.Reader, capacity int) (listedPage, error) {
	page := listedPage{apps: make([]model.Application, 0, capacity)}
	dec := json.NewDecoder(r)
	if _, err := dec.Token(); err != nil {
		return page, fmt.Errorf("decode the client list: %w", err)
	}
	for dec.More() {
		var client listedClient
		if err := dec.Decode(&client); err != nil {
			return page, fmt.Errorf("decode client %d of the list: %w", page.received+1, err)
		}
		page.apps = append(page.apps, client.application())
		page.received++
	}
	if _, err := dec.Token(); err != nil {
		return page, fmt.Errorf("decode the end of the client list: %w", err)
	}
	return page, nil
}

// apiError builds the error gocloak returns for a failed status, so that
// call and wrapError treat a raw request like any gocloak call.
func apiError(code int, status string, body io.Reader) error {
	var e gocloak.HTTPErrorResponse
	b, _ := io.ReadAll(io.LimitReader(body, 4096))
	message := status
	if json.Unmarshal(b, &e) == nil && e.NotEmpty() {
		message += ": " + e.String()
	}
	return &gocloak.APIError{Code: code, Message: message, Type: gocloak.APIErrTypeUnknown}
}

// AllApplications returns every client of the realm.
func (c *Client) AllApplications(ctx context.Context) ([]model.Application, error) {
	var all []model.Application
	err := c.ListApplications(ctx, 0, func(page []model.Application) error {
		all = append(all, page...)
		return nil
	})
	return all, err
}
