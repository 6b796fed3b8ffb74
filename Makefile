# gongkai — two commands do all set-up on a fresh Debian machine with Swift:
#   make run    build, then start the shell on ./Courses with records in ./Results
#   make test   build, then run every test (unit, shell, end-to-end)
# Both install libreadline-dev with apt-get first when readline is missing.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && echo sudo)

.PHONY: run test build release deps deps-chinesecalendar office-deps bench stress clean

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

test: deps deps-chinesecalendar office-deps schema-deps print-deps lrs-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The independent holiday calendar the tests compare Courses/calendar.yaml with.
deps-chinesecalendar:
	@python3 -c 'import chinese_calendar' 2>/dev/null || { \
		python3 -m pip --version >/dev/null 2>&1 || { \
			echo "python3/pip not found: installing python3-pip (apt-get)"; \
			$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends python3 python3-pip; }; \
		python3 -m pip install --quiet 'chinesecalendar==1.11.0' 2>/dev/null || \
			python3 -m pip install --quiet --break-system-packages 'chinesecalendar==1.11.0'; }

# The import/export tests read gongkai's xlsx and docx with openpyxl and python-docx.
office-deps:
	@if ! python3 -c 'import openpyxl, docx' 2>/dev/null; then \
		echo "openpyxl / python-docx not found: installing them (pip)"; \
		python3 -m pip install --quiet openpyxl python-docx \
		|| $(SUDO) python3 -m pip install --quiet --break-system-packages openpyxl python-docx \
		|| ($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends python3-openpyxl python3-docx); \
	fi

# The schema tests validate reports and records against docs/schema/ with Python's jsonschema.
.PHONY: schema-deps
schema-deps:
	@python3 -c 'import jsonschema' 2>/dev/null || { \
		echo "jsonschema not found: installing it (pip)"; \
		python3 -m pip install --quiet 'jsonschema>=4.18' \
		|| $(SUDO) python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.18' \
		|| ($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends python3-jsonschema); }

# The print test renders every report with headless Chromium to A4 PDF and reads it with
# poppler (pdftotext); Chinese needs a CJK font, or it prints as boxes.
.PHONY: print-deps
print-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk fontconfig"; \
	if [ -n "$$missing" ]; then \
		echo "print test needs:$$missing — installing (apt-get)"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

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
