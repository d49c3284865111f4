"""Keeping SQLite's POSIX locks ours: which database files this process has open, and a
cheap check that the locks and the WAL a connection uses are still the real ones.

On Linux and macOS, closing ANY descriptor of a file drops every POSIX lock the process
holds on it (SQLite's "How To Corrupt An SQLite Database File", section 2.2). A file dialog
that sniffs the database's type, or our own code reading its header, silently leaves the
open connection without locks; another process then believes it is alone, checkpoints and
deletes `-wal` and `-shm` on close, and every later commit of ours goes into a deleted WAL.

So: (1) code that would read a file first asks `is_open_here(path)` and leaves an open
database (and its `-wal`/`-shm`) alone; (2) `FileWatch.healthy()` tells, in a few
microseconds, whether the WAL is still the file on disk and (on Linux) whether this process
still holds its locks, so the Store can reconnect before damage, or right after it.
See docs/architecture.md, "SQLite's locks and file dialogs".
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

_lock = threading.Lock()
_open: dict[tuple[int, int], int] = {}  # (st_dev, st_ino) of the main file -> connections


def _key(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def register(path: str | os.PathLike) -> None:
    """A connection of this process now has `path` open."""
    key = _key(path)
    if key is not None:
        with _lock:
            _open[key] = _open.get(key, 0) + 1


def unregister(path: str | os.PathLike) -> None:
    key = _key(path)
    if key is not None:
        with _lock:
            left = _open.get(key, 0) - 1
            if left > 0:
                _open[key] = left
            else:
                _open.pop(key, None)


def main_file(path: str | os.PathLike) -> Path:
    """The database a side file (`x.sqlite-wal`, `-shm`, `-journal`) belongs to."""
    text = os.fspath(path)
    for suffix in SIDE_SUFFIXES:
        if text.endswith(suffix):
            return Path(text[: -len(suffix)])
    return Path(text)


def is_open_here(path: str | os.PathLike) -> bool:
    """True when `path` is a database this process has open, or one of its side files:
    reading it (even opening and closing it) would drop the connection's locks."""
    with _lock:
        if not _open:
            return False
        keys = set(_open)
    candidates = {Path(path), main_file(path)}
    return any(_key(p) in keys for p in candidates)


PROC_FD = Path("/proc/self/fd")
PROC_FDINFO = Path("/proc/self/fdinfo")


def _descriptors_of(path: Path, inode: int) -> list[int]:
    """Every descriptor this process holds on `path` (one per SQLite connection)."""
    try:
        names = os.listdir(PROC_FD)
    except OSError:
        return []
    wanted = os.fspath(path)
    found = []
    for name in names:
        try:
            if os.readlink(PROC_FD / name) == wanted and os.fstat(int(name)).st_ino == inode:
                found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


def _holds_lock(fd: int, inode: int) -> bool | None:
    """Whether this process holds a POSIX lock on the file behind `fd` (Linux lists the
    file's locks in /proc/self/fdinfo); None where the kernel doesn't say, or the
    descriptor is no longer that file's."""
    try:
        text = (PROC_FDINFO / str(fd)).read_text()
    except OSError:
        return None
    if f"ino:\t{inode}\n" not in text:
        return None
    pid = str(os.getpid())
    for line in text.splitlines():
        # "lock:\t1: POSIX  ADVISORY  READ 22041 fe:00:2171870 1073741826 1073742335"
        if line.startswith("lock:"):
            parts = line.split()
            if len(parts) >= 6 and parts[2] == "POSIX" and parts[5] == pid:
                return True
    return False


@dataclass(slots=True)
class Health:
    """What `FileWatch.check()` found. `wal_replaced`: the WAL this connection writes is
    no longer the file on disk (commits since then exist only in our descriptor)."""

    wal_replaced: bool = False
    locks_lost: bool = False

    @property
    def ok(self) -> bool:
        return not (self.wal_replaced or self.locks_lost)


class FileWatch:
    """Remembers the identity of a WAL-mode database's files right after it was opened."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.wal = Path(f"{self.path}-wal")
        self.shm = Path(f"{self.path}-shm")
        self._db_key = _key(self.path)
        self._wal_key = _key(self.wal)
        self._shm_key = _key(self.shm)
        self._fds: dict[Path, int | None] = {}

    @property
    def active(self) -> bool:
        """Only a file database in WAL mode has something to watch."""
        return self._db_key is not None and self._wal_key is not None

    def _lock_held(self, path: Path, key: tuple[int, int]) -> bool | None:
        """Whether the process holds a lock on the file. The kernel lists a lock under the
        descriptor it was taken through, and with several connections in one process SQLite
        takes it through any one of them: so the remembered descriptor first, then all."""
        fd = self._fds.get(path)
        if fd is not None and _holds_lock(fd, key[1]):
            return True
        answers = {}
        for candidate in _descriptors_of(path, key[1]):
            answers[candidate] = _holds_lock(candidate, key[1])
            if answers[candidate]:
                self._fds[path] = candidate
                return True
        if False in answers.values():
            return False
        return None  # the kernel doesn't say (no /proc), or no descriptor is open

    def check(self, *, locks: bool = True) -> Health:
        """Two `stat`s; with `locks`, also (Linux) two small reads of /proc/self/fdinfo."""
        health = Health()
        if not self.active:
            return health
        if _key(self.wal) != self._wal_key or _key(self.shm) != self._shm_key:
            health.wal_replaced = True
            return health
        if locks and self._shm_key is not None:
            # An idle WAL connection holds a read lock on the database (SHARED) and one on
            # the -shm (its DMS byte); losing either lets another process delete the WAL.
            health.locks_lost = (self._lock_held(self.path, self._db_key) is False
                                 or self._lock_held(self.shm, self._shm_key) is False)
        return health


__all__ = ["FileWatch", "Health", "is_open_here", "main_file", "register", "unregister"]
