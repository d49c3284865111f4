"""A real PostgreSQL server for the hub tests (started once per session), a fresh hub
database per test with its members, and helpers to run the command line as a member."""

from __future__ import annotations

import itertools
import os

import pytest
from hub_server import find_bin_dir, start_server

from annotator.cli import main

MEMBERS = {"alice": "analyst", "bob": "analyst", "carol": "analyst", "rita": "reviewer",
           "lena": "lead"}
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    pytest.importorskip("psycopg", reason='psycopg is not installed: pip install ".[team]"')
    if find_bin_dir() is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
    server = start_server()
    yield server
    server.stop()


class Hub:
    """One hub database on the test server, and how each member reaches it."""

    def __init__(self, server, name: str, template: str | None = None):
        self.server, self.name = server, name
        self.admin_url = server.create_database(name, template)

    def url(self, user: str) -> str:
        return self.server.url(user, self.name)

    def sql(self, query: str, params=(), user: str | None = None):
        """Run SQL as `user` (default: the administrator); rows or None."""
        import psycopg

        with psycopg.connect(self.url(user) if user else self.admin_url,
                             autocommit=True) as conn:
            cur = conn.execute(query, params or None)
            return cur.fetchall() if cur.description else None


@pytest.fixture(scope="session")
def hub_template(pg_server) -> str:
    """A hub made by the commands once (init, the members), copied for each test."""
    hub = Hub(pg_server, f"hubtemplate{os.getpid()}")
    assert main(["hub", "init", hub.admin_url]) == 0
    assert main(["hub", "init", hub.admin_url]) == 0  # safe twice
    for name, role in MEMBERS.items():
        assert main(["hub", "add-analyst", hub.admin_url, name, "--role", role]) == 0
    return hub.name


@pytest.fixture
def hub(pg_server, hub_template) -> Hub:
    hub = Hub(pg_server, f"hub{os.getpid()}_{next(_counter)}", hub_template)
    hub.sql("UPDATE annotator.hub SET id = gen_random_uuid()::text")  # a hub of its own
    return hub
