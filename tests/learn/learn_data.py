"""Small made-up news corpora for training tests: names in a few sentence frames, so a
model learns them in seconds. Deterministic for a seed."""

from __future__ import annotations

import json
import random
from pathlib import Path

PEOPLE = ["Maria Lopez", "John Okafor", "Chen Wei", "Amal Haddad", "Peter Novak",
          "Sara Lind", "Omar Farouk", "Lena Weber", "Ivan Petrov", "Grace Mbeki",
          "Tom Baker", "Nadia Karimi", "Luis Ortega", "Yuki Tanaka", "Hana Ali"]
PLACES = ["Baghdad", "Nairobi", "Oslo", "Lima", "Manila", "Cairo", "Quito", "Kyiv",
          "Dakar", "Hanoi", "Tunis", "Riga", "Accra", "Beirut", "Sofia"]
ORGS = ["the World Bank", "Reuters", "the Red Cross", "NATO", "Amnesty International",
        "the United Nations", "Oxfam", "the IMF", "UNICEF", "Greenpeace"]
FRAMES = [
    "{PER} arrived in {LOC} on Monday.",
    "Officials from {ORG} met {PER} in {LOC}.",
    "{PER} said the talks in {LOC} would continue.",
    "A spokesman for {ORG} declined to comment.",
    "Protesters gathered outside the offices of {ORG} in {LOC}.",
    "{PER}, who heads {ORG}, left {LOC} late on Friday.",
    "The weather in {LOC} was calm and the markets were quiet.",
    "Nobody expected the meeting to end so soon.",
]


def make_document(rng: random.Random, n_sentences: int) -> tuple[str, list]:
    parts, spans, pos = [], [], 0
    for _ in range(n_sentences):
        frame = rng.choice(FRAMES)
        out = ""
        i = 0
        while i < len(frame):
            if frame[i] == "{":
                j = frame.index("}", i)
                label = frame[i + 1:j]
                name = rng.choice({"PER": PEOPLE, "LOC": PLACES, "ORG": ORGS}[label])
                if name.startswith("the ") and label == "ORG":
                    out += "the "
                    name = name[4:]
                start = pos + len(out)
                out += name
                spans.append((start, start + len(name), label))
                i = j + 1
            else:
                out += frame[i]
                i += 1
        if parts:
            out = " " + out
            spans = [s if s[0] < pos else (s[0] + 1, s[1] + 1, s[2]) for s in spans]
        parts.append(out)
        pos += len(out)
    return "".join(parts), spans


def corpus(n_docs: int, seed: int = 0, sentences: int = 6, missed: float = 0.0
           ) -> list[dict]:
    """`missed`: the share of names the made-up analyst forgot to label (so a good model
    is not scored perfect, and the figures are worth checking)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n_docs):
        text, spans = make_document(rng, sentences)
        spans = [s for s in spans if rng.random() >= missed]
        docs.append({"id": f"doc-{i:03d}", "text": text, "spans": spans})
    return docs


def write_jsonl(path: Path, docs: list[dict], annotator: str = "alice",
                status: str = "done") -> Path:
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({
                "id": d["id"], "text": d["text"], "meta": {}, "annotator": annotator,
                "status": status, "relations": [],
                "spans": [{"start": s, "end": e, "label": lab, "text": d["text"][s:e]}
                          for s, e, lab in d["spans"]]}) + "\n")
    return path
