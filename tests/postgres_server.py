"""A real PostgreSQL server for the tests: Debian's binaries, started in a temporary folder.

The server listens on a unix socket only. As root (CI) it runs as the ``postgres`` user the
Debian package creates, since PostgreSQL refuses to run as root. Each test gets a database
of its own, copied from a migrated template (``CREATE DATABASE … TEMPLATE``), in a few
milliseconds.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from alignment import db


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise RuntimeError(
            f"PostgreSQL's {name} was not found: install Debian's postgresql package"
            " (.ci/run does)")
    return found[-1]


class PostgresServer:
    """One server for the whole test session; ``fresh_url()`` gives a new migrated database."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="alignment-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.socket.mkdir()
        self._as_user = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (self.root, self.socket):
                os.chown(path, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run(_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "alignment",
                  "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses='' -c unix_socket_directories={self.socket}"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c max_connections=300")
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.root / "server.log"), "start")
        self.template = "alignment_template"
        self._templates: set[str] = set()
        self._admin(f"CREATE DATABASE {self.template}")
        migrated = db.connect(self.url(self.template))
        migrated.close()

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_user, *command], check=True, capture_output=True)

    def url(self, name: str = "postgres") -> str:
        """The URL of database ``name`` on this server."""
        return f"postgresql://alignment@/{name}?host={self.socket}"

    def _admin(self, statement: str) -> None:
        subprocess.run(
            [*self._as_user, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
             self.url("postgres"), "-c", statement], check=True, capture_output=True)

    def fresh_url(self, template: str | None = None) -> str:
        """A new database copied from ``template`` (default: the migrated, empty one)."""
        name = "t_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template or self.template}")
        return self.url(name)

    def empty_url(self) -> str:
        """A new database without the app's schema (PostgreSQL's own empty template)."""
        name = "e_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def template_of(self, name: str, filled: Callable[[str], None]) -> str:
        """Database ``name``, made once from the migrated template and ``filled(url)``, to
        copy with ``fresh_url(name)``."""
        if name not in self._templates:
            self._admin(f"CREATE DATABASE {name} TEMPLATE {self.template}")
            filled(self.url(name))
            self._templates.add(name)
        return name

    def dropped(self, url: str) -> None:
        """Drop the database at ``url`` (its connections closed first)."""
        name = url.rsplit("/", 1)[1].split("?")[0]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run([*self._as_user, _bin("pg_ctl"), "-D", str(self.data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
