# casebook: the two commands that matter are `make serve` and `make test`.
GO      ?= go
BIN     := bin/casebook
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build casebook serve test test-short bench lint fuzz clean

all: build

$(BIN): FORCE
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/casebook
FORCE:

casebook: $(BIN)

## build: build the sample portal into public/
build: $(BIN)
	./$(BIN) build

## serve: build the sample portal and serve it on http://127.0.0.1:1313/
serve: $(BIN)
	./$(BIN) serve

## test: every test (vet, unit, site, CLI, browser), with the race detector
test:
	scripts/fetch-axe.sh
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## test-short: the tests without the race detector, quicker while editing
test-short:
	$(GO) test ./...

## bench: build a generated corpus of 1,000 case studies and time it (Go benchmarks of the passes too)
bench: $(BIN)
	scripts/bench.sh

## bench-serve: live preview latency (write → reload event), casebook serve vs hugo server, 1k and 10k corpora
.PHONY: bench-serve
bench-serve:
	scripts/bench-serve.sh

## bench-search: casebook's search vs Pagefind on a 10k portal (100k too with BENCH_LARGE=1), in Chromium
.PHONY: bench-search
bench-search:
	scripts/bench-search.sh

## lint: gofmt, go vet and staticcheck
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## fuzz: run each fuzz test for FUZZTIME (default 20s; a count such as 20000x runs that many
## inputs and cannot hit Go 1.26's race at the end of a timed run, golang/go#75804, which fails a
## target with a bare "context deadline exceeded" on a busy machine)
FUZZTIME ?= 20s
fuzz:
	$(GO) test ./generator/slug -run '^$$' -fuzz FuzzMake -fuzztime $(FUZZTIME)
	$(GO) test ./internal/huffman -run '^$$' -fuzz FuzzAppendGzip -fuzztime $(FUZZTIME)
	$(GO) test ./generator/markdown -run '^$$' -fuzz FuzzRender -fuzztime $(FUZZTIME)
	$(GO) test ./generator/markdown -run '^$$' -fuzz FuzzPlainInline -fuzztime $(FUZZTIME)
	$(GO) test ./generator/markdown -run '^$$' -fuzz FuzzCompact -fuzztime $(FUZZTIME)
	$(GO) test ./generator/markdown -run '^$$' -fuzz FuzzLinkifyShortcut -fuzztime $(FUZZTIME)
	$(GO) test ./generator/markdown -run '^$$' -fuzz FuzzFast -fuzztime $(FUZZTIME)
	$(GO) test ./generator/render -run '^$$' -fuzz FuzzJSONString -fuzztime $(FUZZTIME)
	$(GO) test ./generator/render/engine -run '^$$' -fuzz FuzzEscapers -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzParseCaseStudy -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/content -run '^$$' -fuzz FuzzSplitPlain -fuzztime $(FUZZTIME)
	$(GO) test ./generator/node -run '^$$' -fuzz FuzzFromTOML -fuzztime $(FUZZTIME)
	$(GO) test ./generator/node -run '^$$' -fuzz FuzzFastYAML -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzWords -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzASCIIWords -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzDecodeShard -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzDecodePostings -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzDecodeColumn -fuzztime $(FUZZTIME)
	$(GO) test ./generator/search -run '^$$' -fuzz FuzzDecodeParts -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public .public-* .public.files
