package main

import (
	"fmt"
	"slices"
	"time"
)

// sample holds the timed repetitions of one tool at one size.
type sample struct {
	times []time.Duration
}

func (s *sample) add(d time.Duration) { s.times = append(s.times, d) }

// median returns the middle time, or the mean of the two middle ones.
func (s sample) median() time.Duration { return median(s.times) }

// number is a type whose values the page reports with median and spread.
type number interface{ ~int64 | ~float64 }

// median returns the middle value, or the mean of the two middle ones,
// and 0 for no values.
func median[T number](values []T) T {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(values))
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}

// spread formats values as "median (min–max)", each with format.
func spread[T number](values []T, format func(T) string) string {
	if len(values) == 0 {
		return "not measured"
	}
	return fmt.Sprintf("%s (%s–%s)", format(median(values)), format(slices.Min(values)), format(slices.Max(values)))
}

func (s sample) min() time.Duration { return slices.Min(s.times) }

func (s sample) max() time.Duration { return slices.Max(s.times) }

// cell formats the sample as "median (min–max)", in milliseconds.
func (s sample) cell() string { return spread(s.times, millis) }

// millis formats d in whole milliseconds, with a thousands separator.
func millis(d time.Duration) string {
	ms := d.Milliseconds()
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return fmt.Sprintf("%d,%03d ms", ms/1000, ms%1000)
}

// ratio returns a/b as "0.93×".
func ratio(a, b time.Duration) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}
