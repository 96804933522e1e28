# The README's two commands are "make demo" and "make test".
.PHONY: demo test build bench screenshots keycloak-up keycloak-down fuzz

# Start the dev Keycloak and open the console on it.
demo: build
	scripts/demo

# go vet and every test against the dev Keycloak, which it starts if needed.
test:
	scripts/test

# Fuzz the token decoder for FUZZTIME (60s by default); make test runs its seeds.
fuzz:
	go test -run '^$$' -fuzz FuzzDecode -fuzztime $(or $(FUZZTIME),60s) ./model/tokencheck

build:
	go build -o bin/idtui ./cmd/idtui

# Regenerate the README's pictures from the real binary and the dev Keycloak.
screenshots:
	scripts/screenshots

# Seed the bench realms if needed, measure listings and request counts, and
# write docs/benchmarks.md. It takes minutes, so "make test" does not run it.
bench:
	scripts/bench/run

keycloak-up:
	scripts/keycloak up

keycloak-down:
	scripts/keycloak down
