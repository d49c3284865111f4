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

Everything is computed on the UTF-8 bytes with numpy, a batch of texts at once, with work
per word rather than per byte (see `_word_hashes`), stable across processes, so band keys
stored in a database stay valid. `HASH_VERSION` names the hashing: a change of it needs a
migration that empties the stored index (the next import rebuilds it). datasketch would
add scipy and keeps its LSH in memory or Redis; what we need is these few lines and a
SQLite table (store/near_duplicates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HASH_VERSION = 2  # 1: a tabulation hash per byte pair (migration 0006); 2: words in 8-byte chunks
SHINGLE = 5  # words per shingle
BANDS = 21
ROWS = 6
BIN_BITS = 7
BINS = 1 << BIN_BITS  # 128; the first BANDS * ROWS make the bands, all of them the estimate
MIN_WORDS = 30  # shorter texts are not compared: a headline is not a syndicated story
THRESHOLD = 0.6  # exact Jaccard of shingles at or above which a text is a near-duplicate

_U64 = np.uint64
_ONES = _U64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.default_rng(20240211)
# bytes.translate table: word bytes stay (ASCII capitals as small letters), others become 0.
# Bytes of non-ASCII letters (Arabic, accents...) are word bytes.
_FOLD = bytes(c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122
                                                 or c >= 128) else 0 for c in range(256))
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


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer, in place: a bijection that spreads every bit over all 64."""
    x ^= x >> _U64(30)
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def _word_hashes(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's 64-bit hash and each text's word count, for texts joined by zero bytes.

    Per-byte numpy work is what costs (a table look-up per byte costs as much as a hash of
    a whole word), so bytes are folded by `bytes.translate` (C) and words are read as
    little-endian 8-byte chunks through an unaligned view: a word of up to 8 bytes is one
    load, masked to its length and mixed (no two such words share a hash); a longer one
    mixes in its next chunk, a pass for each 8 bytes of the longest word."""
    data = b"\0".join([b"", *encoded, bytes(8)]).translate(_FOLD)
    raw = np.frombuffer(data, dtype=np.uint8)
    is_word = raw != 0
    edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1  # starts and ends, in turn
    starts, lengths = edges[0::2], edges[1::2] - edges[0::2]
    ends = np.cumsum([len(e) + 1 for e in encoded])  # each text's closing zero byte
    counts = np.diff(np.searchsorted(starts, ends), prepend=0)
    chunks = np.ndarray((len(raw) - 7,), dtype="<u8", buffer=data, strides=(1,))
    words = _mix(chunks[starts] & (_ONES >> (_U64(64) - _U64(8) * np.minimum(
        lengths, 8).astype(np.uint64))))
    longer, step = np.flatnonzero(lengths > 8), 8
    while len(longer):
        rest = lengths[longer] - step
        chunk = chunks[starts[longer] + step] & (_ONES >> (_U64(64) - _U64(8) * np.minimum(
            rest, 8).astype(np.uint64)))
        words[longer] = _mix(words[longer] ^ chunk)
        longer, step = longer[rest > 8], step + 8
    return words, counts


def _shingle_keys(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """All texts' shingles as sorted keys (text number in the top 7 bits, the shingle's
    57-bit hash below) and each text's word count. One pass of numpy over the texts
    joined: per-text work is what makes small numpy calls expensive."""
    words, counts = _word_hashes(encoded)
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64), counts
    word_doc = np.repeat(np.arange(len(encoded), dtype=np.uint64), counts)
    combined = words[:n] * _MIX[0]
    for i in range(1, SHINGLE):
        combined += words[i:i + n] * _MIX[i]
    combined ^= combined >> _U64(31)  # spread every word's bits into the top bits
    combined *= _U64(0x94D049BB133111EB)
    combined ^= combined >> _U64(29)
    same = word_doc[:n] == word_doc[SHINGLE - 1:]
    keys = (combined[same] >> _U64(7)) | (word_doc[:n][same] << _DOC_SHIFT)
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


def packed(fps: list[Fingerprint]) -> list[bytes]:
    """`Fingerprint.packed` of many at once (one numpy pass instead of one per text)."""
    if not fps:
        return []
    data = (np.stack([fp.signature for fp in fps]) & _U64(0xFFFF)).astype("<u2").tobytes()
    size = 2 * BINS
    return [data[i:i + size] for i in range(0, len(data), size)]


def shingles(text: str) -> np.ndarray | None:
    """The text's shingle hashes, sorted; None when it is too short to compare."""
    fp = fingerprints([text])[0]
    return None if fp is None else fp.shingles


def fingerprint(text: str) -> Fingerprint | None:
    """Shingles, signature and band keys of a text; None when it is too short to compare."""
    return fingerprints([text])[0]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two texts' shingle hashes."""
    a, b = np.unique(a), np.unique(b)
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
