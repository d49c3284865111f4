"""MinHash over word shingles: a short signature of a text whose bands find texts that are
nearly the same (Broder 1997; LSH banding as in Leskovec, Rajaraman and Ullman, ch. 3).

A text's shingles are its overlapping runs of `SHINGLE` words (ASCII case folded,
punctuation dropped). Two texts' Jaccard similarity J is the share of shingles they have in
common. The signature is one-permutation MinHash (Li, Owen and Zhang 2012) with rotation
densification (Shrivastava and Li 2014): each shingle hash falls into one of 128 bins by
its top bits, each bin keeps its least hash, an empty bin borrows its right neighbour's;
two texts agree in a bin with probability about J. `BANDS` bands of `ROWS` bins each: a
pair shares some band with probability 1 - (1 - J**ROWS)**BANDS: 0.998 at J = 0.8 (an
article with two sentences changed is about 0.8), 0.93 at J = 0.7, 0.63 at J = 0.6, and
0.015 at J = 0.3, 1e-11 at J = 0.05 (two stories on the same topic). Six rows a band keep
candidates rare even in a corpus of articles built from shared sentences (the benchmark's:
J about 0.26 between any two). A candidate is then checked against its stored signature
and confirmed with the exact Jaccard of the shingles (`THRESHOLD`).

Everything is computed on the UTF-8 bytes with numpy (a tabulation hash per word, no Python
loop per word), stable across processes, so band keys stored in a database stay valid.
datasketch would add scipy and keeps its LSH in memory or Redis; what we need is these
few lines and a SQLite table (store/near_duplicates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHINGLE = 5  # words per shingle
BANDS = 21
ROWS = 6
BIN_BITS = 7
BINS = 1 << BIN_BITS  # 128; the first BANDS * ROWS make the bands, all of them the estimate
MIN_WORDS = 30  # shorter texts are not compared: a headline is not a syndicated story
THRESHOLD = 0.6  # exact Jaccard of shingles at or above which a text is a near-duplicate

_U64 = np.uint64
_rng = np.random.default_rng(20240211)
_IS_WORD = np.zeros(256, dtype=bool)
_IS_WORD[list(b"0123456789abcdefghijklmnopqrstuvwxyz")] = True
_IS_WORD[128:] = True  # bytes of non-ASCII letters (Arabic, accents...) are word bytes
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[65:91] += 32
# A word's hash is the sum of a random value per (previous byte, byte) pair: order counts,
# a separator byte adds nothing, and any separator before a word's first byte is the same.
_PAIR = (_rng.integers(0, 2**63, (256, 256), dtype=np.uint64) * _U64(2) + _U64(1))
_PAIR[:, ~_IS_WORD] = 0
_PAIR[~_IS_WORD, :] = _PAIR[0, :]
# Indexed by the raw bytes: ASCII capitals hash as their small letters, no lowering pass.
_PAIR = _PAIR[_LOWER[:, None], _LOWER[None, :]].reshape(-1)
_IS_WORD = _IS_WORD[_LOWER]
_MIX = _rng.integers(1, 2**63, SHINGLE, dtype=np.uint64) * _U64(2) + _U64(1)
_BAND_MIX = _rng.integers(1, 2**63, ROWS + 1, dtype=np.uint64) * _U64(2) + _U64(1)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * _BAND_MIX[ROWS]
_BIN_INDEX = np.arange(BINS)
_BORROW = _U64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's shingle hashes (sorted, repeats kept), signature and LSH band keys."""

    shingles: np.ndarray  # uint64
    signature: np.ndarray  # uint64, BINS values
    keys: tuple[int, ...]  # one signed 63-bit key per band

    def packed(self) -> bytes:
        """The signature as stored: the low 16 bits of each bin (256 bytes)."""
        return (self.signature & _U64(0xFFFF)).astype("<u2").tobytes()


MAX_BATCH = 1 << (64 - 57)  # texts per batch: a text's number sits in a key's top 7 bits
_MASK57 = _U64((1 << 57) - 1)
_BIN_SHIFT = _U64(57 - BIN_BITS)
_DOC_SHIFT = _U64(57)


