package model

import "log/slog"

// Secret is a client secret or a token. Its String, GoString and LogValue
// methods all return a mask, so that fmt, %v and slog never print the value
// by accident. Only Reveal returns it.
type Secret string

const secretMask = "••••••••"

// Reveal returns the secret itself, for the clipboard, an HTTP request or
// output the operator asked for.
func (s Secret) Reveal() string { return string(s) }

// String returns a fixed-width mask, or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return secretMask
}

// GoString masks the secret in %#v.
func (s Secret) GoString() string { return s.String() }

// LogValue masks the secret in slog records.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText masks the secret in JSON, YAML and text encodings. Output that
// must carry the secret uses Reveal into a plain string field.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
