# gongkai — two commands do all set-up on a fresh Debian machine with Swift:
#   make run    build, then start the shell on ./Courses with records in ./Results
#   make test   build, then run every test (unit, shell, end-to-end)
# Both install libreadline-dev with apt-get first when readline is missing.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && echo sudo)

.PHONY: run test build release deps bench stress clean

deps:
	@if ! pkg-config --exists readline 2>/dev/null; then \
		echo "readline not found: installing libreadline-dev (apt-get)"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends libreadline-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps curl-dev
	$(SWIFT) build -c release --static-swift-stdlib

run: build
	@mkdir -p Results
	./.build/debug/gongkai --courses Courses --results Results

test: deps lrs-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# `push` uses FoundationNetworking, which links the system's libcurl even with
# --static-swift-stdlib: a static build needs libcurl4-openssl-dev (libcurl4 at run time).
.PHONY: curl-dev
curl-dev:
	@if ! pkg-config --exists libcurl 2>/dev/null; then \
		echo "libcurl not found: installing libcurl4-openssl-dev (apt-get)"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends libcurl4-openssl-dev; \
	fi

# xAPI push against a real LRS (Ralph on 127.0.0.1; installs it into .build-lrs/ once).
.PHONY: lrs-test
lrs-test: deps
	$(SWIFT) build --product gongkai
	./Tests/LRS/ralph-test.sh .build/debug/gongkai

# Not part of CI: long-running checks and measurements.
stress: deps
	./Tests/Stress/stress.sh

bench: deps curl-dev
	./Tests/Benchmarks/bench.sh

clean:
	rm -rf .build
