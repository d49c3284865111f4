"""A small annotated database for the interchange-format tests: emoji, Arabic, a link,
attributes, an overlap and two analysts."""

from __future__ import annotations

from annotator.core.model import AnnotatedDocument, Document, Relation, Span

TEXT1 = ("Putin said talks failed.\n\n"
         "Foreign Minister Fuad Hussein 🇮🇶 said the strike near Jurf al-Sakhar was "
         "«unacceptable». يحيى رسول told reporters 😠 nothing.")
TEXT2 = "Kataib Hezbollah claimed the attack on Monday. The U.S. said it would respond."


def _find(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def sample_records() -> list[AnnotatedDocument]:
    def span(text, piece, label, sid, **attrs):
        s, e = _find(text, piece)
        return Span(s, e, label, sid, attrs)

    alice = [
        span(TEXT1, "Putin", "ACTOR", "a1", kind="person"),
        span(TEXT1, "talks failed", "QUOTE", "a2", mode="direct"),
        span(TEXT1, "Fuad Hussein 🇮🇶", "ACTOR", "a3", kind="person"),
        span(TEXT1, "the strike near Jurf al-Sakhar", "EVENT", "a4", type="airstrike",
             location="Jurf al-Sakhar"),
        span(TEXT1, "Jurf al-Sakhar", "ACTOR", "a5"),  # inside the EVENT: an overlap
        span(TEXT1, "يحيى رسول", "ACTOR", "a6", kind="government_body"),
    ]
    bob = [span(TEXT2, "Kataib Hezbollah", "ACTOR", "b1", kind="armed_group"),
           span(TEXT2, "the attack", "EVENT", "b2", type="attack")]
    return [
        AnnotatedDocument(Document("doc-1", TEXT1, "Talks"), "alice", "done", alice,
                          [Relation("a2", "a1", "SPEAKER", "r1"),
                           Relation("a4", "a5", "TARGET", "r2")]),
        AnnotatedDocument(Document("doc-2", TEXT2, "Claim"), "bob", "in_progress", bob,
                          [Relation("b2", "b1", "AGENT", "r3")]),
    ]
