"""A real, throw-away PostgreSQL server for the hub tests and benchmarks.

`initdb` refuses to run as root, and tests run as root in CI: the cluster is created and run
as an unprivileged system user (`nobody`, else a dedicated user made with `useradd`) in a
temporary folder. The server listens on a Unix socket in that folder and on 127.0.0.1 at a
free port (password logins are tested over TCP), and is stopped by `stop()`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "hubadmin"
PASSWORD_USER = "pwuser"  # a role that logs in over TCP with a password only


def find_bin_dir() -> Path | None:
    """Debian's layout (/usr/lib/postgresql/N/bin), newest first; else `initdb` on PATH."""
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                       key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                       else 0, reverse=True):
        if (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> tuple[int, int] | None:
    """(uid, gid) of the unprivileged user the server runs as; None when not root."""
    if os.geteuid() != 0:
        return None
    for name in ("nobody", "annotator-pg"):
        try:
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "annotator-pg"], check=True)
    entry = pwd.getpwnam("annotator-pg")
    return entry.pw_uid, entry.pw_gid


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int
    ids: tuple[int, int] | None

    @property
    def socket_dir(self) -> str:
        return str(self.root)

    def url(self, user: str = SUPERUSER, dbname: str = "postgres", tcp: bool = False) -> str:
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"
        return f"postgresql://{user}@/{dbname}?host={self.root}&port={self.port}"

    def _cmd(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kw = {}
        if self.ids is not None:
            kw = {"user": self.ids[0], "group": self.ids[1], "extra_groups": []}
        return subprocess.run([str(self.bin_dir / args[0]), *args[1:]], check=check,
                              capture_output=True, text=True, cwd=self.root, **kw)

    def start(self) -> None:
        data = self.root / "data"
        pwfile = self.root / "pw.txt"
        pwfile.write_text("hubadmin-secret\n")
        if self.ids is not None:
            os.chown(pwfile, *self.ids)
        self._cmd("initdb", "-D", str(data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
                  "--auth-local=trust", "--auth-host=scram-sha-256",
                  f"--pwfile={pwfile}", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.root} -c fsync=off "
                f"-c max_connections=200 -c shared_buffers=64MB")
        self._cmd("pg_ctl", "-D", str(data), "-l", str(self.root / "server.log"), "-w",
                  "-o", opts, "start")

    def stop(self) -> None:
        self._cmd("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop",
                  check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        """A fresh database on this server (a copy of `template`); its superuser URL."""
        import psycopg

        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(dbname=name)


def start_server() -> PgServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("no PostgreSQL binaries (initdb, pg_ctl)")
    ids = _run_as()
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-", dir="/tmp"))
    os.chmod(root, 0o755)
    if ids is not None:
        os.chown(root, *ids)
    server = PgServer(bin_dir, root, _free_port(), ids)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        detail = (exc.stderr or "") + (log.read_text() if log.exists() else "")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {detail.strip()[-2000:]}") from None
    return server
