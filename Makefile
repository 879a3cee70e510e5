# Factline: `make run` opens the app, `make test` runs the whole suite offscreen.
# Both start from nothing: they create .venv, install the package, and check the
# system libraries Qt needs (installed with apt-get when root, else the exact command is printed).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-quick check screenshots setup system-deps clean

run: setup
	$(PY) main.py $(ARGS)

test: setup
	$(PY) -m pyflakes viewer tests bench main.py
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

check: setup
	$(VENV)/bin/factline check resources/datasets/*.toml

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py --json bench/out/latest.json

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
	@$(PY) -m pip install -q -e '.[test,bench]' >> $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@$(PY) -m compileall -q viewer >> $(VENV)/pip.log 2>&1  # faster first start, even where bytecode is not written
	@touch $(STAMP)

system-deps: $(STAMP)
	@bash .ci/qt-system-deps.sh $(VENV)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
