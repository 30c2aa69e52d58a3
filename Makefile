# Two commands set everything up on a fresh machine with CPython 3.11, 3.12 or 3.13:
#   make lab    open the course in JupyterLab
#   make test   run the whole suite (notebooks under nbval, helper tests, lint, types)
# Choose the interpreter with PYTHON=python3.13 (a name on PATH or a path). Each
# interpreter gets its own virtual environment, .venv/<major.minor>, created on first
# use and reinstalled only when a dependency file or the interpreter changes.

PYTHON ?= python3
JOBS   ?= 2
NB     ?=

# Targets that need no interpreter skip the check below.
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),test)),)
  ifeq ($(shell command -v $(PYTHON) 2>/dev/null),)
    $(error No interpreter '$(PYTHON)' found. The course runs on CPython 3.11, 3.12 and 3.13: choose one with PYTHON=python3.12, for example)
  endif
  # One line for an unsupported Python (make stops), or a note for an untested one.
  PYCHECK := $(shell $(PYTHON) scripts/check_python.py 2>&1; echo "exit=$$?")
  ifeq ($(lastword $(PYCHECK)),exit=1)
    $(error $(filter-out exit=%,$(PYCHECK)))
  else ifneq ($(lastword $(PYCHECK)),exit=0)
    $(error '$(PYTHON)' did not run ($(filter-out exit=%,$(PYCHECK))). The course runs on CPython 3.11, 3.12 and 3.13: choose one with PYTHON=python3.12, for example)
  endif
  ifneq ($(filter-out exit=0,$(PYCHECK)),)
    $(warning $(filter-out exit=0,$(PYCHECK)))
  endif
  PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  PYID  := $(shell $(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable), sys.version.split()[0])')
endif

VENV   ?= .venv/$(or $(PYVER),none)
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Which interpreter built $(VENV): rewritten (so set-up reruns) when another one of the
# same minor version is chosen, say Debian's 3.11.2 after pyenv's 3.11.7.
PYID_FILE := $(VENV)/.interpreter
ifneq ($(PYID),)
  ifneq ($(PYID),$(shell cat $(PYID_FILE) 2>/dev/null))
    $(shell mkdir -p $(VENV) && echo '$(PYID)' > $(PYID_FILE).new)
    PYID_CHANGED := $(PYID_FILE).new
  endif
endif
# Every cache goes inside .venv, so a run leaves the working tree as it was.
export PYTHONDONTWRITEBYTECODE := 1
export RUFF_CACHE_DIR := $(abspath $(VENV))/.ruff_cache
export MYPY_CACHE_DIR := $(abspath $(VENV))/.mypy_cache
export MPLCONFIGDIR := $(abspath $(VENV))/.matplotlib
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Kernels started by the suite load tests/loopback_guard.py at start-up, so a
# lesson that reaches beyond 127.0.0.1 fails instead of passing by luck.
GUARD_DIR := $(abspath $(VENV))/ipython-test
GUARD := $(GUARD_DIR)/profile_default/startup/00-loopback-guard.py

ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

# Solved exercises are remembered in the learner's state folder (helpers/progress.py).
# Test runs and refreshed outputs use an empty one of their own instead, made in the
# system's temporary folder and removed when the command ends, so a learner's record
# never reaches a stored output or a comparison.
EMPTY_STATE = STATE=$$(mktemp -d) && trap 'rm -rf "$$STATE"' EXIT && COURSE_STATE_DIR="$$STATE"

.PHONY: setup lab test test-notebooks test-helpers lint typecheck execute rerun check-reexecution test-ui site site-check nav progress clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml $(PYID_CHANGED)
	$(PYTHON) -m venv $(if $(PYID_CHANGED),--clear) $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	@# compat mode: a plain path entry, so every child Python a lesson starts
	@# skips the import-hook finder (about 50 ms each).
	$(PY) -m pip install --quiet --no-deps -e . --config-settings editable_mode=compat
	@echo '$(PYID)' > $(PYID_FILE)
	@rm -f $(PYID_FILE).new
	@touch $(STAMP)

$(GUARD): tests/loopback_guard.py $(STAMP)
	@mkdir -p $(dir $@)
	@cp $< $@

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) notebooks/index.ipynb

# The whole suite. The tree must be exactly as clean afterwards as before.
test: $(STAMP) $(GUARD)
	@git status --porcelain --ignored > $(VENV)/.tree-before 2>/dev/null || true
	$(MAKE) --no-print-directory lint typecheck
	$(EMPTY_STATE) IPYTHONDIR=$(GUARD_DIR) $(PY) -m pytest -p no:cacheprovider -n $(JOBS) --dist loadscope \
	    --nbval --nbval-sanitize-with nbval_sanitize.cfg --nbval-current-env \
	    tests notebooks
	@git status --porcelain --ignored > $(VENV)/.tree-after 2>/dev/null || true
	@diff -u $(VENV)/.tree-before $(VENV)/.tree-after \
	    || { echo "The suite left files behind or changed tracked files (see above)."; exit 1; }

test-notebooks: $(STAMP) $(GUARD)
	$(EMPTY_STATE) IPYTHONDIR=$(GUARD_DIR) $(PY) -m pytest -p no:cacheprovider -n $(JOBS) --dist loadscope \
	    --nbval --nbval-sanitize-with nbval_sanitize.cfg --nbval-current-env $(or $(NB),notebooks)

test-helpers: $(STAMP)
	$(PY) -m pytest -p no:cacheprovider tests

lint: $(STAMP)
	$(VENV)/bin/ruff check helpers tests scripts notebooks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# Refresh stored outputs: make execute (all days) or make execute NB=notebooks/day01_….ipynb
execute: $(STAMP) $(GUARD)
	$(EMPTY_STATE) IPYTHONDIR=$(GUARD_DIR) $(PY) scripts/execute.py $(NB)
	$(EMPTY_STATE) $(PY) scripts/nav.py $(NB)

# Flake hunting: make rerun RUNS=10 [LOAD=1]
rerun: $(STAMP) $(GUARD)
	$(EMPTY_STATE) IPYTHONDIR=$(GUARD_DIR) $(PY) scripts/rerun.py -n $(or $(RUNS),10) $(if $(LOAD),--load) $(or $(NB),notebooks)

# Re-executing an unchanged notebook must leave every compared output as stored.
check-reexecution: $(STAMP) $(GUARD)
	$(EMPTY_STATE) IPYTHONDIR=$(GUARD_DIR) $(PY) scripts/check_reexecution.py $(NB)

# The learner's side: every day run in JupyterLab in Debian's Chromium, and the
# static website. These need `apt-get install chromium` (done by .ci/run).
UI_STAMP := $(VENV)/.installed-ui
$(UI_STAMP): requirements-ui.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-ui.txt
	@touch $(UI_STAMP)

test-ui: $(UI_STAMP)
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium"; exit 1; }
	$(EMPTY_STATE) $(PY) scripts/ui_test.py $(NB)

site: $(UI_STAMP)
	$(PY) scripts/site.py build

site-check: site
	$(PY) scripts/site.py check

nav: $(STAMP)
	$(PY) scripts/nav.py

# Your solved exercises, per day: a line of text and a picture (helpers/progress.py).
progress: $(STAMP)
	$(PY) -m helpers.progress

# Deletes every interpreter's environment.
clean:
	rm -rf .venv
