"""Articles in: web page import speed, the cost of near-duplicate marking, and the
near-duplicate look-up at 100,000 documents. Prints numbers; asserts nothing.

    python benchmarks/bench_ingest.py                 # everything (a few minutes)
    python benchmarks/bench_ingest.py --only marking  # or pages, filled, lookup
    python benchmarks/bench_ingest.py --pages 200 --articles 2000 --index 20000   # a look

1. HTML import of `--pages` pages (default 1,000): each a generated news article (the
   benchmark corpus's text) inside a news site's page (navigation, share row, related
   links, comments, cookie notice, scripts; about 7 KB), through `import_paths`
   (trafilatura, htmldate, language, near-duplicates). Also each real saved page of
   tests/data/webpages/, extracted alone.
2. Import of the benchmark corpus (`--articles`, default 10,000 annotated articles of about
   5 KB, generate.py) with near-duplicate marking ("keep") and without ("off"): best of
   `--repeat`, wall and CPU seconds, and the ratio.
3. The same with a second corpus (another seed) imported into a database holding the
   first, whose look-ups go to the stored index (`--only filled`).
4. The look-up per document against an index of `--index` documents (default 100,000):
   the index is filled with the corpus's fingerprints, then new articles and copies of
   indexed ones with two sentences changed are looked up.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate

from annotator.core import minhash
from annotator.core.model import Document
from annotator.store import Store
from annotator.store.near_duplicates import NearDuplicateIndex
from annotator.transfer.pipeline import import_paths

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Gulf Wire</title>
<link rel="canonical" href="https://wire.example.org/{n}/story">
<meta property="og:site_name" content="Gulf Wire"><meta name="author" content="Staff {n}">
<meta property="article:published_time" content="2024-03-{day:02d}T08:00:00Z">
<script>window.dataLayer=[];function track(){{}}</script><style>body{{font:16px serif}}</style>
</head><body><div class="cookie">We use cookies to improve your experience. Accept all</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/region">Region</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff {n}</p>{body}</article>
<div class="share">Share this: <a>Twitter</a> <a>Facebook</a> <a>Email</a></div>
<aside><h3>Related posts</h3><ul>{related}</ul></aside>
<section id="comments"><h3>3 Comments</h3><ol>{comments}</ol><form><textarea></textarea>
<button>Post a Comment</button></form></section></main>
<footer><p>Subscribe to our newsletter</p><p>(c) 2024 Gulf Wire. All rights reserved.</p>
</footer><script>track("{n}")</script></body></html>
"""


def _page(n: int, rec: dict) -> str:
    paragraphs = [p.strip() for p in rec["text"].replace("\r\n", "\n").split("\n\n")]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:] if p)
    related = "".join(f'<li><a href="/r/{n}-{i}">Earlier story number {i} on the '
                      f"region</a></li>" for i in range(6))
    comments = "".join(f"<li><cite>reader{i}</cite><p>Comment {i}: thanks for the "
                       "report, keep it up.</p></li>" for i in range(3))
    return PAGE.format(title=rec["meta"]["title"], n=n, day=1 + n % 28, body=body,
                       related=related, comments=comments)


def _fresh(path: Path) -> Path:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return path


def _timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_pages(work: Path, count: int) -> None:
    folder = work / "pages"
    folder.mkdir()
    size = 0
    for n, rec in enumerate(generate.articles(count, seed=7, crlf_every=0)):
        page = folder / f"story-{n:05d}.html"
        page.write_text(_page(n, rec), encoding="utf-8")
        size += page.stat().st_size
    db = _fresh(work / "pages.sqlite")
    with Store(db) as store:
        summary = None

        def run() -> None:
            nonlocal summary
            summary = import_paths(store, [folder], annotator="bench")

        wall, cpu = _timed(run)
    print(f"HTML import: {count} pages ({size / count / 1024:.1f} KB each): {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU: {count / wall:.0f} pages/s ({count / cpu:.0f} per CPU second); "
          f"{summary.describe()}")
    from annotator.formats.webpage import extract

    for real in sorted((ROOT / "tests" / "data" / "webpages").glob("*.html")):
        markup = real.read_text(encoding="utf-8")
        extract(markup)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            extract(markup)
            times.append(time.perf_counter() - start)
        print(f"  real page {real.name} ({len(markup) / 1024:.0f} KB): "
              f"{statistics.median(times) * 1000:.0f} ms median extraction")


