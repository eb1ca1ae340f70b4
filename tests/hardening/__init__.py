"""Hardening at scale: validated mutants play, the loader never raises, saves survive SIGKILL,
and a long soak neither leaks memory nor file handles. The `slow` tests write their figures to
build/artifacts/reliability-<name>.json; `tools/reliability.py` runs them and merges the figures."""
