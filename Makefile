# Red Flag: two commands on a fresh machine with python3 >= 3.10 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: play test bench validate playtest audit reliability clean

$(VENV)/.play: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.play

play: $(VENV)/.play
	$(PY) main.py $(ARGS)

test: $(VENV)/.test
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(VENV)/bin/lint-imports
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n auto --dist loadfile

bench: $(VENV)/.test
	$(PY) bench/run.py

# Known vulnerabilities in what the game installs: a fresh environment with the game alone, so that
# the versions audited are the ones a player gets (tools/audit.py says what could not be checked).
audit:
	rm -rf .venv-audit
	$(PYTHON) -m venv .venv-audit
	.venv-audit/bin/python -m pip install -q --disable-pip-version-check . 'pip-audit>=2.7'
	.venv-audit/bin/python tools/audit.py

# Every figure of docs/reliability.md, at full scale (about an hour on two cores): the slow fuzz,
# "validated -> plays", SIGKILL, soak and window-monkey runs, mutation testing, the hardening bench.
reliability: $(VENV)/.test
	-SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) tools/reliability.py
	-SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) tools/mutation.py
	$(PY) bench/run.py hardening

validate: $(VENV)/.play
	$(PY) main.py validate scenarios/

playtest: $(VENV)/.play
	$(PY) main.py playtest scenarios/ --runs 200

clean:
	rm -rf $(VENV) .venv-audit .pytest_cache build *.egg-info
