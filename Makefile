# Vertrouwd: every set-up step lives here, so a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The real OpenID provider the SSO integration tests start (node's oidc-provider, pinned by package-lock.json).
OIDC_DIR := tests/integration/oidc
OIDC_STAMP := $(OIDC_DIR)/node_modules/.installed
# Two workers by default (the CI machine has two cores); each gets its own test database.
PYTEST_ARGS ?= -n 2
# Local secrets for `make run`: generated once into var/, never committed.
DEV_ENV := DEBUG=true DEMO_MODE=true SECRET_KEY_FILE=var/secret_key VERTROUWD_ENCRYPTION_KEYS_FILE=var/encryption_keys

.PHONY: run test install migrate demo demo-code lint check e2e messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) $(OIDC_STAMP)

$(OIDC_STAMP): $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(OIDC_DIR) --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: tests/integration/test_sso_oidc.py will be skipped (fails under CI)"; fi

var/secret_key var/encryption_keys: | $(STAMP)
	mkdir -p var && chmod 700 var
	test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	test -s var/encryption_keys || $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > var/encryption_keys
	chmod 600 var/secret_key var/encryption_keys

migrate: $(STAMP) var/secret_key var/encryption_keys
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py demo_vullen

run: demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

demo-code: $(STAMP)
	@$(DEV_ENV) $(BIN)/python manage.py demo_code

test: $(STAMP) $(OIDC_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Static checks CI runs besides the tests. pip-audit needs the vulnerability database online; it is
# reported but not fatal when that cannot be reached from this network.
check: lint
	$(BIN)/bandit -q -r accounts config taxonomie meldingen vertrouwenspersonen reports uitwisseling bewaren benchmarking -x '*/migrations/*' --severity-level high
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	-timeout 120 $(BIN)/pip-audit --progress-spinner off --skip-editable --strict 2>&1 | tail -n 5

# Refresh the English catalog after changing UI strings; translate the new entries in locale/en, then compile.
# Compiled with polib, so a machine without GNU gettext can still build the .mo file.
messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=var --ignore=static --no-obsolete
	$(BIN)/python -c "import polib; polib.pofile('locale/en/LC_MESSAGES/django.po').save_as_mofile('locale/en/LC_MESSAGES/django.mo')"

clean:
	rm -rf $(VENV) var

# Performance budgets (ARCHITECTURE.md, docs/performance.md). Seeds synthetic data and leaves it there, so point
# DATABASE_URL at a disposable PostgreSQL database, e.g.
#   createdb -h 127.0.0.1 -U postgres benchdb
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchdb make benchmark BENCHMARK_ARGS="--records 100000"
BENCHMARK_ARGS ?= --records 100000
.PHONY: benchmark
benchmark: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py benchmark $(BENCHMARK_ARGS)
