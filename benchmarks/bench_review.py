"""Review over three analysts: the queries review mode runs after every key, and the steps.

Generated articles (benchmarks/generate.py) are labeled by alice as generated; bob and
carol start from her spans and drift: some dropped, some one word shorter, some relabeled,
some with another attribute value, a few extra spans of their own; each keeps the links
whose ends they kept. Timed (best of --repeat), on a typical article (about 20 spans per
analyst) and on one long document made of --long articles joined (about 20 x that):
- `review_items` (what review mode recomputes after each decision), `link_items`,
  `review_summary` (the document list's review columns), `item_versions` of one item;
- `accept_agreed`, `accept_majority` (2 of 3) and `mark_reviewed` on a fresh copy;
- `annotator agreement --json` over --count articles (subprocess, as a user runs it).
Goal: review_items on a typical article well under 50 ms (a key press must feel instant).

    python benchmarks/bench_review.py                  # 500 articles, a 40-article document
    python benchmarks/bench_review.py -n 100 --long 10 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

from annotator.formats.jsonl import parse_record
from annotator.store import Store
from annotator.store import review_queries as rq
from annotator.store import review_steps as steps
from annotator.store.review_links import link_items
from annotator.store.review_versions import item_versions

LABELS = ("ACTOR", "EVENT", "QUOTE")
OTHER_VALUE = {"kind": "organization", "type": "other", "mode": "indirect"}


def drift(rec: dict, name: str, rng: random.Random) -> dict:
    """Another analyst's version of alice's record (module doc)."""
    text, spans, kept = rec["text"], [], {}
    for s in rec["spans"]:
        roll = rng.random()
        if roll < 0.08:
            continue
        start, end, label, attrs = s["start"], s["end"], s["label"], dict(s.get("attrs") or {})
        if roll < 0.14:
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        elif roll < 0.18:
            label = rng.choice([lab for lab in LABELS if lab != label])
            attrs = {}
        elif roll < 0.24 and attrs:
            key = next(iter(attrs))
            attrs[key] = OTHER_VALUE.get(key, "other")
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        kept[s["id"]] = sid
        spans.append({"id": sid, "start": start, "end": end, "label": label, "attrs": attrs,
                      "text": text[start:end]})
    for _ in range(rng.randint(0, 2)):
        start = text.find(" ", rng.randrange(len(text) - 20)) + 1
        end = text.find(" ", start + 1)
        if 0 < start < end:
            spans.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "start": start,
                          "end": end, "label": rng.choice(LABELS), "attrs": {},
                          "text": text[start:end]})
    rels = [{**r, "id": str(uuid.UUID(int=rng.getrandbits(128))), "head": kept[r["head"]],
             "child": kept[r["child"]]} for r in rec["relations"]
            if r["head"] in kept and r["child"] in kept]
    return {**rec, "annotator": name, "status": "done", "spans": spans, "relations": rels}


def join(recs: list[dict], doc_id: str) -> dict:
    """One long document made of several articles (offsets shifted)."""
    text, spans, rels = "", [], []
    for rec in recs:
        shift = len(text)
        spans += [{**s, "start": s["start"] + shift, "end": s["end"] + shift} for s in rec["spans"]]
        rels += rec["relations"]
        text += rec["text"] + "\n\n"
    return {**recs[0], "id": doc_id, "text": text, "spans": spans, "relations": rels}


def build(path: Path, count: int, long: int) -> None:
    rng = random.Random(3)
    base = [{**r, "text": r["text"].replace("\r\n", "\n")} for r in generate.articles(
        count + long, seed=5, crlf_every=0)]
    docs = base[:count] + [join(base[count:], "long-document")]
    with Store(path) as store:
        for name in ("alice", "bob", "carol"):
            recs = []
            for n, rec in enumerate(docs):
                mine = {**rec, "annotator": "alice", "status": "done"}
                if name != "alice":
                    mine = drift(mine, name, rng)
                recs.append(parse_record(mine, Path(f"{name}.jsonl"), n + 1))
            store.ingest(recs, name)


def best(repeat: int, run, setup=None) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        arg = setup() if setup else None
        t0 = time.perf_counter()
        result = run(arg)
        times.append(time.perf_counter() - t0)
    return min(times), result


def measure(store: Store, db: Path, folder: Path, name: str, pk: int, repeat: int) -> None:
    """Time the queries and the steps on one document and print them."""
    spans = len(store.spans(pk))
    t_items, items = best(repeat, lambda _: rq.review_items(store, pk))
    t_links, links = best(repeat, lambda _: link_items(store, pk, items))
    t_sum, _ = best(repeat, lambda _: steps.review_summary(store, pk))
    conflict = next(iter(rq.conflicts(items)), items[0])
    t_ver, _ = best(repeat, lambda _: item_versions(store, pk, conflict, items))
    print(f"{name}: {spans} analyst spans, {len(items)} items, {len(links)} link items, "
          f"{len(rq.conflicts(items))} conflicts")
    print(f"  review_items {t_items * 1000:8.1f} ms   link_items {t_links * 1000:7.1f} ms"
          f"   review_summary {t_sum * 1000:7.1f} ms   item_versions {t_ver * 1000:6.1f} ms")

    def fresh(_arg=None) -> Path:
        copy = folder / f"copy-{uuid.uuid4().hex}.sqlite"
        shutil.copy(db, copy)
        return copy

    def run_steps(copy: Path) -> tuple:
        with Store(copy) as s:
            t = time.perf_counter()
            agreed = steps.accept_agreed(s, pk, "rita")
            t_agreed = time.perf_counter() - t
            t = time.perf_counter()
            majority = steps.accept_majority(s, pk, "rita")
            t_major = time.perf_counter() - t
            t = time.perf_counter()
            steps.mark_reviewed(s, pk, "rita", confirm=True)
            t_mark = time.perf_counter() - t
        return t_agreed, t_major, t_mark, agreed, majority

    runs = [run_steps(fresh()) for _ in range(min(repeat, 3))]
    t_agreed = min(r[0] for r in runs)
    t_major = min(r[1] for r in runs)
    t_mark = min(r[2] for r in runs)
    agreed, majority = runs[0][3], runs[0][4]
    print(f"  accept_agreed {t_agreed * 1000:7.1f} ms ({agreed.items} items, {agreed.links} "
          f"links)   accept_majority {t_major * 1000:7.1f} ms ({majority.items} items, "
          f"{majority.links} links)   mark_reviewed {t_mark * 1000:6.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=500)
    parser.add_argument("--long", type=int, default=40, help="articles in the long document")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "review.sqlite"
        t0 = time.perf_counter()
        build(db, args.count, args.long)
        print(f"built {args.count} articles + a {args.long}-article document with three "
              f"analysts in {time.perf_counter() - t0:.1f} s")
        with Store(db) as store:
            for name, doc_id in (("typical article", "bench-000000"),
                                 ("long document", "long-document")):
                measure(store, db, folder, name, store.document_by_id(doc_id).pk, args.repeat)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), "agreement",
                               "--json"], capture_output=True, text=True, check=True)
        report = json.loads(done.stdout)
        low = report["lowest"][0]
        print(f"annotator agreement --json: {time.perf_counter() - t0:.2f} s "
              f"({len(report['pairs'])} pairs, {len(report['confusion']['labels'])} labels, "
              f"lowest {low['doc']} at {low['exact_f1']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
