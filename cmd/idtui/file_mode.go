package main

import (
	"fmt"
	"strings"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
)

// privateFileWarning returns a warning when users other than the owner may
// read or write the file at path, or "". what names the file, such as "the
// config file". Write access is the bigger risk: another user could point
// url or ca-file elsewhere, or turn TLS verification off, and receive the
// admin's credentials.
func privateFileWarning(label, path string) string {
	perm, access := config.OthersAccess(path)
	if access == "" {
		return ""
	}
	return fmt.Sprintf("%s %s can be %s by group or others (mode %04o); run: chmod 600 %s", label, path, access, perm, path)
}

// caFileWarning returns a warning when users other than the owner may write
// the CA file at path, or "". Others may read a CA certificate, which is
// public, but a user who can replace it decides which server idtui trusts.
func caFileWarning(path, origin string) string {
	perm, access := config.OthersAccess(path)
	if !strings.Contains(access, "written") {
		return ""
	}
	return fmt.Sprintf("the CA file %s (%s) can be written by group or others (mode %04o), so another user could make idtui trust their own server; run: chmod go-w %s", path, origin, perm, path)
}
