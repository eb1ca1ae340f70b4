"""Fixtures for the classroom server's tests."""

from __future__ import annotations

import pytest

from tests.web.postgres import PostgresServer, unavailable


@pytest.fixture(scope="session")
def pg_url():
    """A SQLAlchemy URL of one throwaway PostgreSQL on 127.0.0.1, shared by the whole session
    and removed at its end; the test is skipped, saying why, where PostgreSQL cannot run."""
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server.url
