"""A private PostgreSQL server in a temporary folder on a free loopback port, which a test may stop and start.

Made with Debian's `initdb` and `pg_ctl`; the machine's own PostgreSQL is never touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.rasa_stack import free_port


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """One PostgreSQL cluster of our own (trust authentication, loopback only)."""

    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL server binaries not installed (Debian package postgresql)")
        self.bin = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wegwijz-pg-"))
        self.data = self.folder / "data"
        # PostgreSQL refuses to run as root: then it runs as the `postgres` user, in a folder it owns.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            os.chmod(self.folder, 0o777)
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def admin_url(self) -> str:
        """The URL of the `postgres` database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        """The URL of `database` on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True,
                       cwd=self.folder)

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"),
                  "-w", "-t", "120", "start")

    def stop(self) -> None:
        """Stop the server at once (open connections are cut, as in an outage)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop")

    def create_database(self, name: str) -> str:
        """Create `name`; returns its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def remove(self) -> None:
        """Stop (when running) and delete the cluster."""
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
