# Two commands do everything on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test serve check lint bench clean browser

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,properdocs]'
	touch $(STAMP)

## Check every declaration under content/ and build the site into site/: `jixiao build` checks
## first, prints what `jixiao check` would, and publishes nothing when there is an error.
site: $(STAMP)
	$(BIN)/jixiao build

## Check only.
check: $(STAMP)
	$(BIN)/jixiao check

## Live preview: rebuilds when a YAML file under content/ changes, reading and writing only what
## the save changed (--dirty: see README, 预览). NO_MKDOCS_2_WARNING turns off Material's English
## end-of-life banner (see README: 维护状况).
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks theme screenshots
	$(BIN)/ruff format --check generator tests benchmarks theme screenshots
	$(BIN)/mypy
	$(BIN)/mypy theme/compact_html.py theme/csp_meta.py

## Lint, type-check and run the whole test suite (browser tests need Debian's chromium).
test: $(STAMP) browser lint
	$(BIN)/python -m pytest

## Headless browser for the tests that look at the site as a person does, and a Chinese font so
## that screenshots show characters, not boxes: WenQuanYi Micro Hei is a 1.6 MB download (Noto
## CJK would be 56 MB). Installs only what is missing, so a second run does nothing.
## nginx-light serves the site with the README's configuration in tests/site/test_nginx.py.
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"; \
	if ! command -v fc-list >/dev/null 2>&1 || [ -z "$$(fc-list :lang=zh family)" ]; then \
	  missing="$$missing fonts-wqy-microhei"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the browser tests:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## Benchmark at 1,000 and 10,000 synthetic declarations.
bench: $(STAMP)
	$(BIN)/python benchmarks/benchmark.py --sizes 1000 10000

clean:
	rm -rf site .site-* .jixiao-cache .pytest_cache .mypy_cache .ruff_cache
