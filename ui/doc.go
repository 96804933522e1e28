// Package ui is idtui's console: a Bubble Tea program over the applications
// of one Keycloak realm. It reaches Keycloak only through the Backend
// interface, so its tests run against an in-memory backend.
//
// The root model (App) holds a stack of screens. Keys go to the top screen
// after the global keys. Every other message goes to every screen, and each
// screen drops the replies to requests that it no longer waits for.
package ui
