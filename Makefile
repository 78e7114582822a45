# One entry point for a newcomer: `make demo` runs the site, `make test` runs the suite.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install system-packages demo test lint format clean

install: $(STAMP) system-packages

$(STAMP): requirements.lock pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Debian's chromium drives the browser tests (Playwright only talks to it; nothing is downloaded).
# fonts-dejavu-core gives the demo's generated PDF files a font with Cyrillic letters.
system-packages:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Устанавливаю chromium для браузерных тестов..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
		echo "Устанавливаю шрифт DejaVu для демонстрационных PDF..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null; }

demo: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo
	# The background queue's worker runs beside the site and stops with it.
	trap 'kill 0' EXIT; $(PYTHON) manage.py db_worker --backend queue & $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint --quiet
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache
