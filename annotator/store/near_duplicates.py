"""Near-duplicates at import: the LSH index of MinHash bands that lives in the database.

Each indexed document has one row per band in `near_duplicate_bands` (key, doc), a
WITHOUT ROWID table keyed on (key, doc): finding the documents that share a band with a new
text is one index look-up of `BANDS` keys, whatever the number of documents. A candidate's
packed signature (`near_duplicate_signatures`, 256 bytes) estimates its similarity without
reading its text; a likely one is confirmed with the exact Jaccard of the shingles
(core/minhash.py), so a chance shared band never marks an unrelated article.

An import works a read-ahead batch of texts at a time: one query finds the stored rows of
all the batch's band keys, the import's own rows wait in memory (near_duplicate_runs.py)
and are written once, sorted, when it ends (or every `_BATCH` documents), inside the
import's transaction; the candidates of the whole batch are counted and ranked with numpy.
Per-text and per-row Python work is what this path used to spend its time on.

Documents stored by other paths (merge, sync, the window) are indexed when the next import
starts: the property `near_duplicates.indexed_to` is the highest row indexed so far.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np

from annotator.core import minhash
from annotator.core.errors import UsageError
from annotator.core.ids import text_hash
from annotator.core.model import AnnotatedDocument
from annotator.store.near_duplicate_marks import META_KEY
from annotator.store.near_duplicate_runs import PendingRows, matches

MODES = ("keep", "skip", "off")  # "off": not compared now, indexed by the next import
WATERMARK = "near_duplicates.indexed_to"
_CACHE = 512  # shingles of recently indexed documents, for candidates inside one import
_BATCH = 20_000  # documents whose rows wait in memory before being written (~7 MB)
_WRITE = 100_000  # rows a call writes (their Python ints are made a slice at a time)
_READ_AHEAD = 64  # records fingerprinted and looked up together
_READ_AHEAD_CHARS = 4_000_000  # and no more text than this at once
_FEW = 4  # candidates sharing a single band that are still checked
_MAX_CANDIDATES = 64  # those sharing the most bands; a near-duplicate shares several
_ESTIMATE_MARGIN = 0.15  # the signature's estimate errs by about 0.04 (128 bins)
_KEYS = ",".join("?" * minhash.BANDS)


@dataclass(slots=True)
class Match:
    pk: int
    id: str
    similarity: float


class Batch:
    """The candidates of a read-ahead batch of texts, found by `NearDuplicateIndex.look_up`.

    A candidate from the same batch is named by -1 - its position until it is stored
    (`NearDuplicateIndex.stored`): its row number is only known then."""

    def __init__(self, fps: list[minhash.Fingerprint | None]):
        self.fps = fps
        self.rows = [i for i, fp in enumerate(fps) if fp is not None]
        self.keys = np.array([fps[i].keys for i in self.rows], dtype=np.int64).reshape(
            len(self.rows), minhash.BANDS)
        packed = minhash.packed([fps[i] for i in self.rows])
        self.packed = dict(zip(self.rows, packed, strict=True))
        self.signatures = np.frombuffer(b"".join(packed), dtype="<u2").reshape(
            len(self.rows), minhash.BINS)
        # For each text, its likely candidates: (shared bands, doc).
        self.candidates: list[list[tuple[int, int]]] = [[] for _ in fps]
        self.pks: list[int | None] = [None] * len(fps)

    def ranked(self, i: int) -> list[int]:
        """Text i's candidates, those sharing most bands first, then the oldest."""
        found = []
        for shared, doc in self.candidates[i]:
            if doc < 0 and (doc := self.pks[-1 - doc]) is None:
                continue  # an earlier text of the batch that was not stored
            found.append((-shared, doc))
        found.sort()
        return [doc for _shared, doc in found[:_MAX_CANDIDATES]]


class NearDuplicateIndex:
    """The band index of one open connection, inside the caller's write transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._recent: OrderedDict[int, np.ndarray] = OrderedDict()
        self._pending = PendingRows()
        self._written = bool(conn.execute(
            "SELECT EXISTS (SELECT 1 FROM near_duplicate_bands)").fetchone()[0])

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
            fps = minhash.fingerprints([r[1] for r in rows])
            for pk, _text, original in rows:
                if original:  # marked elsewhere (merged, synced, imported with its mark)
                    self.mark(pk, original)
            kept = [(r[0], fp) for r, fp in zip(rows, fps, strict=True) if fp is not None]
            self.add([pk for pk, _fp in kept], [fp for _pk, fp in kept])
            n += len(rows)
        return n

    def add(self, pks: list[int], fps: list[minhash.Fingerprint]) -> None:
        """Index documents: their rows are written by `flush` (or every `_BATCH`)."""
        if not pks:
            return
        keys = np.array([fp.keys for fp in fps], dtype=np.int64).reshape(-1)
        self._pending.add(keys, np.repeat(np.array(pks, dtype=np.int64), minhash.BANDS))
        self._pending.signatures.update(zip(pks, minhash.packed(fps), strict=True))
        if len(self._pending) >= _BATCH:
            self.flush()

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
        """Write the pending rows in the B-tree's order (far fewer page splits)."""
        keys, docs = self._pending.sorted_rows()
        if len(keys):
            for at in range(0, len(keys), _WRITE):
                self.conn.executemany(
                    "INSERT OR IGNORE INTO near_duplicate_bands (key, doc) VALUES (?, ?)",
                    zip(keys[at:at + _WRITE].tolist(), docs[at:at + _WRITE].tolist(),
                        strict=True))
            self._written = True
        if self._pending.signatures:
            self.conn.executemany(
                "INSERT OR REPLACE INTO near_duplicate_signatures (doc, signature) "
                "VALUES (?, ?)", self._pending.signatures.items())
        self._pending.clear()

    def look_up(self, fps: list[minhash.Fingerprint | None]) -> Batch:
        """The candidates of a batch of texts among stored documents, pending rows and the
        batch's earlier texts, all keys at once: one query, a `searchsorted` per pending
        run, and the counting of shared bands in numpy.

        A true near-duplicate shares several of the 21 bands (5 on average at J = 0.8, two
        or more with probability 0.985). A document sharing a single band is checked only
        when a text has few hits (`_FEW`): in a real collection any shared band is rare
        and worth a look, but in a corpus of articles made of the same sentences (the
        benchmark's) dozens of documents share one band by chance, and checking each
        costs more than the import itself. The signatures of those left estimate their
        similarity, for the whole batch at once; the likely ones are kept."""
        batch = Batch(fps)
        if not batch.rows:
            return batch
        keys = batch.keys.reshape(-1)
        order = np.argsort(keys, kind="stable")
        query = keys[order]  # sorted: every look-up below walks forward
        found = self._pending.matches(query)
        if self._written:
            found.append(self._stored_matches(query))
        at, row = matches(query, order // minhash.BANDS, query)
        earlier = row < order[at] // minhash.BANDS  # a text meets the batch's earlier ones
        found.append((at[earlier], -1 - np.array(batch.rows)[row[earlier]]))
        at = np.concatenate([a for a, _d in found])
        if not len(at):
            return batch
        doc = np.concatenate([d for _a, d in found])
        text = order[at] // minhash.BANDS
        hits = np.bincount(text, minlength=len(batch.rows))
        order = np.lexsort((doc, text))
        text, doc = text[order], doc[order]
        first = np.ones(len(text), dtype=bool)
        first[1:] = (text[1:] != text[:-1]) | (doc[1:] != doc[:-1])
        at = np.flatnonzero(first)
        shared = np.diff(np.append(at, len(text)))
        text, doc = text[at], doc[at]
        keep = (hits[text] <= _FEW) | (shared >= 2)
        text, doc, shared = text[keep], doc[keep], shared[keep]
        found, theirs = self._signatures(doc.tolist(), batch)
        agree = np.count_nonzero(theirs == batch.signatures[text[found]], axis=1)
        likely = found[agree / minhash.BINS >= minhash.THRESHOLD - _ESTIMATE_MARGIN]
        for t, d, s in zip(text[likely].tolist(), doc[likely].tolist(),
                           shared[likely].tolist(), strict=True):
            batch.candidates[batch.rows[t]].append((s, d))
        return batch

    def _signatures(self, docs: list[int], batch: Batch | None,
                    ) -> tuple[np.ndarray, np.ndarray]:
        """The packed signatures of candidates (the batch's, pending, else stored): which
        were found (a deleted document's stale rows have none) and their 16-bit bins."""
        pending = self._pending.signatures
        packed: dict[int, bytes] = {}
        missing = []
        for d in docs:
            if d < 0:
                packed[d] = batch.packed[-1 - d]
            elif (sig := pending.get(d)) is not None:
                packed[d] = sig
            else:
                missing.append(d)
        if missing:
            packed.update(self.conn.execute(
                "SELECT doc, signature FROM near_duplicate_signatures "
                "WHERE doc IN (SELECT value FROM json_each(?))", (json.dumps(missing),)))
        found = np.array([i for i, d in enumerate(docs) if d in packed], dtype=np.intp)
        theirs = np.frombuffer(b"".join(packed[docs[i]] for i in found.tolist()),
                               dtype="<u2").reshape(len(found), minhash.BINS)
        return found, theirs

    def _stored_matches(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(query index, doc) of the stored rows holding the (sorted) query keys. One
        text's keys are bound as parameters; a batch's go as one JSON array (a statement
        per length would not stay in the statement cache)."""
        keys = np.unique(query).tolist()
        if len(keys) <= minhash.BANDS:  # one text: every row is its hit, the doc suffices
            docs = np.fromiter(chain.from_iterable(self.conn.execute(
                "SELECT doc FROM near_duplicate_bands WHERE key IN "
                f"({','.join('?' * len(keys))})", keys)), dtype=np.int64)
            return np.zeros(len(docs), dtype=np.intp), docs
        cur = self.conn.execute(
            "SELECT key, doc FROM near_duplicate_bands "
            "WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))
        rows = np.fromiter(chain.from_iterable(cur), dtype=np.int64).reshape(-1, 2)
        rows = rows[np.argsort(rows[:, 0], kind="stable")]
        return matches(rows[:, 0], rows[:, 1], query)

    def stored(self, batch: Batch, i: int, pk: int) -> None:
        """Text i of the batch is stored as row `pk`: later texts compare with it."""
        batch.pks[i] = pk
        if (fp := batch.fps[i]) is None:
            return
        self._pending.signatures[pk] = batch.packed[i]
        self._recent[pk] = fp.shingles
        if len(self._recent) > _CACHE:
            self._recent.popitem(last=False)

    def end(self, batch: Batch) -> None:
        """The batch's stored texts join the pending rows (written every `_BATCH`)."""
        kept = [r for r, i in enumerate(batch.rows) if batch.pks[i] is not None]
        if kept:
            pks = np.array([batch.pks[batch.rows[r]] for r in kept], dtype=np.int64)
            self._pending.add(batch.keys[kept].reshape(-1), np.repeat(pks, minhash.BANDS))
        if len(self._pending) >= _BATCH:
            self.flush()

    def match(self, fp: minhash.Fingerprint) -> Match | None:
        """The stored document most like one text. With no rows pending (any time but
        during an import) one query and a count of shared bands in Python do: the batch
        machinery's numpy calls, sized for 64 texts, would double the time of one."""
        if self._pending.runs:
            return self.best_match(fp, self.look_up([fp]).ranked(0))
        docs = [r[0] for r in self.conn.execute(
            f"SELECT doc FROM near_duplicate_bands WHERE key IN ({_KEYS})", fp.keys)]
        shared = Counter(docs)
        few = len(docs) <= _FEW  # the rule of `look_up`
        pks = [d for _n, d in sorted((-n, d) for d, n in shared.items() if few or n >= 2)]
        if not pks:
            return None
        found, theirs = self._signatures(pks[:_MAX_CANDIDATES], None)
        agree = np.count_nonzero(theirs == (fp.signature & np.uint64(0xFFFF)).astype(
            np.uint16), axis=1)
        likely = found[agree / minhash.BINS >= minhash.THRESHOLD - _ESTIMATE_MARGIN]
        return self.best_match(fp, [pks[i] for i in likely.tolist()])

    def best_match(self, fp: minhash.Fingerprint, pks: list[int]) -> Match | None:
        """Of the likely candidates `pks` (their signatures' estimates are near the
        threshold), the stored document most like `fp` by the exact Jaccard, if any."""
        best: Match | None = None
        for pk in pks:
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
                   ) -> Iterator[tuple[list[AnnotatedDocument],
                                       list[minhash.Fingerprint | None]]]:
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
        yield batch, minhash.fingerprints(texts)


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
        for recs, fps in _fingerprinted(records):
            batch = index.look_up(fps)
            for i, rec in enumerate(recs):
                doc = rec.document
                original = doc.meta.get(META_KEY)
                if batch.candidates[i]:
                    match = index.best_match(fps[i], batch.ranked(i))
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
                    index.stored(batch, i, doc.pk)  # later records compare with it
                    if original is not None:
                        index.mark(doc.pk, original)
            index.end(batch)
        index.finish()
