"""A throwaway PostgreSQL server for the tests, started and stopped by the tests themselves.

``PostgresServer.start()`` runs ``initdb`` into a fresh folder under ``/tmp``
and starts ``postgres`` listening on a unix socket in that folder only (no TCP
port, so parallel runs and a system cluster cannot collide). ``stop()`` stops
it and removes the folder. The binaries are looked up on PATH, then in
Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first); CI installs
them with ``.ci/install-postgres``.

PostgreSQL refuses to run as root. Under root the cluster is created and run
by an unprivileged account (``postgres`` where the package made one, else
``nobody``) that owns the folder; the tests, still root, connect through the
socket, which root can always reach.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SUPERUSER = "threatline"
# speed over durability: the cluster is thrown away at the end of the session
_SETTINGS = """
listen_addresses = ''
unix_socket_directories = '{socket_dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
"""


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None if there is none."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []

    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name))

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _server_account() -> pwd.struct_passwd | None:
    """The account that runs the server: None (this one) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("running as root and there is neither a 'postgres' nor a 'nobody' account")


@dataclass
class PostgresServer:
    """A running throwaway cluster; ``url()`` gives a new, empty database each call."""

    bin: Path
    root: Path
    account: pwd.struct_passwd | None
    _names: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @classmethod
    def start(cls, binaries: Path) -> PostgresServer:
        """initdb a cluster in a new folder under /tmp and start it; raises with the server log on failure."""
        account = _server_account()
        # /tmp rather than pytest's tmp_path: that one is private to the current
        # user (0700), which the server account could not enter; short, too,
        # because a unix socket path must fit in about 100 bytes
        root = Path(tempfile.mkdtemp(prefix="threatline-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
        server = cls(binaries, root, account)
        try:
            if account is not None:
                os.chown(root, account.pw_uid, account.pw_gid)
            server._initdb()
            with (server.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write(_SETTINGS.format(socket_dir=root))
            log = str(root / "server.log")
            server._run("pg_ctl", "-D", str(server.data), "-l", log, "-w", "-t", "60", "start")
        except BaseException:
            server.stop()
            raise
        return server

    def _initdb(self) -> None:
        # C.UTF-8 makes lower() and ILIKE fold non-ASCII letters as a real
        # deployment's locale would; plain C is the fallback where it is missing
        for locale in ("C.UTF-8", "C"):
            try:
                self._run(
                    "initdb",
                    "-D", str(self.data),
                    "-U", SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    f"--locale={locale}",
                    "--no-sync",
                )  # fmt: skip
            except RuntimeError:
                if locale == "C":
                    raise
                shutil.rmtree(self.data, ignore_errors=True)
            else:
                return

    def stop(self) -> None:
        """Stop the server (if it runs) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self) -> str:
        """A ``postgresql://`` URL of a new, empty database on this server (the form users type)."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(host=str(self.root), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{SUPERUSER}@/{name}?host={self.root}"

    def _run(self, program: str, *args: str) -> None:
        """Run one of the server's programs as the server account, failing with its output."""
        account = self.account
        result = subprocess.run(
            [str(self.bin / program), *args],
            cwd=self.root,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C", "TZ": "UTC"},
            user=None if account is None else account.pw_uid,
            group=None if account is None else account.pw_gid,
            extra_groups=None if account is None else [],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text("utf-8", "replace")[-2000:] if log.exists() else ""
            output = result.stdout + result.stderr + tail
            raise RuntimeError(f"{program} {' '.join(args)} failed ({result.returncode}):\n{output}")
