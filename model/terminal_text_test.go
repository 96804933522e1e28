package model

import "testing"

func TestEscapeControl(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "Billing Service (EU) é 日本", "Billing Service (EU) é 日本"},
		{"SGR and title", "Evil\x1b[31mRED\x1b]0;PWNED\a end", `Evil\x1b[31mRED\x1b]0;PWNED\a end`},
		{"OSC 52", "\x1b]52;c;cm0gLXJmIH4=\a", `\x1b]52;c;cm0gLXJmIH4=\a`},
		{"line breaks", "line1\nline2\r\x1b[2Jcleared", `line1\nline2\r\x1b[2Jcleared`},
		{"tab and DEL", "a\tb\x7f", `a\tb\x7f`},
		{"C1 CSI", "a\u009b31mb", `a\u009b31mb`},
		{"bidi override", "admin\u202egnp.exe", `admin\u202egnp.exe`},
		{"invalid UTF-8", "a\xffb\xc2", `a\xffb\xc2`},
		{"backslash stays", `C:\temp`, `C:\temp`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EscapeControl(tt.in)
			if got != tt.want {
				t.Errorf("EscapeControl(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if HasTerminalControl(tt.in) != (tt.in != tt.want) {
				t.Errorf("HasTerminalControl(%q) = %v", tt.in, HasTerminalControl(tt.in))
			}
			if HasTerminalControl(got) {
				t.Errorf("the escaped text %q still has a control character", got)
			}
		})
	}
}

func TestEscapeControlKeepLines(t *testing.T) {
	got := EscapeControlKeepLines("idtui: failed\x1b]0;x\a\n\tDid you mean \"a\rb\"?")
	want := "idtui: failed\\x1b]0;x\\a\n\tDid you mean \"a\\rb\"?"
	if got != want {
		t.Errorf("EscapeControlKeepLines = %q, want %q", got, want)
	}
}

func TestIsTerminalControl(t *testing.T) {
	for _, r := range "\x00\x07\x1b\x7f\u0085\u009b\u200f\u202a\u202e\u2066\u2069" {
		if !IsTerminalControl(r) {
			t.Errorf("IsTerminalControl(%U) = false", r)
		}
	}
	for _, r := range "a-é日\u00a0\u200b" {
		if IsTerminalControl(r) {
			t.Errorf("IsTerminalControl(%U) = true", r)
		}
	}
}
