"""Importers of plain text, Markdown, HTML, CSV and folders: what lands in the database."""

from __future__ import annotations

import orjson

from annotator.transfer.pipeline import import_paths


def _docs(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT id, text, title, source, published, meta FROM documents ORDER BY pk")
    return [{"id": r[0], "text": r[1], "title": r[2], "source": r[3], "published": r[4],
             "meta": orjson.loads(r[5])} for r in rows]


def test_text_with_date_line_records_published_and_title(store, sample_article):
    summary = import_paths(store, [sample_article], annotator="alice")
    assert summary.documents_added == 1 and summary.files == 1
    (doc,) = _docs(store)
    assert doc["published"] == "2024-02-11"
    assert doc["title"] == ("Iraq Considers Ending America-Led Coalition's Mission Amid "
                            "Ongoing US Airstrikes, 11 FEB")
    # The text is the file exactly (LF newlines, no BOM) but for the blog's trailer.
    original = sample_article.read_text(encoding="utf-8")
    assert original.endswith("community.\n\nNo comments:\n\nPost a Comment")
    assert doc["text"] == original[:original.index("\n\nNo comments:")]
    assert doc["meta"] == {"file": sample_article.name, "lang": "en"}
    assert "boilerplate line(s) trimmed: 2" in summary.notes


def test_text_without_date_takes_first_nonempty_line_as_title(store, tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text("\n\n  Militia claims drone attack  \nBody text follows.\n", encoding="utf-8")
    import_paths(store, [p])
    (doc,) = _docs(store)
    assert doc["title"] == "Militia claims drone attack"
    assert doc["published"] is None


def test_crlf_text_file_is_normalized(store, crlf_sample):
    import_paths(store, [crlf_sample])
    (doc,) = _docs(store)
    original = crlf_sample.read_bytes().decode("utf-8")
    assert doc["text"] == original.replace("\r\n", "\n")
    assert "🇮🇶" in doc["text"] and "يحيى رسول" in doc["text"]


def test_markdown_title_drops_the_hashes(store, tmp_path):
    p = tmp_path / "brief.md"
    p.write_text("# Talks collapse in Doha\n\nNegotiators **left** the room.\n", encoding="utf-8")
    import_paths(store, [p])
    (doc,) = _docs(store)
    assert doc["title"] == "Talks collapse in Doha"
    assert doc["text"] == "# Talks collapse in Doha\n\nNegotiators **left** the room.\n"


def test_html_looking_text_in_txt_stays_text_character_for_character(store, tmp_path):
    content = "<b>Kataib</b> said x < y & z &amp; <script>alert(1)</script>\n<p>not a tag</p>\n"
    p = tmp_path / "looks-like-html.txt"
    p.write_text(content, encoding="utf-8")
    import_paths(store, [p])
    (doc,) = _docs(store)
    assert doc["text"] == content


HTML_PAGE = """<!doctype html>
<html><head><title>Site | Strike on convoy</title>
<meta property="article:published_time" content="2024-02-07T21:30:00Z">
<style>p { color: red; }</style>
<script>var tracking = "do not keep me";</script>
</head>
<body>
<nav>Home | World</nav>
<h1>Strike on   convoy</h1>
<p>A drone hit a vehicle in Baghdad&#8217;s Mashtal district &amp; killed a
commander of Kataib&nbsp;Hezbollah.</p>
<script>console.log("nor me")</script>
<p>The Pentagon said it &ldquo;acted in self-defence&rdquo;.<br>More later.</p>
<div>Émigré reporters: ✓ 😀 يحيى</div>
</body></html>
"""


def test_html_keeps_paragraphs_drops_scripts_and_decodes_entities(store, tmp_path):
    p = tmp_path / "strike.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    import_paths(store, [p])
    (doc,) = _docs(store)
    paragraphs = doc["text"].split("\n\n")
    assert ("A drone hit a vehicle in Baghdad\u2019s Mashtal district & killed "
            "a commander of Kataib Hezbollah.") in paragraphs
    assert "The Pentagon said it \u201cacted in self-defence\u201d." in paragraphs
    for dropped in ("tracking", "nor me", "color", "Home | World", "Site |"):
        assert dropped not in doc["text"]
    assert doc["title"] == "Strike on convoy"
    assert doc["published"] == "2024-02-07"
    assert doc["meta"]["lang"] == "en"


def test_csv_columns_and_extra_columns_become_meta(store, tmp_path):
    p = tmp_path / "wire.csv"
    p.write_text(
        "title,text,source,date,desk,priority\n"
        'Ceasefire talks,"Mediators met in Cairo.\nNo deal yet.",Reuters,2024-03-01,world,2\n'
        "Protest in Basra,Hundreds marched 😀 يحيى.,AFP,\"March 2, 2024\",,\n",
        encoding="utf-8")
    summary = import_paths(store, [p])
    assert summary.documents_added == 2
    first, second = _docs(store)
    assert first == {"id": first["id"], "text": "Mediators met in Cairo.\nNo deal yet.",
                     "title": "Ceasefire talks", "source": "Reuters", "published": "2024-03-01",
                     "meta": {"desk": "world", "priority": "2", "lang": "en"}}
    assert second["text"] == "Hundreds marched 😀 يحيى."
    assert second["published"] == "2024-03-02"
    assert second["source"] == "AFP"
    assert second["meta"] == {"lang": "ar"}  # the model says arz: its macrolanguage


def test_folder_imports_every_supported_file(store, tmp_path, sample_article):
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha headline\nAlpha body.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Beta\nBeta body.\n", encoding="utf-8")
    (folder / "nested" / "c.html").write_text("<p>Gamma body.</p>", encoding="utf-8")
    (folder / "d.csv").write_text("text,title\nDelta body.,Delta\n", encoding="utf-8")
    (folder / "e.jsonl").write_text(
        '{"id": "e1", "text": "Epsilon body.", "meta": {"title": "Epsilon"}}\n',
        encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not supported")
    (folder / ".hidden.txt").write_text("Hidden file.\n", encoding="utf-8")
    summary = import_paths(store, [folder])
    assert summary.files == 5
    assert sorted(d["text"] for d in _docs(store)) == [
        "# Beta\nBeta body.\n", "Alpha headline\nAlpha body.\n", "Delta body.",
        "Epsilon body.", "Gamma body."]
