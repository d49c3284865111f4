"""Three analysts' files built from the sample article, merged into a reviewer's database.

The article is the shipped sample resources/samples/iraq-coalition-2024-02-11.txt; a
second, Unicode document (the shipped unicode-crlf-sample.txt, CRLF turned into LF as on
import) is labeled by alice and bob alone. Planted conflicts on the article:
- "Yahya Rasool": all three mark ACTOR, but alice says kind=military, bob and carol person
  (an outvoted attribute);
- the quote: alice and bob link it to Yahya Rasool as SPEAKER, carol to "Iraq's Prime
  Minister" (a minority link);
- "Kataib Hezbollah": alice and bob mark ACTOR; carol marks nothing there but an EVENT
  overlapping it ("airstrike ... Kataib Hezbollah"), an overlapping span of another label;
- "Pentagon": ACTOR for alice and bob, EVENT for carol (other label);
- "drone attack": EVENT for alice and bob, "a drone attack" for carol (other bounds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.assets import resource_path
from annotator.core.model import GOLD, Document
from annotator.store import Store
from annotator.store import review_queries as rq
from annotator.store.review_links import link_items
from annotator.store.review_versions import item_versions
from annotator.transfer.merge_source import merge_file

ARTICLE = "iraq-coalition-2024-02-11"
UNICODE = "unicode-crlf-sample"
TEXTS = {
    ARTICLE: resource_path(f"samples/{ARTICLE}.txt").read_text(encoding="utf-8"),
    UNICODE: resource_path(f"samples/{UNICODE}.txt").read_bytes().decode("utf-8")
    .replace("\r\n", "\n"),
}
QUOTE = "the situation could draw Iraq into a broader confrontation"
EVENT_C4 = "airstrike that reportedly claimed the life of a commander from Kataib Hezbollah"

# analyst -> [(piece, label, attrs)] on the article
COMMON = [("Iraq's Prime Minister", "ACTOR", {"kind": "government_body"}),
          (QUOTE, "QUOTE", {"mode": "indirect"})]
SPANS = {
    "alice": COMMON + [("Yahya Rasool", "ACTOR", {"kind": "military"}),
                       ("Kataib Hezbollah", "ACTOR", {"kind": "armed_group"}),
                       ("Pentagon", "ACTOR", {"kind": "government_body"}),
                       ("drone attack", "EVENT", {"type": "attack"})],
    "bob": COMMON + [("Yahya Rasool", "ACTOR", {"kind": "person"}),
                     ("Kataib Hezbollah", "ACTOR", {"kind": "armed_group"}),
                     ("Pentagon", "ACTOR", {"kind": "government_body"}),
                     ("drone attack", "EVENT", {"type": "attack"})],
    "carol": COMMON + [("Yahya Rasool", "ACTOR", {"kind": "person"}),
                       (EVENT_C4, "EVENT", {"type": "airstrike"}),
                       ("Pentagon", "EVENT", {}),
                       ("a drone attack", "EVENT", {"type": "attack"})],
}
SPEAKER = {"alice": "Yahya Rasool", "bob": "Yahya Rasool", "carol": "Iraq's Prime Minister"}
# alice and bob on the Unicode document: the same two spans
UNICODE_SPANS = [("Fuad Hussein", "ACTOR", {"kind": "person"}),
                 ("يحيى رسول", "ACTOR", {"kind": "person"})]


def at(doc_id: str, piece: str) -> tuple[int, int]:
    start = TEXTS[doc_id].index(piece)
    return start, start + len(piece)


def make_base(path: Path) -> Path:
    """The lead's file: both documents, no annotations."""
    with Store(path) as store:
        store.add_document(Document(ARTICLE, TEXTS[ARTICLE], title="Iraq considers ending"))
        store.add_document(Document(UNICODE, TEXTS[UNICODE], title="Unicode sample"))
    return path


def make_analyst(base: Path, name: str, folder: Path) -> Path:
    """A copy of the base file labeled by one analyst, both layers marked done."""
    path = folder / f"{name}.sqlite"
    shutil.copy(base, path)
    with Store(path) as store:
        pk = store.document_by_id(ARTICLE).pk
        ids = {}
        for piece, label, attrs in SPANS[name]:
            ids[piece] = store.add_span(pk, name, *at(ARTICLE, piece), label, attrs).id
        store.add_relation(ids[QUOTE], ids[SPEAKER[name]], "SPEAKER")
        store.set_status(pk, name, "done")
        if name in ("alice", "bob"):
            upk = store.document_by_id(UNICODE).pk
            for piece, label, attrs in UNICODE_SPANS:
                store.add_span(upk, name, *at(UNICODE, piece), label, attrs)
            store.set_status(upk, name, "done")
    return path


def reviewer_db(folder: Path) -> Path:
    """rita's database: the base file with alice's, bob's and carol's files merged in, and
    rita's own layer on the article marked done though empty (as a stray Ctrl+Return did)."""
    base = make_base(folder / "base.sqlite")
    files = [make_analyst(base, name, folder) for name in ("alice", "bob", "carol")]
    db = folder / "rita.sqlite"
    shutil.copy(base, db)
    with Store(db) as store:
        for f in files:
            merge_file(store, f)
        store.set_status(store.document_by_id(ARTICLE).pk, "rita", "done")
    return db


def pk(store: Store, doc_id: str = ARTICLE) -> int:
    return store.document_by_id(doc_id).pk


def text_of(doc_id: str, start: int, end: int) -> str:
    return TEXTS[doc_id][start:end]


def items_by_text(store: Store, doc_id: str = ARTICLE) -> dict[tuple[str, str], rq.ReviewItem]:
    return {(text_of(doc_id, i.start, i.end), i.label): i
            for i in rq.review_items(store, pk(store, doc_id))}


def links_by_text(store: Store) -> dict[tuple[str, str, str], object]:
    items = rq.review_items(store, pk(store))
    by_id = {i.id: i for i in items}

    def t(item_id):
        i = by_id[item_id]
        return text_of(ARTICLE, i.start, i.end)

    return {(t(k.head), k.label, t(k.child)): k for k in link_items(store, pk(store), items)}


def gold_of(store: Store, doc_id: str = ARTICLE):
    """{(text, label, attrs as a tuple)} and {(head text, type, child text)} of gold."""
    p = pk(store, doc_id)
    spans = {s.id: s for s in store.spans(p, GOLD)}

    def t(sid):
        return text_of(doc_id, spans[sid].start, spans[sid].end)

    return ({(t(s.id), s.label, tuple(sorted(s.attrs.items()))) for s in spans.values()},
            {(t(r.head), r.label, t(r.child)) for r in store.relations(p, GOLD)})


def rq_versions(store: Store, item: rq.ReviewItem) -> list:
    """Each analyst's version of an item of the article."""
    return item_versions(store, pk(store), item)
