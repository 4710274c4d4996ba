# Commands for people: `make app` or `make lab` (take the course), `make test` (check it all).
# Both create or update .venv; nothing is reinstalled unless pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8888
APP_PORT ?= 8866
# The learner's working copy of the course for `make lab` (the repository stays as it is).
COURSE ?= $(if $(LEADLIB_HOME),$(LEADLIB_HOME),$(HOME)/.leadlib)/course
JOBS   ?= auto
# Jupyter refuses to start as root (containers, CI) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: app lab test lint unit notebooks handouts bench pot pseudo clean help

help:
	@echo "make app        install (first time) and open the course as an app in the browser"
	@echo "make lab        install (first time) and open your copy of the course in JupyterLab"
	@echo "make test       install (first time) and run every check"
	@echo "make notebooks  re-execute the course notebooks in place from an empty journal"
	@echo "make handouts   build offline HTML handouts into build/handouts"
	@echo "make bench      run the benchmarks and write benchmarks/RESULTS.md"
	@echo "make pot        re-extract the message catalogue leadlib/locale/leadlib.pot"
	@echo "make pseudo     build the pseudo-locale and pseudo content into build/pseudo"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,app]'
	$(BIN)/python -m leadlib.labconfig install
	@# Build matplotlib's font cache now, not during a notebook (its warning would fail nbval).
	$(BIN)/python -c "import matplotlib.font_manager"
	@touch $(STAMP)

# The course as an app (Voilà): opens at 00, code hidden, exercises live on open.
app: $(STAMP)
	$(BIN)/python -m leadlib.app --host $(HOST) --port $(APP_PORT)

# JupyterLab on the learner's working copy (made on first run; course updates merged
# in without overwriting what the learner changed).
lab: $(STAMP)
	$(BIN)/python -m leadlib.labconfig install
	$(BIN)/python -m leadlib.workcopy update $(COURSE)
	$(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=$(COURSE) $(ALLOW_ROOT)

lint: $(STAMP)
	$(BIN)/ruff check conftest.py leadlib tests benchmarks
	$(BIN)/ruff format --check conftest.py leadlib tests benchmarks
	$(BIN)/mypy

# One pytest run: unit and property tests, strict nbval on every notebook, the handout
# build and the browser tests, spread over the cores (a notebook or a test module stays
# on one worker). It ends with the slowest steps and the total time; on an idle
# two-core machine it takes about 3-4 minutes. Kernels start over IPC sockets (see
# leadlib/kernels.py), so a busy machine makes it slower, not red.
test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope --durations=15 --durations-min=2 \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests notebooks

notebooks: $(STAMP)
	$(BIN)/python -m leadlib.notebooks execute

handouts: $(STAMP)
	$(BIN)/leadlib handouts --out build/handouts

bench: $(STAMP)
	$(BIN)/python -m benchmarks

pot: $(STAMP)
	$(BIN)/python -m leadlib.i18n extract

pseudo: $(STAMP)
	$(BIN)/python -m leadlib.i18n pseudo build/pseudo

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
