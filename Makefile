# One entry point for a newcomer: `make demo` runs the site, `make test` runs the suite.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# axe-core (the browser tests' accessibility check) from the npm registry, pinned: the integrity is
# the registry's `dist.integrity` of this version, so a changed tarball stops the install.
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE := $(VENV)/share/axe-core/$(AXE_VERSION)/axe.min.js

.PHONY: install system-packages demo test lint format clean

install: $(STAMP) system-packages $(AXE)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Only this version stays, so the browser tests find one file.
$(AXE):
	rm -rf $(VENV)/share/axe-core
	mkdir -p $(@D)
	curl -fsSL --retry 3 -o $(@D)/axe-core.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz
	python3 -c "import base64, hashlib, sys; digest = base64.b64encode(hashlib.sha512(open(sys.argv[1], 'rb').read()).digest()).decode(); sys.exit(0 if 'sha512-' + digest == sys.argv[2] else 'axe-core: контрольная сумма архива не совпала с реестром npm')" $(@D)/axe-core.tgz '$(AXE_INTEGRITY)'
	tar -xzf $(@D)/axe-core.tgz -O package/axe.min.js > $@.tmp
	mv $@.tmp $@
	rm $(@D)/axe-core.tgz

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

# Links in letters, the sitemap and the demo site's own address carry the port served here.
demo: export WAGTAILADMIN_BASE_URL = http://127.0.0.1:$(PORT)
demo: install
	$(PYTHON) manage.py migrate --noinput --verbosity 0
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
