"""Texts and helpers shared by the review tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Store

TEXTS = {
    "doc-putin": "Putin said talks failed.",
    "doc-arabic": "A 😀 B Kataib Hezbollah قال المتحدث إن «الهجوم» فشل 🇮🇶 today.",
    "doc-iraq": "Baghdad, 12 Feb — Iraq's foreign ministry summoned the U.S. chargé "
                "d'affaires after the strike on al-Qaim.\nThe ministry called it a violation.",
}


def make_base_file(path: Path) -> Path:
    """The lead's file: every test document, no annotations (analysts copy it)."""
    from annotator.core.model import Document

    with Store(path) as store:
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text, title=doc_id))
    return path


def at(doc_id: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Code-point offsets of a piece of a test text (the nth occurrence)."""
    text, start = TEXTS[doc_id], -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def pk_of(store: Store, doc_id: str) -> int:
    doc = store.document_by_id(doc_id)
    assert doc is not None, doc_id
    return doc.pk


def label(path: Path, annotator: str, doc_id: str, spans: list[tuple[str, str]],
          status: str | None = "done") -> list[str]:
    """Label pieces of a document in an analyst's file; returns the new span ids."""
    with Store(path) as store:
        pk = pk_of(store, doc_id)
        ids = []
        for piece, lab in spans:
            s, e = at(doc_id, piece)
            ids.append(store.add_span(pk, annotator, s, e, lab).id)
        if status:
            store.set_status(pk, annotator, status)
    return ids