def _shingle_keys(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """All texts' shingles as sorted keys (text number in the top 7 bits, the shingle's
    57-bit hash below) and each text's word count. One pass of numpy over the texts
    joined: per-text work is what makes small numpy calls expensive."""
    data = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
    word = _IS_WORD[data]
    start = word.copy()
    start[1:] &= ~word[:-1]
    starts = np.flatnonzero(start)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), np.zeros(len(encoded), dtype=np.int64)
    pairs = data.astype(np.uint16)
    pairs[1:] |= pairs[:-1] << 8
    words = np.add.reduceat(_PAIR[pairs], starts)
    bounds = np.cumsum([len(e) + 1 for e in encoded])
    word_doc = np.searchsorted(bounds, starts, side="right")
    counts = np.bincount(word_doc, minlength=len(encoded))
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64), counts
    combined = words[:n] * _MIX[0]
    for i in range(1, SHINGLE):
        combined += words[i:i + n] * _MIX[i]
    combined ^= combined >> _U64(31)  # spread every word's bits into the top bits
    combined *= _U64(0x94D049BB133111EB)
    combined ^= combined >> _U64(29)
    same = word_doc[:n] == word_doc[SHINGLE - 1:]
    keys = (combined[same] >> _U64(7)) | (word_doc[:n][same].astype(np.uint64) << _DOC_SHIFT)
    keys.sort()
    return keys, counts


def fingerprints(texts: list[str]) -> list[Fingerprint | None]:
    """Fingerprints of up to MAX_BATCH texts at once (None for a text too short)."""
    if len(texts) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} texts a batch")
    encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
    keys, counts = _shingle_keys(encoded)
    d = len(texts)
    edges = ((np.arange(d, dtype=np.uint64)[:, None] << _DOC_SHIFT)
             | (np.arange(BINS, dtype=np.uint64)[None, :] << _BIN_SHIFT)).reshape(-1)
    at = np.searchsorted(keys, edges)
    ends = np.append(at[1:], len(keys))
    full = (at < ends).reshape(d, BINS)
    values = (keys[np.minimum(at, max(len(keys) - 1, 0))] & _MASK57).reshape(d, BINS) \
        if len(keys) else np.zeros((d, BINS), dtype=np.uint64)
    sparse = np.flatnonzero(~full.all(axis=1) & full.any(axis=1))
    if len(sparse):
        values[sparse] = _densify_rows(values[sparse], full[sparse])
    mixed = (values[:, :BANDS * ROWS].reshape(d, BANDS, ROWS) * _BAND_MIX[:ROWS]).sum(
        axis=2, dtype=np.uint64) + _BAND_SALT
    band_rows = (mixed >> _U64(1)).view(np.int64).tolist()
    out: list[Fingerprint | None] = []
    doc_starts = at.reshape(d, BINS)[:, 0].tolist() + [len(keys)]
    shingle_keys = keys & _MASK57
    for i in range(d):
        if counts[i] < max(MIN_WORDS, SHINGLE):
            out.append(None)
            continue
        out.append(Fingerprint(shingle_keys[doc_starts[i]:doc_starts[i + 1]], values[i],
                               tuple(band_rows[i])))
    return out


def _densify_rows(values: np.ndarray, full: np.ndarray) -> np.ndarray:
    """An empty bin takes the next non-empty bin's value, changed by the distance, so that
    two texts rarely agree there by chance (rotation densification). Many signatures at
    once (each with some bin filled): the next filled bin is a running minimum from the
    right, wrapping to the first."""
    at = np.where(full, _BIN_INDEX, BINS)
    donor = np.minimum.accumulate(at[:, ::-1], axis=1)[:, ::-1]
    donor = np.where(donor == BINS, donor[:, :1], donor)
    distance = ((donor - _BIN_INDEX) % BINS).astype(np.uint64)
    return np.take_along_axis(values, donor, axis=1) + distance * _BORROW


def shingles(text: str) -> np.ndarray | None:
    """The text's shingle hashes, sorted; None when it is too short to compare."""
    fp = fingerprints([text])[0]
    return None if fp is None else fp.shingles


def band_keys(sig: np.ndarray) -> tuple[int, ...]:
    """One key per band: the band's ROWS values and its number, mixed into 63 bits."""
    mixed = (sig[:BANDS * ROWS].reshape(BANDS, ROWS) * _BAND_MIX[:ROWS]).sum(
        axis=1, dtype=np.uint64) + _BAND_SALT
    return tuple((mixed >> _U64(1)).view(np.int64).tolist())


def fingerprint(text: str) -> Fingerprint | None:
    """Shingles, signature and band keys of a text; None when it is too short to compare."""
    return fingerprints([text])[0]


def estimates(packed: list[bytes], fp: Fingerprint) -> list[float]:
    """Estimated Jaccard of stored (packed) signatures and a fingerprint: agreeing bins."""
    if not packed:
        return []
    theirs = np.frombuffer(b"".join(packed), dtype="<u2").reshape(len(packed), BINS)
    mine = (fp.signature & _U64(0xFFFF)).astype(np.uint16)
    return (np.count_nonzero(theirs == mine, axis=1) / BINS).tolist()


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two texts' shingle hashes."""
    a, b = np.unique(a), np.unique(b)
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
