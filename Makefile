# Set-up and everyday commands. Each target installs what it needs and is safe to run again.
SHELL := /bin/bash
VENV := .venv
PYTHON ?= python3
STAMPS := .venv/.stamps

# Debian packages: rendering (fonts, Pango, HarfBuzz subsetting) and PDF tools.
RUNTIME_DEBS := fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	fontconfig poppler-utils qpdf openssh-client
# What the tests drive: LibreOffice (opens the DOCX; python3-uno drives it as a reviewer), Java (W3C Nu checker),
# Chromium (browser tests), openssl (certificates for the STARTTLS and IMAP tests), MuPDF (a second PDF reader beside
# poppler), Dovecot (the IMAP server the inbox tests read bounces from; the tests run their own, unprivileged).
TEST_DEBS := libreoffice-writer-nogui python3-uno default-jre-headless chromium openssl mupdf-tools dovecot-imapd

.PHONY: demo test fuzz deps test-deps bench clean

demo: deps
	$(VENV)/bin/pressgen doctor
	$(VENV)/bin/pressgen build releases/2026-04-21-itri-mou.yaml releases/2026-04-21-itri-mou-en.yaml --out out

test: test-deps
	$(VENV)/bin/python -m pytest -q -n 2

# The long fuzzing profile: at least 10,000 examples per input surface (the suite runs a few hundred),
# and the sender killed at 60 random points instead of 12.
fuzz: test-deps
	PRESSGEN_FUZZ=long $(VENV)/bin/python -m pytest -q -n 2 -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz_*.py tests/test_send_faults.py

bench: test-deps
	$(VENV)/bin/python bench/build_bench.py
	$(VENV)/bin/python bench/diff_bench.py
	$(VENV)/bin/python bench/import_bench.py
	$(VENV)/bin/python bench/check_bench.py
	$(VENV)/bin/python bench/send_bench.py
	$(VENV)/bin/python bench/site_bench.py
	$(VENV)/bin/python bench/inbox_bench.py

deps: $(STAMPS)/debs $(STAMPS)/venv

test-deps: deps $(STAMPS)/test-debs $(STAMPS)/venv-test node_modules/vnu-jar/build/dist/vnu.jar

# Installs only the Debian packages that are missing; apt-get update runs only when something is.
# Another install in progress on the machine (a second checkout, CI) is waited for, not failed on.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing; \
	fi
endef

$(STAMPS)/debs: Makefile
	$(call apt_install,$(RUNTIME_DEBS))
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/test-debs: Makefile
	$(call apt_install,$(TEST_DEBS))
	@mkdir -p $(STAMPS) && touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip

$(STAMPS)/venv: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install -q -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv-test: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

# npm comes with Node.js where Node.js is installed; Debian's own npm only where it is not.
node_modules/vnu-jar/build/dist/vnu.jar: package.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm install --no-audit --no-fund --silent
	@touch $@

clean:
	rm -rf out .pytest_cache
