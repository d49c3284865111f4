"""Opening a hub connection: psycopg present, the URL shown without its password, and
every failure turned into one line `URL: reason`."""

from __future__ import annotations

import re
from typing import Any

from annotator.core.errors import AnnotatorError

INSTALL_HINT = 'the team commands need psycopg: pip install "annotator[team]"'
SCHEMA = "annotator"


class HubError(AnnotatorError):
    """A hub problem the user can act on: `URL: reason` (exit status 1)."""

    def __init__(self, url: str, reason: str):
        self.url = redact(url)
        self.reason = reason
        super().__init__(f"{self.url}: {reason}")


class MissingDriver(AnnotatorError):
    """psycopg is not installed."""


def psycopg_module():
    try:
        import psycopg
    except ImportError:
        raise MissingDriver(INSTALL_HINT) from None
    return psycopg


_URI_PASSWORD = re.compile(r"^(postgres(?:ql)?://[^:/@?#]*):[^@/?#]*@", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&])password=[^&]*&?", re.IGNORECASE)
_KV_PASSWORD = re.compile(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S*)\s*", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL without any password (the form that may be printed or remembered)."""
    if re.match(r"^postgres(?:ql)?://", url, re.IGNORECASE):
        out = _URI_PASSWORD.sub(r"\1@", url)
        out = _QUERY_PASSWORD.sub(lambda m: m.group(1), out)
        return out.rstrip("?&")
    return _KV_PASSWORD.sub("", url).strip()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    line = text.splitlines()[0].strip()
    return line.removeprefix("FATAL:").removeprefix("ERROR:").strip()


def connect(url: str, **kwargs: Any):
    """A psycopg connection to the hub; HubError when it cannot be had."""
    psycopg = psycopg_module()
    try:
        return psycopg.connect(url, connect_timeout=10, application_name="annotator",
                               **kwargs)
    except psycopg.Error as exc:
        raise HubError(url, f"cannot connect ({first_line(exc)})") from None
    except Exception as exc:  # noqa: BLE001 (a malformed URL: ProgrammingError, ValueError)
        raise HubError(url, f"cannot connect ({first_line(exc)})") from None


def hub_version(conn) -> list[str]:
    """The hub steps applied on this server ([] when there is no hub)."""
    row = conn.execute("SELECT to_regclass('annotator.steps')").fetchone()
    if row[0] is None:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM annotator.steps ORDER BY name")]