def bench_marking(work: Path, count: int, repeat: int) -> None:
    src = work / f"articles-{count}.jsonl"
    generate.write(src, count, seed=1)
    best: dict[str, tuple[float, float]] = {}
    marked = 0
    for _ in range(repeat):
        for mode in ("off", "keep"):
            db = _fresh(work / f"mark-{mode}.sqlite")
            with Store(db) as store:
                out = {}
                wall, cpu = _timed(lambda store=store, mode=mode, out=out: out.update(
                    s=import_paths(store, [src], annotator="bench", near_duplicates=mode)))
                if mode == "keep":
                    marked = out["s"].near_duplicates_marked
            old = best.get(mode)
            best[mode] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    (w0, c0), (w1, c1) = best["off"], best["keep"]
    print(f"Corpus import of {count} articles, best of {repeat}: without near-duplicates "
          f"{w0:.2f} s wall / {c0:.2f} s CPU; with marking {w1:.2f} s / {c1:.2f} s: "
          f"{w1 / w0:.2f}x wall, {c1 / c0:.2f}x CPU ({marked} marked)")


def bench_filled(work: Path, count: int, repeat: int) -> None:
    """A second corpus imported into a database that holds the first: the look-ups then
    go to the stored index (a first import into an empty one has none to make)."""
    first, second = work / f"first-{count}.jsonl", work / f"second-{count}.jsonl"
    generate.write(first, count, seed=1)
    with second.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in generate.articles(count, seed=2):
            rec["id"] = rec["id"].replace("bench-", "second-")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    base = _fresh(work / "filled.sqlite")
    with Store(base) as store:
        import_paths(store, [first], annotator="bench")
    best: dict[str, float] = {}
    for _ in range(repeat):
        for mode in ("off", "keep"):
            db = _fresh(work / f"filled-{mode}.sqlite")
            shutil.copy(base, db)
            with Store(db) as store:
                _wall, cpu = _timed(lambda store=store, mode=mode: import_paths(
                    store, [second], annotator="bench", near_duplicates=mode))
            best[mode] = min(cpu, best.get(mode, cpu))
    print(f"Second corpus of {count} into a database holding {count}, best of {repeat}: "
          f"without near-duplicates {best['off']:.2f} s CPU, with marking "
          f"{best['keep']:.2f} s CPU: {best['keep'] / best['off']:.2f}x CPU")


def _edited(text: str, rng: random.Random) -> str:
    sentences = text.split(". ")
    for i in rng.sample(range(1, len(sentences) - 1), 2):
        sentences[i] = "An entirely different sentence was written here by an editor"
    return ". ".join(sentences)


def bench_lookup(work: Path, size: int, probes: int) -> None:
    db = _fresh(work / "index.sqlite")
    texts: dict[int, str] = {}
    keep = set(range(0, size, max(1, size // probes)))
    start = time.perf_counter()
    with Store(db) as store, store.write() as conn:
        index = NearDuplicateIndex(conn)
        pending: tuple[list[int], list] = ([], [])  # indexed 128 at a time, as catch-up does
        for n, rec in enumerate(generate.articles(size, seed=3, crlf_every=0), 1):
            fp = minhash.fingerprint(rec["text"])
            if n in keep:  # the documents copies are made of are stored for real
                pk = store.insert_document(conn, Document(f"doc-{n}", rec["text"]))
                texts[pk] = rec["text"]
            else:
                pk = 10_000_000 + n  # index rows only
            pending[0].append(pk)
            pending[1].append(fp)
            if len(pending[0]) == minhash.MAX_BATCH:
                index.add(*pending)
                pending = ([], [])
        index.add(*pending)
        index.flush()
        built = time.perf_counter() - start
        rows = conn.execute("SELECT count(*) FROM near_duplicate_bands").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        print(f"Index of {size} documents built in {built:.0f} s: {rows} band rows, "
              f"database {pages * page_size / 1e6:.0f} MB")
        rng = random.Random(5)
        fresh = [rec["text"] for rec in generate.articles(probes, seed=11, crlf_every=0)]
        copies = [_edited(t, rng) for t in list(texts.values())[:probes]]
        for label, batch in (("new articles", fresh), ("copies, 2 sentences changed", copies)):
            fps = [minhash.fingerprint(t) for t in batch]
            found, times = 0, []
            for fp in fps:
                t0 = time.perf_counter()
                found += index.match(fp) is not None
                times.append(time.perf_counter() - t0)
            start = time.perf_counter()
            for t in batch:
                minhash.fingerprint(t)
            per_fp = (time.perf_counter() - start) / len(batch)
            print(f"  look-up at {size}: {label}: median {statistics.median(times) * 1e3:.2f} ms,"
                  f" p90 {sorted(times)[int(len(times) * 0.9)] * 1e3:.2f} ms (+ fingerprint "
                  f"{per_fp * 1e3:.2f} ms); {found}/{len(batch)} found as near-duplicates")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--index", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["pages", "marking", "filled", "lookup"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "pages"):
            bench_pages(work, args.pages)
        if args.only in (None, "marking"):
            bench_marking(work, args.articles, args.repeat)
        if args.only in (None, "filled"):
            bench_filled(work, args.articles, args.repeat)
        if args.only in (None, "lookup"):
            bench_lookup(work, args.index, args.probes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
