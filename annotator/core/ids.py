"""Identifiers and timestamps that let files from several analysts merge without duplicates."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A random UUID as text: unique across every analyst's file."""
    return str(uuid.uuid4())


def now() -> str:
    """UTC time as sortable ISO text with microseconds; later writes compare greater."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def text_hash(text: str) -> str:
    """SHA-256 of the normalized text: matches documents across files when ids differ."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
