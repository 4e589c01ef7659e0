# handboek: the two commands are `make build` and `make test`.
GO ?= go
SOURCE ?= .
OUT ?= public
BASE_URL ?=

.PHONY: build test check serve bench fuzz vet clean

## build: build this repository's handbook (content/) into public/
build:
	$(GO) run ./cmd/handboek build --source $(SOURCE) --out $(OUT) $(if $(BASE_URL),--base-url $(BASE_URL)) --strict

## test: go vet and all tests with the race detector (browser tests need chromium)
test: vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

## bench: measure build speed, memory, rebuilds, serve and search on generated sites; writes docs/benchmarks.md (BENCH_FLAGS=-large adds 50,000 pages)
bench:
	$(GO) run ./cmd/bench $(BENCH_FLAGS)

## check: validate the content without writing anything
check:
	$(GO) run ./cmd/handboek check --source $(SOURCE) --strict

clean:
	rm -rf $(OUT)

## fuzz: run each fuzz target for FUZZTIME (default 30s); CI runs their seed corpora in make test
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime $(FUZZTIME) ./internal/content
	$(GO) test -run XXX -fuzz FuzzRender -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run XXX -fuzz FuzzSlug -fuzztime $(FUZZTIME) ./internal/textnorm
