"""Fuzzing: random bytes, random Unicode and random JSON fed to every importer that is
registered, then to the store, and to the offset functions. The only allowed failure is
the clean error (`AnnotatorError`, which the command line prints as one `error:` line).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.text import decode_bytes, normalize_newlines, normalize_with_map
from annotator.formats import registry
from annotator.formats.base import ImportContext
from annotator.store import Store

# The importers this file fuzzes, written out by hand (as docs/formats.md lists them), not
# read from the registry: a format that fell out of the registry, or a new importer nobody
# added here, fails `test_the_fuzzed_importers_are_exactly_the_registered_ones`.
IMPORTERS = ["brat", "conll", "csv", "doccano", "feed", "hf", "html", "jsonl", "labelstudio",
             "prodigy", "spacy", "text", "warc"]
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Keys the importers look for, so random records reach past the first check.
KEYS = ["id", "text", "meta", "title", "annotator", "status", "spans", "relations", "start",
        "end", "label", "tokens", "ner_tags", "entities", "data", "annotations", "result",
        "value", "labels", "head", "child", "token_start", "token_end", "_input_hash", "answer",
        "from_id", "to_id", "type", "from_name", "to_name", "attrs", "entity", "words"]

json_scalars = (st.none() | st.booleans() | st.integers(-3, 60) | st.floats(allow_nan=False)
                | st.text(max_size=12) | st.sampled_from(["ACTOR", "EVENT", "QUOTE", "O",
                                                         "B-ACTOR", "I-ACTOR", "labels"]))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5),
                                             inner, max_size=5), max_leaves=20)
records = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)
unicode_text = st.text(st.characters(codec="utf-8"), max_size=300) | st.text(
    st.sampled_from("ab \n\r\t\u2029«»😀قالé\ufeff<>&,;\"'=T1:#-[]{}"), max_size=300)


def _suffix(name: str) -> str:
    for ext, fmt in registry.IMPORT_EXTENSIONS.items():
        if fmt == name:
            return ext
    return ".jsonl"


@pytest.fixture(scope="module")
def sink(tmp_path_factory):
    """One store for the whole module: what an importer yields must also pass ingest."""
    store = Store(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite")
    yield store
    store.close()


def _feed(name: str, payload: bytes, store: Store) -> None:
    info = registry.FORMATS[name]
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        if info.folder:
            (folder / "doc1.txt").write_bytes(payload)
            (folder / "doc1.ann").write_bytes(payload)
            target = folder
        else:
            target = folder / f"input{_suffix(name)}"
            target.write_bytes(payload)
        ctx = ImportContext(store.schema(), "fuzzer")
        try:
            recs = list(info.load().read(target, ctx))
            store.ingest(recs, "fuzzer")
        except AnnotatorError:
            pass  # the clean error: names the file and the reason
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("name", IMPORTERS)
@FUZZ
@given(payload=st.binary(max_size=600))
def test_random_bytes(sink, name, payload):
    _feed(name, payload, sink)


@pytest.mark.parametrize("name", IMPORTERS)
@FUZZ
@given(text=unicode_text)
def test_random_unicode(sink, name, text):
    _feed(name, text.encode("utf-8"), sink)


@pytest.mark.parametrize("name", IMPORTERS)
@FUZZ
@given(lines=st.lists(records | json_values, min_size=1, max_size=4), as_array=st.booleans())
def test_random_json(sink, name, lines, as_array):
    if as_array:  # Label Studio and others read one JSON document
        payload = orjson.dumps(lines)
    else:
        payload = b"\n".join(orjson.dumps(line) for line in lines) + b"\n"
    _feed(name, payload, sink)


def test_the_fuzzed_importers_are_exactly_the_registered_ones():
    registered = sorted(name for name, info in registry.FORMATS.items() if info.can_import)
    assert registered == IMPORTERS, "add a new importer to IMPORTERS (and docs/formats.md)"


# -- the offset rule -----------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_decode_bytes_only_fails_cleanly(data):
    try:
        text = decode_bytes(data, "x.txt")
    except AnnotatorError:
        return
    assert "\ufeff" not in text[:1]


crlf_text = st.text(st.sampled_from("ab\r\n😀قال«» \u2029"), max_size=80)


@settings(max_examples=200, deadline=None)
@given(original=crlf_text, data=st.data())
def test_remapped_offsets_cover_the_same_characters(original, data):
    normalized, remap = normalize_with_map(original)
    assert normalized == normalize_newlines(original)
    # Offsets between a \r and its \n do not exist in the normalized text: skip them.
    cuts = [i for i in range(len(original) + 1)
            if not (0 < i < len(original) and original[i - 1] == "\r" and original[i] == "\n")]
    start = data.draw(st.sampled_from(cuts))
    end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
    assert 0 <= remap(start) <= remap(end) <= len(normalized)
    assert normalized[remap(start):remap(end)] == normalize_newlines(original[start:end])
