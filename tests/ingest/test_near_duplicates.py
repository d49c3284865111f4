"""Near-duplicates at import: a copy with two sentences changed is marked with the stored
article's id (or skipped on request), a different article on the same topic is not, and
`stats --json` counts them; the index lives in the database and serves later imports."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core import minhash
from annotator.store import Store
from annotator.transfer.pipeline import import_paths

EDITS = [("Yet, this explanation did little to mollify Iraqi officials",
          "Still, this account failed to reassure the government in Baghdad"),
         ("These strikes, which targeted command and control centers",
          "The raids, aimed at command posts and militia compounds")]
OTHER = """Iraqi Prime Minister Mohammed Shia al-Sudani said on Sunday that the presence of the
US-led coalition in Iraq had become a factor of instability, and that his government wanted
a swift and orderly exit of the foreign troops. The remarks came after a series of American
airstrikes on Iran-aligned armed groups in Iraq and Syria, which followed a drone attack that
killed three US soldiers in Jordan. Talks between Baghdad and Washington on the future of the
coalition resumed last month, officials said, and a joint military commission is expected to
set a timetable for the drawdown. Kataib Hezbollah, one of the groups targeted, announced it
would suspend its attacks on US forces to avoid embarrassing the Iraqi government.
"""


@pytest.fixture
def articles(tmp_path, sample_article):
    original = sample_article.read_text(encoding="utf-8")
    edited = original
    for old, new in EDITS:
        assert old in edited
        edited = edited.replace(old, new)
    copy = tmp_path / "syndicated-copy.txt"
    copy.write_text(edited, encoding="utf-8")
    other = tmp_path / "same-topic.txt"
    other.write_text(OTHER, encoding="utf-8")
    return sample_article, copy, other


def test_two_sentences_changed_is_marked_a_same_topic_article_is_not(store, stored, articles):
    original, copy, other = articles
    import_paths(store, [original])
    summary = import_paths(store, [copy, other])
    assert summary.documents_added == 2
    assert summary.near_duplicates_marked == 1
    assert "1 near-duplicate(s) marked" in summary.describe()
    first, marked, different = stored(store)
    assert marked["meta"]["near_duplicate_of"] == first["id"]
    assert "near_duplicate_of" not in different["meta"]
    assert "near_duplicate_of" not in first["meta"]


def test_marked_inside_one_import_too(store, stored, articles):
    original, copy, _other = articles
    import_paths(store, [original, copy])
    first, second = stored(store)
    assert second["meta"]["near_duplicate_of"] == first["id"]


def test_copies_are_found_inside_a_batch_across_batches_and_across_written_rows(
        tmp_path, store, stored, articles, monkeypatch):
    """Band look-ups are made for 64 records at once and pending rows are written every
    `_BATCH` documents: a copy meets its original wherever the two fall."""
    from annotator.store import near_duplicates

    monkeypatch.setattr(near_duplicates, "_BATCH", 30)  # write rows often in a small import
    original, copy, _other = articles
    words = OTHER.split()
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(150):  # distinct filler articles between them
        rng = list(reversed(words)) if n % 2 else words
        (folder / f"a{n:03d}.txt").write_text(
            f"Filler story {n}. " + " ".join(f"{w}{n}" for w in rng), encoding="utf-8")
    (folder / "a000.txt").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a003.txt").write_text(copy.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a140.txt").write_text(copy.read_text(encoding="utf-8").replace(
        "Baghdad", "the Iraqi capital"), encoding="utf-8")
    summary = import_paths(store, [folder])
    assert summary.near_duplicates_marked == 2
    docs = stored(store)
    assert docs[3]["meta"]["near_duplicate_of"] == docs[0]["id"]  # the same batch
    # a later batch, after rows were written: the original or its first copy
    assert docs[140]["meta"]["near_duplicate_of"] in (docs[0]["id"], docs[3]["id"])
    assert sum("near_duplicate_of" in d["meta"] for d in docs) == 2


def test_skip_leaves_them_out_and_says_so(tmp_path, articles, capsys):
    original, copy, other = articles
    db = tmp_path / "skip.sqlite"
    assert main(["--db", str(db), "import", "--near-duplicates", "skip", str(original),
                 str(copy), str(other)]) == 0
    assert "2 document(s) added" in capsys.readouterr().err
    with Store(db) as store:
        assert store.count_documents() == 2


def test_exact_duplicate_keeps_todays_rule(store, stored, articles):
    original, _copy, _other = articles
    import_paths(store, [original])
    summary = import_paths(store, [original])
    assert summary.duplicates_skipped == 1 and summary.near_duplicates_marked == 0
    assert len(stored(store)) == 1


def test_stats_json_counts_near_duplicates(tmp_path, articles, capsys):
    db = tmp_path / "stats.sqlite"
    assert main(["--db", str(db), "import", *map(str, articles)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["near_duplicates"] == 1 and stats["documents"] == 3


def test_documents_stored_by_other_paths_are_indexed_by_the_next_import(store, stored,
                                                                        articles):
    original, copy, _other = articles
    from annotator.core.model import Document

    store.add_document(Document("hand-made", original.read_text(encoding="utf-8")))
    import_paths(store, [copy])
    _first, marked = stored(store)
    assert marked["meta"]["near_duplicate_of"] == "hand-made"


def test_the_mark_survives_a_jsonl_round_trip(tmp_path, articles, capsys):
    db, again = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["--db", str(db), "import", *map(str, articles)]) == 0
    assert main(["--db", str(db), "export", "--format", "jsonl", "-o", str(out1)]) == 0
    assert main(["--db", str(again), "import", str(out1)]) == 0
    assert main(["--db", str(again), "export", "--format", "jsonl", "-o", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(again), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["near_duplicates"] == 1


def test_similarity_figures_behind_the_thresholds(articles):
    original, copy, other = (p.read_text(encoding="utf-8") for p in articles)
    a, b, c = (minhash.fingerprint(t) for t in (original, copy, other))
    assert minhash.jaccard(a.shingles, b.shingles) > 0.75
    assert minhash.jaccard(a.shingles, c.shingles) < 0.05
    assert set(a.keys) & set(b.keys) and not set(a.keys) & set(c.keys)
    assert minhash.fingerprint("Too short to compare.") is None


def test_an_index_built_with_the_old_hashing_is_rebuilt(db_path, stored, articles):
    """A database indexed before words were hashed in chunks: migration 0009 drops its
    band rows (they match nothing now) and the next import indexes the stored articles
    again, so a copy of one is still found."""
    import sqlite3

    original, copy, _other = articles
    with Store(db_path) as store:
        import_paths(store, [original])
    conn = sqlite3.connect(db_path)
    with conn:  # as 0006 left it: rows under other keys, every document indexed
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0009_near_duplicate_rehash'")
        conn.execute("DELETE FROM near_duplicate_bands")
        conn.executemany("INSERT INTO near_duplicate_bands (key, doc) VALUES (?, 1)",
                         [(n * 7919,) for n in range(minhash.BANDS)])
    conn.close()
    with Store(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM near_duplicate_bands").fetchone() \
            == (0,)
        summary = import_paths(store, [copy])
        assert summary.near_duplicates_marked == 1
        first, marked = stored(store)
        assert marked["meta"]["near_duplicate_of"] == first["id"]
        assert store.conn.execute("SELECT count(DISTINCT doc) FROM near_duplicate_bands"
                                  ).fetchone() == (2,)


def test_pending_rows_find_every_document_holding_a_key():
    """The import's own rows wait in merged sorted runs: a key shared by several
    documents, added in different batches, finds each of them once."""
    import numpy as np

    from annotator.store.near_duplicate_runs import PendingRows

    rng = np.random.default_rng(3)
    pending, rows = PendingRows(), []
    for batch in range(40):
        keys = rng.integers(0, 300, 50).astype(np.int64)  # many repeats
        docs = np.arange(batch * 50, batch * 50 + 50, dtype=np.int64)
        pending.add(keys, docs)
        rows += zip(keys.tolist(), docs.tolist())
    assert len(pending.runs) < 8  # merged as they grow
    query = np.sort(rng.integers(0, 400, 60).astype(np.int64))
    found = {(int(query[a]), int(d)) for at, doc in pending.matches(query)
             for a, d in zip(at, doc)}
    assert found == {(k, d) for k, d in rows if k in set(query.tolist())}
    keys, docs = pending.sorted_rows()
    assert list(zip(keys.tolist(), docs.tolist())) == sorted(rows)


def test_a_failed_import_leaves_the_index_as_it_was(tmp_path, store, articles, monkeypatch):
    """The import's band rows are written inside its transaction (here some are written
    before it fails, every 30 documents): an import that fails part-way leaves no rows,
    and the next one still finds the copy."""
    from annotator.core.errors import AnnotatorError
    from annotator.store import near_duplicates

    monkeypatch.setattr(near_duplicates, "_BATCH", 30)
    original, copy, _other = articles
    words = OTHER.split()
    lines = [json.dumps({"id": "first", "text": original.read_text(encoding="utf-8")})]
    lines += [json.dumps({"id": f"filler-{n}", "text": " ".join(f"{w}{n}" for w in words)})
              for n in range(100)]  # past the first read-ahead batch and the first write
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(AnnotatorError):
        import_paths(store, [broken])
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM near_duplicate_bands").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM near_duplicate_signatures").fetchone() == (0,)
    import_paths(store, [original])
    assert import_paths(store, [copy]).near_duplicates_marked == 1


def test_one_text_is_looked_up_alone_against_the_stored_index(store, articles):
    """`NearDuplicateIndex.match`, outside an import: the copy finds its original, the
    article on the same topic finds nothing."""
    from annotator.core.model import Document
    from annotator.store.near_duplicates import NearDuplicateIndex

    original, copy, other = (p.read_text(encoding="utf-8") for p in articles)
    with store.write() as conn:
        pk = store.insert_document(conn, Document("wire-story", original))
        index = NearDuplicateIndex(conn)
        index.add([pk], [minhash.fingerprint(original)])
        index.finish()
    index = NearDuplicateIndex(store.conn)
    found = index.match(minhash.fingerprint(copy))
    assert found is not None and found.id == "wire-story" and found.similarity > 0.75
    assert index.match(minhash.fingerprint(other)) is None
