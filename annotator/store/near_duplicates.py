"""Near-duplicates at import: the LSH index of MinHash bands that lives in the database.

Each indexed document has one row per band in `near_duplicate_bands` (key, doc), a
WITHOUT ROWID table keyed on (key, doc): finding the documents that share a band with a new
text is one index look-up of `BANDS` keys, whatever the number of documents. Candidates
are confirmed with the exact Jaccard of their shingles (core/minhash.py), so a rare shared
band never marks an unrelated article.

Documents stored by other paths (merge, sync, the window) are indexed when the next import
starts: the property `near_duplicates.indexed_to` is the highest row indexed so far.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.core import minhash
from annotator.core.errors import UsageError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument

MODES = ("keep", "skip", "off")  # "off": not compared now, indexed by the next import
META_KEY = "near_duplicate_of"
WATERMARK = "near_duplicates.indexed_to"
_CACHE = 512  # shingles of recently indexed documents, for candidates inside one import
_IN = ",".join("?" * minhash.BANDS)


@dataclass(slots=True)
class Match:
    pk: int
    id: str
    similarity: float


class NearDuplicateIndex:
    """The band index of one open connection, inside the caller's write transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._recent: OrderedDict[int, object] = OrderedDict()

    def catch_up(self) -> int:
        """Index every document stored since the last import; how many were indexed."""
        row = self.conn.execute("SELECT value FROM properties WHERE key = ?",
                                (WATERMARK,)).fetchone()
        start = int(row[0]) if row and row[0] else 0
        n = 0
        for pk, text in self.conn.execute(
                "SELECT pk, text FROM documents WHERE pk > ? ORDER BY pk", (start,)).fetchall():
            fp = minhash.fingerprint(text)
            if fp is not None:
                self.add(pk, fp, remember=False)
            n += 1
        return n

    def finish(self) -> None:
        """Record that every stored document is indexed (call before the commit)."""
        top = self.conn.execute("SELECT max(pk) FROM documents").fetchone()[0] or 0
        self.conn.execute("INSERT OR REPLACE INTO properties (key, value) VALUES (?, ?)",
                          (WATERMARK, str(top)))

    def add(self, pk: int, fp: minhash.Fingerprint, remember: bool = True) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO near_duplicate_bands (key, doc) VALUES (?, ?)",
            [(key, pk) for key in fp.keys])
        if remember:
            self._recent[pk] = fp.shingles
            if len(self._recent) > _CACHE:
                self._recent.popitem(last=False)

    def candidates(self, fp: minhash.Fingerprint) -> list[int]:
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT doc FROM near_duplicate_bands WHERE key IN ({_IN})", fp.keys)]

    def best_match(self, fp: minhash.Fingerprint) -> Match | None:
        """The stored document most like `fp` at or above the threshold, if any."""
        best: Match | None = None
        for pk in self.candidates(fp):
            row = self.conn.execute("SELECT id, text FROM documents WHERE pk = ?",
                                    (pk,)).fetchone()
            if row is None:
                continue  # a deleted document's stale bands
            theirs = self._recent.get(pk)
            if theirs is None:
                theirs = minhash.shingles(row[1])
                if theirs is None:
                    continue
            similarity = minhash.jaccard(fp.shingles, theirs)
            if similarity >= minhash.THRESHOLD and (best is None
                                                    or similarity > best.similarity):
                best = Match(pk, row[0], similarity)
        return best


class NearDuplicateFilter:
    """Marks (mode "keep") or leaves out ("skip") near-duplicates in a stream of imported
    records; the store inserts what it yields, in the same transaction."""

    def __init__(self, store, mode: str = "keep"):
        if mode not in MODES:
            raise UsageError(f"--near-duplicates must be one of {', '.join(MODES)}, "
                             f"not {mode!r}")
        self.store = store
        self.mode = mode
        self.marked = 0
        self.skipped = 0

    def wrap(self, records: Iterable[AnnotatedDocument]) -> Iterator[AnnotatedDocument]:
        if self.mode == "off":
            yield from records
            return
        index = NearDuplicateIndex(self.store.conn)
        index.catch_up()
        for rec in records:
            doc = rec.document
            fp = minhash.fingerprint(doc.text) if META_KEY not in doc.meta else None
            if fp is not None:
                match = index.best_match(fp)
                # An exact duplicate (or a record for a stored id) keeps today's rule.
                if match is not None and self.store.find_document(
                        doc.id, text_hash(doc.text)) is None:
                    if self.mode == "skip":
                        self.skipped += 1
                        continue
                    doc.meta = {**doc.meta, META_KEY: match.id}
                    self.marked += 1
            pk_before = doc.pk
            yield rec
            if fp is not None and doc.pk is not None and doc.pk != pk_before:
                index.add(doc.pk, fp)  # stored just now: later records compare with it
        index.finish()


def count_marked(conn: sqlite3.Connection) -> int:
    """Documents marked as near-duplicates of another (for `stats`)."""
    return conn.execute(
        "SELECT count(*) FROM documents WHERE meta LIKE '%near_duplicate_of%' AND "
        f"json_extract(meta, '$.{META_KEY}') IS NOT NULL").fetchone()[0]
