# The README's two commands are "make demo" and "make test".
.PHONY: demo test build bench screenshots keycloak-up keycloak-down

# Start the dev Keycloak and open the console on it.
demo: build
	scripts/demo

# go vet and every test against the dev Keycloak, which it starts if needed.
test:
	scripts/test

build:
	go build -o bin/idtui ./cmd/idtui

# Regenerate the README's pictures from the real binary and the dev Keycloak.
screenshots:
	scripts/screenshots

keycloak-up:
	scripts/keycloak up

keycloak-down:
	scripts/keycloak down
