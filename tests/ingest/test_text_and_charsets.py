"""Text files: blog trailers trimmed and counted (or kept); legacy character sets decoded
by declaration or detection and named in the summary; a file claiming UTF-8 stays strict."""

from __future__ import annotations

import pytest

from annotator.cli import main
from annotator.formats.boilerplate import trim
from annotator.transfer.pipeline import import_paths

ARTICLE = ("Residents of Basra said the power cuts had lasted for three days. The provincial "
           "council blamed the heat and a damaged line near the port. Engineers from the "
           "ministry arrived on Tuesday, officials said, and promised repairs within a week.")


def test_sample_article_trailer_is_trimmed_and_text_otherwise_unchanged(store, stored,
                                                                        sample_article):
    original = sample_article.read_text(encoding="utf-8")
    summary = import_paths(store, [sample_article])
    (doc,) = stored(store)
    assert doc["text"] == original[:original.index("\n\nNo comments:")]
    assert original.startswith(doc["text"])
    assert "No comments" not in doc["text"] and "Post a Comment" not in doc["text"]
    assert doc["published"] == "2024-02-11"
    assert doc["title"].startswith("Iraq Considers Ending America-Led Coalition")
    assert "boilerplate line(s) trimmed: 2" in summary.notes


def test_keep_boilerplate_keeps_the_file_as_it_is(store, stored, sample_article, capsys):
    assert main(["--db", str(store.path), "import", "--keep-boilerplate",
                 str(sample_article)]) == 0
    (doc,) = stored(store)
    assert doc["text"] == sample_article.read_text(encoding="utf-8")
    assert "trimmed" not in capsys.readouterr().err


def test_cli_summary_counts_trimmed_lines(store, sample_article, capsys):
    assert main(["--db", str(store.path), "import", str(sample_article)]) == 0
    assert "note: boilerplate line(s) trimmed: 2" in capsys.readouterr().err


@pytest.mark.parametrize("head, tail", [
    ("Skip to content\nMenu\n", ("\nShare this:\nTwitter\nFacebook\nLike this:\nLike Loading...\n"
     "Related\n")),
    ("This website uses cookies to improve your experience. Accept all cookies\n",
     "\nSubscribe to our newsletter for the latest news.\n\nLeave a Reply\n"),
    ("", ("\n3 Comments\n\nPosted by Ali at 10:15 PM\nEmail This\nBlogThis!\nShare to Twitter\n"
         "Newer Post\nOlder Post\nHome\nSubscribe to: Post Comments (Atom)")),
])
def test_platform_lines_at_either_end_go(head, tail):
    text = f"{head}Power cuts in Basra\n\n{ARTICLE}\n{tail}"
    trimmed = trim(text)
    assert trimmed.text == f"Power cuts in Basra\n\n{ARTICLE}"
    assert trimmed.lines_removed == sum(1 for ln in (head + tail).split("\n") if ln.strip())


def test_words_about_comments_inside_the_article_stay():
    text = f"Share prices fell.\n{ARTICLE}\nNo comments were made by the ministry.\nThe end."
    assert trim(text).text == text
    assert trim("Related\nShare this:\n").text == "Related\nShare this:\n"  # all of it: kept


FRENCH = ("Le ministre a déclaré à la presse que l'armée était prête. “Nous ne céderons pas”, "
          "a-t-il dit — à Zürich, Ça va.")
POLISH = ("Prezydent powiedział, że rząd będzie współpracować z sąsiadami. Zażółć gęślą jaźń, "
          "dodał minister spraw.")
ARABIC = ("قال وزير الخارجية العراقي فؤاد حسين إن بلاده لن تقبل أن تصبح أرضها ساحة معركة بين "
          "الدول المتنازعة في المنطقة.")
RUSSIAN = "Министр иностранных дел заявил, что страна не примет удары и будет добиваться мира."
LEGACY = [("windows-1252", "cp1252", FRENCH), ("ISO-8859-2", "iso8859_2", POLISH),
          ("windows-1256", "cp1256", ARABIC), ("ISO-8859-6", "iso8859_6", ARABIC)]
DETECTED = [("windows-1252", "cp1252", FRENCH), ("windows-1256", "cp1256", ARABIC),
            ("ISO-8859-6", "iso8859_6", ARABIC), ("windows-1251", "cp1251", RUSSIAN)]


@pytest.mark.parametrize("name, codec, body", DETECTED)
def test_legacy_text_file_is_detected_and_named(store, stored, tmp_path, name, codec, body):
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"Headline\n{body}\n".encode(codec))
    summary = import_paths(store, [path])
    (doc,) = stored(store)
    assert doc["text"] == f"Headline\n{body}\n"
    assert f"file(s) read from {name} (detected): 1" in summary.notes


@pytest.mark.parametrize("name, codec, body", LEGACY)
def test_legacy_page_is_decoded_by_its_declared_charset(store, stored, tmp_path, name, codec,
                                                        body):
    path = tmp_path / "legacy.html"
    markup = (f'<html><head><meta http-equiv="Content-Type" content="text/html; '
              f'charset={name}"><title>T</title></head><body><article>'
              f"<p>{body}</p><p>{body}</p></article></body></html>")
    path.write_bytes(markup.encode(codec))
    summary = import_paths(store, [path])
    (doc,) = stored(store)
    assert body in doc["text"]
    assert f"file(s) read from {name} (declared): 1" in summary.notes


def test_page_claiming_utf8_with_invalid_bytes_is_an_error(store, stored, tmp_path, capsys):
    path = tmp_path / "bad.html"
    path.write_bytes(b'<html><head><meta charset="utf-8"></head>\n<body><p>Caf\xe9</p>'
                     b"</body></html>")
    assert main(["--db", str(store.path), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:2: invalid UTF-8 (byte 0xe9")
    assert stored(store) == []


def test_text_with_utf8_bom_and_a_bad_byte_is_an_error(store, tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\nCaf\xe9\n")
    assert main(["--db", str(store.path), "import", str(path)]) == 1
    assert "invalid UTF-8 (byte 0xe9" in capsys.readouterr().err


def test_utf16_with_bom_is_read(store, stored, tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Headline\r\nيحيى رسول said 😀.\r\n".encode("utf-16"))
    summary = import_paths(store, [path])
    (doc,) = stored(store)
    assert doc["text"] == "Headline\nيحيى رسول said 😀.\n"
    assert "file(s) read from UTF-16LE (byte-order mark): 1" in summary.notes
