package tokencheck

import (
	"fmt"
	"math"
	"time"
)

// ExpiresIn returns the time from now to exp, negative once the token has
// expired, and false when the token has no exp.
func (t Token) ExpiresIn(now time.Time) (time.Duration, bool) {
	if t.Claims.ExpiresAt.IsZero() {
		return 0, false
	}
	return t.Claims.ExpiresAt.Sub(now), true
}

// Expired reports whether exp has passed at now. A token without exp never expires.
func (t Token) Expired(now time.Time) bool {
	left, ok := t.ExpiresIn(now)
	return ok && left <= 0
}

// Lifetime returns exp minus iat, the lifespan the realm gave the token,
// and false when either claim is missing.
func (t Token) Lifetime() (time.Duration, bool) {
	if t.Claims.ExpiresAt.IsZero() || t.Claims.IssuedAt.IsZero() {
		return 0, false
	}
	return t.Claims.ExpiresAt.Sub(t.Claims.IssuedAt), true
}

// ExpiryText describes the expiry at now for a countdown, such as
// "expires in 4m 12s", "expired 3m 5s ago" or "never expires (no exp claim)".
func (t Token) ExpiryText(now time.Time) string {
	left, ok := t.ExpiresIn(now)
	switch {
	case !ok:
		return "never expires (no exp claim)"
	case left > 0:
		return "expires in " + FormatDuration(left)
	case left > -time.Second:
		return "expired just now"
	}
	return "expired " + FormatDuration(-left) + " ago"
}

// FormatDuration writes d in whole seconds with at most two units, such as
// "45s", "4m 12s", "2h 5m" or "3d 4h", for countdowns and messages.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -max(d, -math.MaxInt64) // math.MinInt64 has no positive counterpart
	}
	d = d.Truncate(time.Second)
	days := int64(d / (24 * time.Hour))
	hours := int64(d/time.Hour) % 24
	minutes := int64(d/time.Minute) % 60
	seconds := int64(d/time.Second) % 60

	switch {
	case days > 0:
		return twoUnits(days, "d", hours, "h")
	case hours > 0:
		return twoUnits(hours, "h", minutes, "m")
	case minutes > 0:
		return twoUnits(minutes, "m", seconds, "s")
	}
	return fmt.Sprintf("%ds", seconds)
}

func twoUnits(major int64, majorUnit string, minor int64, minorUnit string) string {
	if minor == 0 {
		return fmt.Sprintf("%d%s", major, majorUnit)
	}
	return fmt.Sprintf("%d%s %d%s", major, majorUnit, minor, minorUnit)
}
