# Red Flag: two commands on a fresh machine with python3 >= 3.10 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: play test bench validate playtest clean

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

validate: $(VENV)/.play
	$(PY) main.py validate scenarios/

playtest: $(VENV)/.play
	$(PY) main.py playtest scenarios/ --runs 200

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
