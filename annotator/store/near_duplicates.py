"""Near-duplicates at import: the LSH index of MinHash bands that lives in the database.

Each indexed document has one row per band in `near_duplicate_bands` (key, doc), a
WITHOUT ROWID table keyed on (key, doc): finding the documents that share a band with a new
text is one index look-up of `BANDS` keys, whatever the number of documents. A candidate's
packed signature (`near_duplicate_signatures`, 256 bytes) estimates its similarity without
reading its text; a likely one is confirmed with the exact Jaccard of the shingles
(core/minhash.py), so a chance shared band never marks an unrelated article.

Documents stored by other paths (merge, sync, the window) are indexed when the next import
starts: the property `near_duplicates.indexed_to` is the highest row indexed so far.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from annotator.core import minhash
from annotator.core.errors import UsageError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument
from annotator.store.near_duplicate_marks import META_KEY

MODES = ("keep", "skip", "off")  # "off": not compared now, indexed by the next import
WATERMARK = "near_duplicates.indexed_to"
_CACHE = 512  # shingles of recently indexed documents, for candidates inside one import
_IN = ",".join("?" * minhash.BANDS)
_BATCH = 2000  # documents whose rows are written together
_READ_AHEAD = 64  # records fingerprinted together
_READ_AHEAD_CHARS = 4_000_000  # and no more text than this at once
_FEW = 4  # candidates sharing a single band that are still checked
_MAX_CANDIDATES = 64  # those sharing the most bands; a near-duplicate shares several
_ESTIMATE_MARGIN = 0.15  # the signature's estimate errs by about 0.04 (128 bins)


@dataclass(slots=True)
class Match:
    pk: int
    id: str
    similarity: float


class NearDuplicateIndex:
    """The band index of one open connection, inside the caller's write transaction.

    New rows are written in sorted batches (`_BATCH` documents): inserting random keys
    one document at a time costs more than computing them. Look-ups see both."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._recent: OrderedDict[int, np.ndarray] = OrderedDict()
        # Pending band key -> its first document; the rare others in `_pending_more`. Ints,
        # not lists: tens of thousands of lists would make every garbage collection slow.
        self._pending_keys: dict[int, int] = {}
        self._pending_more: dict[int, list[int]] = {}
        self._pending_sigs: dict[int, bytes] = {}
        self._rows_keys: list[int] = []  # the pending band rows, in the order added
        self._rows_docs: list[int] = []
        self._asked: set[int] = set()  # band keys looked up by `prefetch` for this batch
        self._stored: dict[int, list[int]] = {}  # and the stored documents holding them

    def catch_up(self) -> int:
        """Index every document stored since the last import; how many were indexed."""
        row = self.conn.execute("SELECT value FROM properties WHERE key = ?",
                                (WATERMARK,)).fetchone()
        start = int(row[0]) if row and row[0] else 0
        n = 0
        cur = self.conn.execute(
            "SELECT pk, text, json_extract(meta, '$.near_duplicate_of') FROM documents "
            "WHERE pk > ? ORDER BY pk", (start,))
        while rows := cur.fetchmany(minhash.MAX_BATCH):
            for (pk, _text, original), fp in zip(
                    rows, minhash.fingerprints([r[1] for r in rows]), strict=True):
                if original:  # marked elsewhere (merged, synced, imported with its mark)
                    self.mark(pk, original)
                if fp is not None:
                    self.add(pk, fp, remember=False)
            n += len(rows)
        return n

    def finish(self) -> None:
        """Write what is pending and record that every stored document is indexed."""
        self.flush()
        top = self.conn.execute("SELECT max(pk) FROM documents").fetchone()[0] or 0
        self.conn.execute("INSERT OR REPLACE INTO properties (key, value) VALUES (?, ?)",
                          (WATERMARK, str(top)))

    def mark(self, pk: int, original: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO near_duplicates (doc, original) "
                          "VALUES (?, ?)", (pk, str(original)))

    def flush(self) -> None:
        self._asked.clear()
        self._stored.clear()
        if self._pending_sigs:
            keys = np.array(self._rows_keys, dtype=np.int64)
            docs = np.array(self._rows_docs, dtype=np.int64)
            order = np.lexsort((docs, keys))  # B-tree order: far fewer page splits
            keys, docs = keys[order], docs[order]
            self.conn.executemany(
                "INSERT OR IGNORE INTO near_duplicate_bands (key, doc) VALUES (?, ?)",
                zip(keys.tolist(), docs.tolist(), strict=True))
            self.conn.executemany(
                "INSERT OR REPLACE INTO near_duplicate_signatures (doc, signature) "
                "VALUES (?, ?)", self._pending_sigs.items())
        self._pending_keys.clear()
        self._pending_more.clear()
        self._pending_sigs.clear()
        self._rows_keys.clear()
        self._rows_docs.clear()

    def add(self, pk: int, fp: minhash.Fingerprint, remember: bool = True) -> None:
        pending, asked, stored = self._pending_keys, self._asked, self._stored
        for key in fp.keys:
            if key not in pending:
                pending[key] = pk
            elif key in self._pending_more:
                self._pending_more[key].append(pk)
            else:
                self._pending_more[key] = [pk]
            if key in asked:  # a later document of this batch may share it
                if key in stored:
                    stored[key].append(pk)
                else:
                    stored[key] = [pk]
        self._rows_keys.extend(fp.keys)
        self._rows_docs.extend([pk] * len(fp.keys))
        self._pending_sigs[pk] = fp.packed()
        if remember:
            self._recent[pk] = fp.shingles
            if len(self._recent) > _CACHE:
                self._recent.popitem(last=False)
        if len(self._pending_sigs) >= _BATCH and not self._asked:
            self.flush()  # during a prefetched batch, the next `prefetch` writes them

    def prefetch(self, fps: Iterable[minhash.Fingerprint | None]) -> None:
        """Look up the stored documents of a batch's band keys in one query: a query per
        document costs more than the rows it finds. Pending rows stay in memory until the
        next batch, so later documents of this batch still meet earlier ones."""
        if len(self._pending_sigs) >= _BATCH:
            self.flush()
        self._asked.clear()
        self._stored.clear()
        asked = {key for fp in fps if fp is not None for key in fp.keys}
        if not asked:
            return
        stored = self._stored
        for key, doc in self.conn.execute(
                "SELECT key, doc FROM near_duplicate_bands "
                "WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(list(asked)),)):
            if key in stored:
                stored[key].append(doc)
            else:
                stored[key] = [doc]
        pending = self._pending_keys
        more = self._pending_more
        for key in asked & pending.keys():
            stored.setdefault(key, []).append(pending[key])
            stored[key].extend(more.get(key, ()))
        self._asked = asked

    def candidates(self, fp: minhash.Fingerprint) -> list[int]:
        """Documents worth checking, those sharing most bands first.

        A true near-duplicate shares several of the 21 bands (5 on average at J = 0.8, two
        or more with probability 0.985). A document sharing a single band is checked only
        when there are few such: in a real collection any shared band is rare and worth a
        look, but in a corpus of articles made of the same sentences (the benchmark's)
        dozens of documents share one band by chance, and checking each costs more than
        the import itself."""
        if self._asked and self._asked.issuperset(fp.keys):  # stored and pending
            get = self._stored.get
            found = [doc for key in fp.keys for doc in get(key, ())]
        else:
            found = [r[0] for r in self.conn.execute(
                f"SELECT doc FROM near_duplicate_bands WHERE key IN ({_IN})", fp.keys)]
            if self._pending_keys:
                get, more = self._pending_keys.get, self._pending_more.get
                for key in fp.keys:
                    if (pk := get(key)) is not None:
                        found.append(pk)
                        found.extend(more(key, ()))
        if len(found) <= _FEW:
            return list(dict.fromkeys(found))
        shared = Counter(found)
        if len(shared) == len(found):  # each shares a single band: chance, not a copy
            return []
        ranked = sorted((pk for pk, n in shared.items() if n >= 2), key=shared.__getitem__,
                        reverse=True)
        return ranked[:_MAX_CANDIDATES]

    def _signatures(self, pks: list[int]) -> tuple[list[int], list[bytes]]:
        stored = [pk for pk in pks if pk not in self._pending_sigs]
        out_pks = [pk for pk in pks if pk in self._pending_sigs]
        out = [self._pending_sigs[pk] for pk in out_pks]
        if stored:
            marks = ",".join("?" * len(stored))
            for pk, packed in self.conn.execute(
                    f"SELECT doc, signature FROM near_duplicate_signatures WHERE doc IN "
                    f"({marks})", stored):
                out_pks.append(pk)
                out.append(packed)
        return out_pks, out

    def best_match(self, fp: minhash.Fingerprint) -> Match | None:
        """The stored document most like `fp` at or above the threshold, if any."""
        pks = self.candidates(fp)
        if not pks:
            return None
        pks, packed = self._signatures(pks)
        estimates = minhash.estimates(packed, fp)
        likely = [pk for pk, est in zip(pks, estimates, strict=True)
                  if est >= minhash.THRESHOLD - _ESTIMATE_MARGIN]
        best: Match | None = None
        for pk in likely:
            row = self.conn.execute("SELECT id, text FROM documents WHERE pk = ?",
                                    (pk,)).fetchone()
            if row is None:
                continue  # a deleted document's stale rows
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


def _fingerprinted(records: Iterable[AnnotatedDocument],
                   ) -> Iterator[list[tuple[AnnotatedDocument, minhash.Fingerprint | None]]]:
    """Records with their fingerprints (None: too short, or marked already), computed a
    batch at a time: reading a few records ahead costs nothing (the import is one
    transaction) and numpy is faster on one long array than on many short ones."""
    it = iter(records)
    while True:
        batch, size = [], 0
        for rec in it:
            batch.append(rec)
            size += len(rec.document.text)
            if len(batch) == _READ_AHEAD or size >= _READ_AHEAD_CHARS:
                break
        if not batch:
            return
        texts = ["" if META_KEY in rec.document.meta else rec.document.text for rec in batch]
        yield list(zip(batch, minhash.fingerprints(texts), strict=True))


def _each_prefetched(index: NearDuplicateIndex, batches: Iterable[list[tuple[
        AnnotatedDocument, minhash.Fingerprint | None]]],
                     ) -> Iterator[tuple[AnnotatedDocument, minhash.Fingerprint | None]]:
    """The records of each batch, after one look-up of all their band keys."""
    for batch in batches:
        index.prefetch(fp for _rec, fp in batch)
        yield from batch


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
        for rec, fp in _each_prefetched(index, _fingerprinted(records)):
            doc = rec.document
            original = doc.meta.get(META_KEY)
            if fp is not None:
                match = index.best_match(fp)
                # An exact duplicate (or a record for a stored id) keeps today's rule.
                if match is not None and self.store.find_document(
                        doc.id, text_hash(doc.text)) is None:
                    if self.mode == "skip":
                        self.skipped += 1
                        continue
                    original = match.id
                    doc.meta = {**doc.meta, META_KEY: original}
                    self.marked += 1
            pk_before = doc.pk
            yield rec
            if doc.pk is not None and doc.pk != pk_before:  # stored just now
                if fp is not None:
                    index.add(doc.pk, fp)  # later records compare with it
                if original is not None:
                    index.mark(doc.pk, original)
        index.finish()
