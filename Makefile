# Factline: `make run` opens the app, `make test` runs the whole suite offscreen, `make dist`
# builds the standalone one-folder app in dist/factline/. All start from nothing: they create .venv,
# install the package, and check the system libraries Qt needs and the tools the packaging tests
# run (installed with apt-get when root, else the exact command is printed).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-quick bench-peers check screenshots setup system-deps clean dist dist-build wheel

run: setup
	$(PY) main.py $(ARGS)

test: setup
	$(PY) -m pyflakes viewer tests bench main.py
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

check: setup
	$(VENV)/bin/factline check resources/datasets/*.toml

# The standalone build: dist/factline/factline runs without Python or the venv (check, export,
# the window). PyInstaller is pinned in pyproject's [dist] extra. tests/test_packaging.py runs
# dist-build into a temporary folder (with PY= the running Python) and tries the result.
DIST_DIR  ?= dist
DIST_WORK ?= build/pyinstaller
# what the app never imports at run time but PyInstaller would follow to (tests, other Qt bindings)
DIST_EXCLUDES := tkinter hypothesis pytest _pytest pytestqt PyQt5 PyQt6 PySide2 IPython
dist: setup
	@$(MAKE) --no-print-directory dist-build
	@echo "Built $(DIST_DIR)/factline/factline ($$(du -sh $(DIST_DIR)/factline | cut -f1)); try: $(DIST_DIR)/factline/factline export -o x.png"

# mypyc-compiled packages (tomli) import their shared runtime module (a top-level name ending in
# __mypyc) from C, where PyInstaller cannot see it: name those modules for it
DIST_MYPYC = $(shell $(PY) -c "import importlib.metadata as m; print(' '.join(sorted({n for d in m.distributions() for n in (d.read_text('top_level.txt') or '').split() if n.endswith('__mypyc')})))")
dist-build:
	$(PY) -m PyInstaller --noconfirm --clean --onedir --name factline --log-level WARN \
	  --distpath "$(DIST_DIR)" --workpath "$(DIST_WORK)" --specpath "$(DIST_WORK)" \
	  --add-data "$(CURDIR)/resources:resources" $(addprefix --exclude-module ,$(DIST_EXCLUDES)) \
	  $(addprefix --hidden-import ,$(DIST_MYPYC)) "$(CURDIR)/main.py"

# The wheel and sdist, as PyPI would get them (dist/factline_viewer-*.whl, *.tar.gz).
wheel: setup
	$(PY) -m build --outdir $(DIST_DIR) .

# The peer benchmark (bench/peers: vis-timeline in headless Chromium) runs in `make bench` when
# Chromium and Node are there; `make bench-peers` installs them. `make test` never runs it.
PEERS       := bench/peers
PEERS_STAMP := $(PEERS)/node_modules/.installed
CHROMIUM    ?= /usr/bin/chromium

bench: setup
	@if [ -x "$(CHROMIUM)" ] && command -v npm >/dev/null; then $(MAKE) --no-print-directory $(PEERS_STAMP); fi
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py --json bench/out/latest.json

bench-peers:
	@for tool in npm:npm node:nodejs "$(CHROMIUM)":chromium; do \
	  command -v "$${tool%%:*}" >/dev/null && continue; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$${tool##*:}" || exit 1; \
	  else echo "Run: sudo apt-get install -y $${tool##*:}"; exit 1; fi; done
	@$(MAKE) --no-print-directory $(PEERS_STAMP)

$(PEERS_STAMP): $(PEERS)/package.json $(PEERS)/package-lock.json
	cd $(PEERS) && npm ci --no-audit --no-fund
	@touch $@

bench-quick: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py --quick --json bench/out/quick.json

setup: $(STAMP) system-deps

# Re-install only when the project's requirements change.
$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 cannot create a virtual env (Debian splits it out)."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Run: sudo apt-get install -y python3-venv"; exit 1; fi; }
	@echo "Installing Python packages into $(VENV) (log: $(VENV)/pip.log)"
	@$(PY) -m pip install -q --upgrade pip > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@# the distribution was called 'factline' before (a name taken on PyPI); drop that old install
	@$(PY) -m pip uninstall -q -y factline >> $(VENV)/pip.log 2>&1 || true
	@$(PY) -m pip install -q -e '.[test,bench,dist]' >> $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@$(PY) -m compileall -q viewer >> $(VENV)/pip.log 2>&1  # faster first start, even where bytecode is not written
	@touch $(STAMP)

system-deps: $(STAMP)
	@bash .ci/qt-system-deps.sh $(VENV)
	@bash .ci/packaging-tools.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
