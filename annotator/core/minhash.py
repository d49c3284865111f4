"""MinHash over word shingles: a short signature of a text whose bands find texts that are
nearly the same (Broder 1997; LSH banding as in Leskovec, Rajaraman and Ullman, ch. 3).

A text's shingles are its overlapping runs of `SHINGLE` words (ASCII case folded,
punctuation dropped). Two texts' Jaccard similarity J is the share of shingles they have in
common. The signature is one-permutation MinHash (Li, Owen and Zhang 2012): each shingle
hash falls into one of `BINS` bins by its top bits and each bin keeps its least hash, so
two texts agree in a bin with probability about J. `BANDS` bands of `ROWS` bins each: a
pair shares some band with probability 1 - (1 - J**ROWS)**BANDS, about 0.93 at J = 0.5,
0.99 at J = 0.6 and 0.003 at J = 0.05 (two stories on the same topic). A shared band only
makes a candidate: the caller confirms it with the exact Jaccard of the shingles.

Everything is computed on the UTF-8 bytes with numpy (a tabulation hash per word, no Python
loop per word), stable across processes, so band keys stored in a database stay valid.
datasketch would add scipy and keeps its LSH in memory or Redis; what we need is these
few lines and a SQLite table (store/near_duplicates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHINGLE = 5  # words per shingle
BANDS = 20
ROWS = 3
BIN_BITS = 6  # 64 bins; the first BANDS * ROWS make the bands
MIN_WORDS = 30  # shorter texts are not compared: a headline is not a syndicated story
THRESHOLD = 0.5  # exact Jaccard of shingles at or above which a text is a near-duplicate

_U64 = np.uint64
_rng = np.random.default_rng(20240211)
_TABLE = _rng.integers(0, 2**63, (256, 16), dtype=np.uint64) * _U64(2) + _U64(1)
_MIX = _rng.integers(1, 2**63, SHINGLE, dtype=np.uint64) * _U64(2) + _U64(1)
_BAND_MIX = _rng.integers(1, 2**63, ROWS + 1, dtype=np.uint64) * _U64(2) + _U64(1)
_BAND_IDS = np.arange(BANDS, dtype=np.uint64)
_EDGES = np.arange(BANDS * ROWS, dtype=np.uint64) << _U64(64 - BIN_BITS)
_EMPTY = _U64(0)  # the value of a bin no shingle fell into
_IS_WORD = np.zeros(256, dtype=bool)
_IS_WORD[list(b"0123456789abcdefghijklmnopqrstuvwxyz")] = True
_IS_WORD[128:] = True  # bytes of non-ASCII letters (Arabic, accents...) are word bytes
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[65:91] += 32


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's shingle hashes (sorted, unique) and its LSH band keys."""

    shingles: np.ndarray  # uint64
    keys: tuple[int, ...]  # one signed 63-bit key per band


def _word_mask(data: np.ndarray) -> np.ndarray:
    word = _IS_WORD[data]
    if len(data) > 2:
        # General punctuation (U+2000-U+206F: dashes, curly quotes, ellipsis) and the
        # no-break space and guillemets separate words as ASCII punctuation does.
        lead = np.flatnonzero((data[:-2] == 0xE2) & ((data[1:-1] & 0xFE) == 0x80))
        for k in range(3):
            word[lead + k] = False
        two = np.flatnonzero((data[:-1] == 0xC2) & ((data[1:] == 0xA0) | (data[1:] == 0xAB)
                                                    | (data[1:] == 0xBB)))
        word[two] = False
        word[two + 1] = False
    return word


def shingles(text: str) -> np.ndarray | None:
    """The text's sorted unique shingle hashes; None when it is too short to compare."""
    data = _LOWER[np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)]
    word = _word_mask(data)
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if len(starts) < max(MIN_WORDS, SHINGLE):
        return None
    index = np.arange(len(data))
    first = np.zeros(len(data), dtype=np.int64)
    first[starts] = starts
    np.maximum.accumulate(first, out=first)
    values = _TABLE[data, (index - first) & 15]
    values[~word] = 0
    with np.errstate(over="ignore"):
        words = np.add.reduceat(values, starts)
        n = len(words) - SHINGLE + 1
        combined = words[:n] * _MIX[0]
        for i in range(1, SHINGLE):
            combined += words[i:i + n] * _MIX[i]
        combined ^= combined >> _U64(31)  # spread every word's bits into the top bits
        combined *= _U64(0x94D049BB133111EB)
        combined ^= combined >> _U64(29)
    return np.unique(combined)


def signature(shingle_hashes: np.ndarray) -> np.ndarray:
    """BANDS * ROWS values: per bin (top bits of a hash), the least hash in it."""
    at = np.searchsorted(shingle_hashes, _EDGES)
    found = np.minimum(at, len(shingle_hashes) - 1)
    values = shingle_hashes[found]
    in_bin = (at < len(shingle_hashes)) & ((values >> _U64(64 - BIN_BITS)) == (
        _EDGES >> _U64(64 - BIN_BITS)))
    return np.where(in_bin, values, _EMPTY)


def band_keys(sig: np.ndarray) -> tuple[int, ...]:
    """One key per band: the band's ROWS values and its number, mixed into 63 bits."""
    rows = sig.reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = _BAND_IDS * _BAND_MIX[ROWS]
        for i in range(ROWS):
            mixed += rows[:, i] * _BAND_MIX[i]
    return tuple((mixed >> _U64(1)).astype(np.int64).tolist())


def fingerprint(text: str) -> Fingerprint | None:
    """Shingles and band keys of a text; None when it is too short to compare."""
    sh = shingles(text)
    if sh is None:
        return None
    return Fingerprint(sh, band_keys(signature(sh)))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
