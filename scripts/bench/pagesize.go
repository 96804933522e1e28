package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// studiedPageSizes are the page sizes whose cost the run compares, to
// show why keycloak.DefaultPageSize is what it is.
var studiedPageSizes = []int{25, 50, 100, 200}

// pageSizeRepetitions is how many floor listings each studied page size gets.
const pageSizeRepetitions = 3

// pageSizeResult is the floor's listing time at one page size.
type pageSizeResult struct {
	pageSize int
	clients  int
	sample   sample
}

// perClient returns the median time per client received.
func (p pageSizeResult) perClient() time.Duration {
	if p.clients == 0 {
		return 0
	}
	return p.sample.median() / time.Duration(p.clients)
}

// studyPageSizes lists the realm bench-n with the floor at every studied
// page size, in rounds that start with the next page size each time.
func studyPageSizes(ctx context.Context, base string, n, repetitions int) ([]pageSizeResult, error) {
	results := make([]pageSizeResult, len(studiedPageSizes))
	for i, size := range studiedPageSizes {
		results[i].pageSize = size
	}
	for round := range repetitions {
		for k := range results {
			r := &results[(round+k)%len(results)]
			start := time.Now()
			count, err := listFloor(ctx, base, benchRealm(n), r.pageSize)
			if err != nil {
				return nil, fmt.Errorf("floor listing of %s in pages of %d: %w", benchRealm(n), r.pageSize, err)
			}
			r.sample.add(time.Since(start))
			r.clients = count
		}
		fmt.Fprintf(os.Stderr, "%s: page size round %d of %d done\n", benchRealm(n), round+1, repetitions)
	}
	return results, nil
}
