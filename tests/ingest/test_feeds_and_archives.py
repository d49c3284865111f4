"""RSS and Atom feeds, WARC archives, and kinds told by their content."""

from __future__ import annotations

import gzip
import io

import pytest

from annotator.cli import main
from annotator.formats.registry import detect
from annotator.transfer.pipeline import import_paths

BODY = ("Officials in Basra said the power cuts had lasted three days, and engineers from the "
        "ministry were sent to repair a damaged line near the port on Tuesday.")

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Gulf Wire</title><link>https://wire.example.org/</link><language>en</language>
<item><title>Power cuts in Basra</title><link>https://wire.example.org/basra</link>
<dc:creator>Rana Ali</dc:creator><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>Residents queued for fuel.</p>
<p>The post Power cuts in Basra appeared first on Gulf Wire.</p>]]></content:encoded></item>
<item><title>Talks resume</title><link>https://wire.example.org/talks</link>
<pubDate>Wed, 06 Mar 2024 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Mediators met in Cairo again.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Ceasefire holds</title><link href="https://desk.example.org/ceasefire"/>
<id>urn:uuid:1</id><updated>2024-04-01T10:00:00Z</updated><author><name>Omar Said</name></author>
<content type="html">&lt;p&gt;The ceasefire held overnight.&lt;/p&gt;&lt;p&gt;Both sides
reported no incidents.&lt;/p&gt;</content></entry></feed>
"""


def test_rss_entries_become_documents_from_full_content(store, stored, tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    summary = import_paths(store, [path])
    assert summary.documents_added == 2
    first, second = stored(store)
    assert first["text"] == f"{BODY}\n\nResidents queued for fuel."
    assert first["title"] == "Power cuts in Basra"
    assert first["published"] == "2024-03-05"
    assert first["source"] == "Gulf Wire"
    assert first["meta"]["url"] == "https://wire.example.org/basra"
    assert first["meta"]["author"] == "Rana Ali"
    assert first["meta"]["lang"] == "en"
    assert second["text"] == "Mediators met in Cairo again."  # no content: the summary
    assert second["published"] == "2024-03-06"


def test_atom_entry(store, stored, tmp_path):
    path = tmp_path / "desk.xml"
    path.write_text(ATOM, encoding="utf-8")
    assert detect(path) == "feed"
    import_paths(store, [path])
    (doc,) = stored(store)
    assert doc["text"] == "The ceasefire held overnight.\n\nBoth sides reported no incidents."
    assert (doc["title"], doc["published"]) == ("Ceasefire holds", "2024-04-01")
    assert doc["meta"]["author"] == "Omar Said"
    assert doc["meta"]["url"] == "https://desk.example.org/ceasefire"


def test_feed_in_windows_1256_is_read_by_its_declaration(store, stored, tmp_path):
    title = "انقطاع الكهرباء في البصرة"
    body = "قال مسؤولون في البصرة إن انقطاع الكهرباء استمر ثلاثة أيام متتالية."
    xml = (f'<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel>'
           f"<title>وكالة</title><item><title>{title}</title><link>https://x.example/1</link>"
           f"<description>{body}</description></item></channel></rss>")
    path = tmp_path / "ar.rss"
    path.write_bytes(xml.encode("cp1256"))
    summary = import_paths(store, [path])
    (doc,) = stored(store)
    assert (doc["title"], doc["text"]) == (title, body)
    assert doc["meta"]["lang"] == "ar"
    assert "file(s) read from windows-1256 (declared): 1" in summary.notes


def test_feed_with_nothing_readable_is_an_error_naming_the_file(tmp_path, capsys):
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss><chan", encoding="utf-8")
    assert main(["--db", str(tmp_path / "db.sqlite"), "import", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {path}")


def test_slightly_broken_feed_is_read_leniently_and_says_so(store, stored, tmp_path):
    path = tmp_path / "loose.rss"
    path.write_text(f"<rss><channel><item><title>x</title><description>{BODY}</description>"
                    "</channel>", encoding="utf-8")
    summary = import_paths(store, [path])
    assert [d["text"] for d in stored(store)] == [BODY]
    assert "feed(s) not well-formed, read leniently: 1" in summary.notes


def _warc(records: list[tuple[str, str, bytes, str]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, date, body, ctype in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                        http_headers=http,
                                        warc_headers_dict={"WARC-Date": date})
        writer.write_record(rec)
    return out.getvalue()


def _page(title: str, sentence: str) -> bytes:
    paragraphs = "".join(f"<p>{sentence} Paragraph {i} adds detail.</p>" for i in range(6))
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Subscribe to our newsletter</footer></body></html>").encode()


@pytest.mark.parametrize("gz, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_warc_html_responses_become_documents(store, stored, tmp_path, gz, name):
    data = _warc([
        ("https://a.example/one", "2024-05-01T12:00:00Z",
         _page("Port reopens", "The port of Umm Qasr reopened after repairs."), "text/html"),
        ("https://a.example/logo.png", "2024-05-01T12:00:01Z", b"\x89PNG", "image/png"),
        ("https://b.example/two", "2024-05-02T08:30:00Z",
         _page("Flights resume", "Flights between Baghdad and Erbil resumed on Friday."),
         "text/html; charset=utf-8"),
    ], gz)
    path = tmp_path / name
    path.write_bytes(data)
    assert detect(path) == "warc"
    summary = import_paths(store, [path])
    one, two = stored(store)
    assert "The port of Umm Qasr reopened after repairs." in one["text"]
    assert "Home | World" not in one["text"] and "Subscribe" not in one["text"]
    assert one["meta"]["url"] == "https://a.example/one"
    assert one["meta"]["warc_target_uri"] == "https://a.example/one"
    assert one["meta"]["warc_date"] == "2024-05-01T12:00:00Z"
    assert one["published"] == "2024-05-01"
    assert one["title"] == "Port reopens"
    assert two["meta"]["url"] == "https://b.example/two"
    assert "archive records that are not HTML pages, skipped: 1" in summary.notes


def test_warc_page_in_a_legacy_charset_from_its_http_header(store, stored, tmp_path):
    sentence = "Le ministre a déclaré à la presse que l'armée était prête à Zürich."
    data = _warc([("https://fr.example/a", "2024-05-03T00:00:00Z",
                   _page("Déclaration", sentence).decode().encode("cp1252"),
                   "text/html; charset=windows-1252")], gz=True)
    path = tmp_path / "fr.warc.gz"
    path.write_bytes(data)
    import_paths(store, [path])
    (doc,) = stored(store)
    assert sentence in doc["text"]


def test_kinds_are_told_by_content_not_only_the_name(tmp_path):
    page = tmp_path / "index.php"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    feed = tmp_path / "news"
    feed.write_text(RSS, encoding="utf-8")
    archive = tmp_path / "dump.gz"
    archive.write_bytes(_warc([("https://a.example/", "2024-05-01T00:00:00Z", b"<p>x</p>",
                                "text/html")], gz=True))
    rss_as_html = tmp_path / "feed.html"
    rss_as_html.write_text(RSS, encoding="utf-8")
    assert [detect(p) for p in (page, feed, archive, rss_as_html)] == [
        "html", "feed", "warc", "feed"]
    text = tmp_path / "notes.txt"
    text.write_text("<p>stays text</p>", encoding="utf-8")
    assert detect(text) == "text"
    assert gzip.decompress(archive.read_bytes()).startswith(b"WARC/")


def test_warc_reading_streams(tmp_path):
    """Records are read one at a time: the reader is a generator over the open stream."""
    from annotator.core.schema import default_schema
    from annotator.formats import warc
    from annotator.formats.base import ImportContext

    records = [(f"https://a.example/{i}", "2024-05-01T00:00:00Z",
                _page(f"Story {i}", f"Story number {i} happened in town {i}."), "text/html")
               for i in range(3)]
    path = tmp_path / "three.warc.gz"
    path.write_bytes(_warc(records, gz=True))
    reader = warc.read(path, ImportContext(default_schema()))
    first = next(reader)
    assert first.document.meta["url"] == "https://a.example/0"
    assert [r.document.meta["url"] for r in reader] == ["https://a.example/1",
                                                         "https://a.example/2"]
