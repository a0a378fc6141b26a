# WegwijZ-in-Zeist — `make run` starts everything, `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt 2>/dev/null | cut -c1-12)
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

# Rasa 3.6 needs Python 3.10: use python3.10 if it works, else a pyenv or system 3.10.
PYTHON310 := $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	if $$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then command -v $$p || echo $$p; break; fi; done)

.PHONY: help install train validate lint test run demo-data benchmark benchmark-crisis measure bench clean browser-deps voice-deps scale-deps audit

help: ## show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@if [ -z "$(PYTHON310)" ]; then \
		echo "ERROR: Python 3.10 is needed (Rasa 3.6 does not run on 3.11+). Install python3.10 and try again." >&2; exit 1; fi
	@echo "==> Creating the environment in $(VENV) with $(PYTHON310)"
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade "pip<25" wheel
	@echo "==> Installing pinned packages (first time: a few minutes)"
	@$(PY) -m pip install --progress-bar on -r requirements.txt | grep -E "^(Collecting|Successfully)" | sed 's/^/    /' || true
	@$(PY) -m pip install --quiet -r requirements.txt
	@$(PY) -m pip check
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP) ## make the Python 3.10 environment (reused while requirements.txt is unchanged)

train: install ## train the Rasa model if its inputs changed
	@$(PY) -m wegwijz.bot_model

validate: install ## check kennisbank and Rasa training data
	@$(PY) -m wegwijz.kennisbank.validate
	@$(PY) -m wegwijz.kennisbank.training
	@cd bot && ../$(PY) -m rasa data validate --fail-on-warnings --domain domain.yml --data data --config config.yml

lint: install ## ruff and mypy
	@$(PY) -m ruff check wegwijz bot/actions tests
	@$(PY) -m mypy wegwijz

run: install voice-deps ## set up and start the assistant (web chat on http://localhost:8000)
	@$(PY) -m wegwijz.run

demo-data: install ## add fictional newcomers for the portal and scheduler
	@$(PY) -m wegwijz.demo

test: install browser-deps voice-deps scale-deps ## everything: lint, validation, unit, Rasa and end-to-end tests
	@$(MAKE) --no-print-directory lint validate
	@echo "==> Rasa model (trained only when its inputs changed) and test stories"
	@$(PY) -m wegwijz.bot_model --test-stories
	@echo "==> pytest"
	@$(PY) -m pytest -q tests

# pip-audit cannot live beside rasa's pins: its own environment, reused while its pin is unchanged.
AUDIT_PIN := pip-audit==2.7.3
AUDIT_VENV := .venv-audit
AUDIT_STAMP := $(AUDIT_VENV)/.installed-$(shell echo '$(AUDIT_PIN)' | sha256sum | cut -c1-12)

$(AUDIT_STAMP):
	@echo "==> Creating $(AUDIT_VENV) with $(AUDIT_PIN)"
	@rm -rf $(AUDIT_VENV) && python3 -m venv $(AUDIT_VENV)
	@$(AUDIT_VENV)/bin/python -m pip install --quiet "$(AUDIT_PIN)"
	@touch $(AUDIT_STAMP)

audit: $(AUDIT_STAMP) ## known vulnerabilities in requirements.txt (accepted ones: docs/audit-accepted.txt)
	@echo "==> pip-audit of requirements.txt"
	@ignores=$$(grep -v '^\s*#' docs/audit-accepted.txt | awk 'NF {print "--ignore-vuln", $$1}'); \
	out=$$(mktemp); \
	$(AUDIT_VENV)/bin/pip-audit -r requirements.txt --no-deps --disable-pip --strict --progress-spinner off \
		$$ignores >$$out 2>&1; rc=$$?; \
	if grep -q "could not be audited\|ConnectionError\|Max retries exceeded" $$out; then \
		grep -v "^WARNING:pip_audit" $$out | head -5; \
		echo "ERROR: the vulnerability service (PyPI's JSON API) could not be reached (or a package is not on PyPI): NOTHING WAS AUDITED." >&2; \
		rm -f $$out; \
		if [ -n "$(AUDIT_UNREACHABLE_OK)" ]; then echo "    (not under CI: make test goes on; CI=true fails here)" >&2; exit 0; fi; \
		exit 1; \
	fi; \
	grep -v "^WARNING:pip_audit" $$out; rm -f $$out; exit $$rc

BROWSER_PACKAGES := chromium fonts-noto-core fonts-sil-abyssinica

browser-deps: ## Debian's chromium and an Ethiopic font for the browser tests (apt-get, when missing)
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> Installing" $$missing "(for the browser tests)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; \
	fi

SCALE_PACKAGES := nginx
scale-deps: ## Debian's nginx for the scale-out test (apt-get, when missing)
	@missing=$$(for p in $(SCALE_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> Installing" $$missing "(for the scale-out test)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; \
	fi

VOICE_PACKAGES := opus-tools

voice-deps: ## Debian's opusenc for read-aloud voice messages (apt-get, when missing)
	@missing=$$(for p in $(VOICE_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> Installing" $$missing "(OGG/Opus voice messages)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1; } || \
			echo "WARNING: could not install $$missing (apt-get install -y opus-tools as root); read-aloud fails until it is there" >&2; \
	fi

benchmark: install ## answer accuracy per language against baselines (options: BENCHMARK_ARGS="--no-baseline --tune N")
	@$(PY) -m wegwijz.benchmark $(BENCHMARK_ARGS)

benchmark-crisis: install ## crisis detector recall and false alarms on the blind and public sets
	@$(PY) -m wegwijz.benchmark.crisis $(BENCHMARK_ARGS)

measure: install ## server start time, memory and reply latency of the real servers
	@$(PY) -m wegwijz.benchmark.servers

bench: install ## speed under load beside a rasa init bot (Locust; see docs/bench.md); not part of make test
	@$(PY) -m wegwijz.bench $(BENCH_ARGS)

clean: ## remove the environment, models and local data
	rm -rf $(VENV) $(AUDIT_VENV) models var
