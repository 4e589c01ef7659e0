# handboek: the two commands are `make build` and `make test`.
GO ?= go
# The Go release the project builds and tests with: the machine's Go (1.26.8)
# fetches it once from the module proxy (76 MB). 1.26.8's standard library has
# known vulnerabilities in html/template and net/http that 1.27.3 fixes, and a
# site generator lives on html/template.
export GOTOOLCHAIN ?= go1.27.3
# govulncheck and its vulnerability database, both from the module proxy
# (the online database is out of reach here).
VULN_VERSION ?= v1.9.0
VULNDB_VERSION ?= v0.0.0-20261105234957-e22db6528018
SOURCE ?= .
OUT ?= public
BASE_URL ?=

.PHONY: build test check serve bench fuzz vet vulncheck clean

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

## serve: preview the handbook at http://127.0.0.1:1313 with live reload
serve:
	$(GO) run ./cmd/handboek serve --source $(SOURCE)

## check: validate the content without writing anything
check:
	$(GO) run ./cmd/handboek check --source $(SOURCE) --strict

clean:
	rm -rf $(OUT)

## fuzz: run each fuzz target for FUZZTIME (default 30s); CI runs their seed corpora in make test
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run XXX -fuzz ^FuzzParse$$ -fuzztime $(FUZZTIME) ./internal/content
	$(GO) test -run XXX -fuzz ^FuzzFastFrontmatter$$ -fuzztime $(FUZZTIME) ./internal/content
	$(GO) test -run XXX -fuzz ^FuzzRender$$ -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run XXX -fuzz ^FuzzSameAsReference$$ -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run XXX -fuzz ^FuzzEscapeDest$$ -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run XXX -fuzz ^FuzzSlug$$ -fuzztime $(FUZZTIME) ./internal/textnorm
	$(GO) test -run XXX -fuzz ^FuzzFoldSame$$ -fuzztime $(FUZZTIME) ./internal/textnorm
	$(GO) test -run XXX -fuzz ^FuzzCompactBlocksSame$$ -fuzztime $(FUZZTIME) ./internal/output
	$(GO) test -run XXX -fuzz ^FuzzEachWord$$ -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run XXX -fuzz ^FuzzCutWords$$ -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run XXX -fuzz ^FuzzStem$$ -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run XXX -fuzz ^FuzzExcerpt$$ -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run XXX -fuzz ^FuzzExcerptStart$$ -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run XXX -fuzz ^FuzzBodyMinify$$ -fuzztime $(FUZZTIME) ./internal/build
	$(GO) test -run XXX -fuzz ^FuzzFastTemplate$$ -fuzztime $(FUZZTIME) ./internal/render

## vulncheck: govulncheck ./... against the Go vulnerability database taken from the module proxy
vulncheck:
	$(GO) mod download golang.org/x/vulndb@$(VULNDB_VERSION)
	rm -rf $(CURDIR)/.vulndb
	$(GO) run golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION) \
		-vulns $$($(GO) env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB_VERSION)/data/osv -out $(CURDIR)/.vulndb
	$(GO) run golang.org/x/vuln/cmd/govulncheck@$(VULN_VERSION) -db file://$(CURDIR)/.vulndb ./...
