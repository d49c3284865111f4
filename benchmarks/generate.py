"""Realistic annotated news articles in native JSONL, for the benchmarks.

Each article is about 5 KB of varied sentences about actors, events and quotes, with about
20 spans on real word boundaries (ACTOR, EVENT, QUOTE with attributes), a few SPEAKER and
AGENT relations, and now and then emoji, Arabic names, guillemets or CRLF newlines.
The same seed gives the same file, byte for byte.

    python benchmarks/generate.py -n 10000 -o articles.jsonl --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

ACTORS = [
    ("Kataib Hezbollah", "armed_group"), ("the Pentagon", "government_body"),
    ("Iraq's foreign ministry", "government_body"), ("Prime Minister Mohammed Shia al-Sudani",
                                                    "person"),
    ("US Central Command", "military"), ("the Islamic Resistance in Iraq", "armed_group"),
    ("Yahya Rasool", "person"), ("Fuad Hussein", "person"), ("Hamas", "armed_group"),
    ("the Israeli army", "military"), ("Iran", "state"), ("the United States", "state"),
    ("the United Nations", "organization"), ("Hezbollah", "armed_group"),
    ("the Houthis", "armed_group"), ("Lloyd Austin", "person"), ("Amnesty International",
                                                                 "organization"),
    ("\u064a\u062d\u064a\u0649 \u0631\u0633\u0648\u0644", "person"),
    ("\u0643\u062a\u0627\u0626\u0628 \u062d\u0632\u0628 \u0627\u0644\u0644\u0647", "armed_group"),
    ("Zo\u00eb Kova\u010d", "person"), ("the Syrian government", "government_body"),
]
EVENTS = [
    ("a drone strike", "airstrike"), ("an airstrike on a convoy", "airstrike"),
    ("a rocket attack", "attack"), ("clashes near the border", "armed_clash"),
    ("a protest outside the embassy", "protest"), ("ceasefire talks", "negotiation"),
    ("a statement on Monday", "statement"), ("a raid on a weapons depot", "attack"),
    ("a missile barrage", "attack"), ("a sit-in by students", "protest"),
]
QUOTES = [
    "We will not accept our land becoming a battlefield",
    "The situation could draw the region into a broader confrontation",
    "These strikes were a response to attacks on our forces",
    "There is no military solution to this conflict",
    "Our patience has limits, and those limits have been reached",
    "Talks have failed, but the door remains open",
    "Nobody warned us before the explosions began",
    "\u00abThis is unacceptable\u00bb, and we say it plainly",
]
FILLER = [
    "Officials gave no further details about the casualties.",
    "The region has seen a sharp rise in violence since October.",
    "Analysts say the escalation risks a wider war across the Middle East.",
    "Residents described hearing several loud explosions before dawn.",
    "The coalition, formed to fight the Islamic State, has about 2,500 troops in the country.",
    "Local television showed smoke rising over the district.",
    "Diplomats in Baghdad and Washington met late into the night.",
    "Aid groups warned of shortages of fuel, water and medicine.",
    "Markets in the capital stayed open despite the tension \U0001F4C9.",
    "The ministry said an investigation had been opened.",
    "Witnesses said roads to the airport were closed for hours.",
    "\u0628\u063a\u062f\u0627\u062f remained calm by the evening, according to police.",
]
SOURCES = ["Reuters", "AFP", "AP", "Al Jazeera", "The National", "Rudaw"]
ANALYSTS = ["alice", "bob", "carol"]
STATUSES = ["in_progress", "done", "done"]


class _Builder:
    """Text built piece by piece, remembering where labeled pieces land (code points)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict] = []

    def add(self, piece: str, label: str | None = None, attrs: dict | None = None) -> str | None:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        if label is None:
            return None
        sid = _uuid(self.rng)
        self.spans.append({"id": sid, "start": start, "end": self.length, "label": label,
                           "text": piece, "attrs": attrs or {}, "entity": None})
        return sid

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _uuid(rng: random.Random) -> str:
    """A UUID4 drawn from the seeded generator, so the same seed gives the same ids."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def article(rng: random.Random, n: int, crlf: bool) -> dict:
    b = _Builder(rng)
    relations: list[dict] = []
    actor, _ = rng.choice(ACTORS)
    event, _ = rng.choice(EVENTS)
    title = f"{actor[0].upper()}{actor[1:]} blamed for {event}"
    b.add(title + "\n\n")
    cap = rng.randint(16, 24)  # about 20 spans an article
    while b.length < 4800:
        kind = rng.random()
        if kind < 0.30 and len(b.spans) < cap:
            name, akind = rng.choice(ACTORS)
            ev, etype = rng.choice(EVENTS)
            a = b.add(f"{name[0].upper()}{name[1:]}", "ACTOR", {"kind": akind})
            b.add(" was blamed for ")
            e = b.add(ev, "EVENT", {"type": etype})
            b.add(f" in {rng.choice(['Baghdad', 'Erbil', 'Basra', 'Jurf al-Sakhar', 'Gaza'])}. ")
            if rng.random() < 0.4:
                relations.append({"id": _uuid(rng),
                                  "head": e, "child": a, "label": "AGENT"})
        elif kind < 0.45 and len(b.spans) < cap:
            name, akind = rng.choice(ACTORS)
            b.add("\u201c")
            q = b.add(rng.choice(QUOTES), "QUOTE", {"mode": "direct"})
            b.add(",\u201d said ")
            a = b.add(name, "ACTOR", {"kind": akind})
            b.add(". ")
            if rng.random() < 0.5:
                relations.append({"id": _uuid(rng),
                                  "head": q, "child": a, "label": "SPEAKER"})
        else:
            b.add(rng.choice(FILLER) + (" " if rng.random() < 0.8 else "\n\n"))
    if rng.random() < 0.2:
        b.add(rng.choice(["\U0001F1EE\U0001F1F6", "\U0001F620", "\U0001F4A5"]) + "\n")
    text = b.text
    spans = sorted(b.spans, key=lambda s: (s["start"], s["end"], s["label"]))
    if crlf:  # the CRLF form, with offsets counted over it (the importer remaps them)
        crlf_text = text.replace("\n", "\r\n")
        shift = [0] * (len(text) + 1)
        extra = 0
        for i, ch in enumerate(text):
            shift[i] = extra
            if ch == "\n":
                extra += 1
        shift[len(text)] = extra
        for s in spans:
            s["start"] += shift[s["start"]]
            s["end"] += shift[s["end"]]
            s["text"] = crlf_text[s["start"]:s["end"]]
        text = crlf_text
    return {
        "id": f"bench-{n:06d}",
        "text": text,
        "meta": {"title": title, "source": rng.choice(SOURCES),
                 "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
        "annotator": rng.choice(ANALYSTS),
        "status": rng.choice(STATUSES),
        "spans": spans,
        "relations": relations,
    }


def articles(count: int, seed: int = 1, crlf_every: int = 50) -> Iterator[dict]:
    rng = random.Random(seed)
    for n in range(count):
        yield article(rng, n, crlf_every > 0 and n % crlf_every == crlf_every - 1)


def write(path: Path, count: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in articles(count, seed):
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.output == "-":
        for rec in articles(args.count, args.seed):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        write(Path(args.output), args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
