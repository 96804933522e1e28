// Package model holds idtui's domain types, Identity applications and their
// API permissions, with the validation of what an operator types. It does no I/O.
package model
