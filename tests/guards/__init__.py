"""Tests that kill the mutants tools/mutation.py makes of the scoring, the result and debrief assembly and the saves."""
