"""Tests of game/records: the store, statements, delivery and reports."""
