"""Saved web pages (real ones, tests/data/webpages/SOURCE.md): the article's text without
navigation, share rows or comments, and its title, date, URL, author, site and language."""

from __future__ import annotations

import shutil

import pytest

from annotator.cli import main
from annotator.transfer.pipeline import import_paths

PAGES = {
    "dw.com.colonial.html": {
        "title": "Berlin confronts Germany's colonial past with new initiative",
        "published": "2020-01-19",
        "url": "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-"
               "initiative/a-52060881",
        "keep": [("In January, the German capital is launching a new five-year project named "
                 "\"Postcolonial Remembrance in the City\""),
                 "when Chancellor Otto von Bismarck hosted the infamous Berlin Conference"],
        "drop": ["DW.COM", "Cookies", "Share", "Related Subjects", "Date 19.01.2020"],
    },
    "theplanetarypress.com.forestlands.html": {
        "title": "Management of Intact Forestlands by Indigenous Peoples Key to Protecting "
                 "Climate",
        "published": "2020-01-17",
        "url": "https://www.theplanetarypress.com/2020/01/management-of-intact-forestlands-"
               "by-indigenous-peoples-key-to-protecting-climate/",
        "keep": [("Indigenous Peoples have had a track record of managing landscapes "
                 "sustainably for millennia."),
                 "rights recognition is crucial for conserving vital carbon sinks"],
        "drop": ["Leave a Reply", "Related Posts", "Subscribe", "Share on"],
    },
    "blog.wordpress.com.diverse.html": {
        "title": "Want to See a More Diverse WordPress Contributor Community? So Do We.",
        "published": "2019-06-19",
        "url": "https://en.blog.wordpress.com/2019/06/19/want-to-see-a-more-diverse-"
               "wordpress-contributor-community-so-do-we/",
        "author": "Andrea Middleton",
        "keep": ["The mission of WordPress is to democratize publishing",
                 ("Automattic invites interested partners to pick up the other 50% of this "
                 "project’s costs.")],
        "drop": ["Share this:", "Like this:", "Comments are closed", "13 Comments",
                 "80 year-old WordPress enthusiast", "Click to share on Twitter"],
    },
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_real_page_keeps_the_article_and_its_metadata(store, stored, data_dir, tmp_path,
                                                      name):
    page = tmp_path / name
    shutil.copy(data_dir / "webpages" / name, page)
    summary = import_paths(store, [page])
    assert summary.documents_added == 1
    (doc,) = stored(store)
    want = PAGES[name]
    for sentence in want["keep"]:
        assert sentence in doc["text"]
    for boilerplate in want["drop"]:
        assert boilerplate not in doc["text"]
    assert doc["title"] == want["title"]
    assert doc["published"] == want["published"]
    assert doc["meta"]["url"] == want["url"]
    assert doc["meta"]["lang"] == "en"
    assert doc["meta"]["site_name"]
    if "author" in want:
        assert doc["meta"]["author"] == want["author"]
    # Paragraph breaks are kept: a blank line between paragraphs, no line within one.
    paragraphs = doc["text"].split("\n\n")
    assert len(paragraphs) > 5 and all(p.strip() == p and "\n" not in p for p in paragraphs)


def test_page_without_an_article_is_imported_whole_with_a_note(store, stored, tmp_path):
    page = tmp_path / "menu.htm"
    page.write_text("<html><head><title>Links</title></head><body><footer><p>Home</p>"
                    "<p>Contact us</p></footer></body></html>", encoding="utf-8")
    summary = import_paths(store, [page])
    (doc,) = stored(store)
    assert doc["text"] == "Home\n\nContact us"  # whole: nothing trimmed either
    assert doc["meta"]["extraction"].startswith("no article found")
    assert any("imported whole" in note for note in summary.notes)


def test_page_with_no_text_at_all_is_an_error_and_nothing_changes(store, stored, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>var x;</script></body></html>", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Headline\nBody.\n", encoding="utf-8")
    code = main(["--db", str(store.path), "import", str(good), str(page)])
    assert code == 1
    assert stored(store) == []


def test_canonical_link_wins_over_the_file(store, stored, tmp_path):
    body = " ".join(["The council voted on Tuesday to rename the square after the poet."] * 8)
    page = tmp_path / "saved.html"
    page.write_text(
        '<html lang="en"><head><title>Square renamed | City Times</title>'
        '<link rel="canonical" href="https://news.example.org/2024/square">'
        '<meta property="og:site_name" content="City Times">'
        '<meta name="author" content="Lina Haddad">'
        '<meta property="article:published_time" content="2024-03-05T08:00:00Z">'
        f"</head><body><nav>Home | Sport</nav><article><h1>Square renamed</h1><p>{body}</p>"
        "<p>The mayor welcomed the decision.</p></article>"
        "<footer>Share this article</footer></body></html>", encoding="utf-8")
    import_paths(store, [page])
    (doc,) = stored(store)
    assert doc["meta"]["url"] == "https://news.example.org/2024/square"
    assert doc["meta"]["author"] == "Lina Haddad"
    assert doc["meta"]["site_name"] == "City Times"
    assert doc["title"] == "Square renamed"
    assert doc["published"] == "2024-03-05"
    assert "The mayor welcomed the decision." in doc["text"]
    assert "Home | Sport" not in doc["text"]


def test_arabic_page_gets_its_language(store, stored, tmp_path):
    sentence = ("قال وزير الخارجية العراقي فؤاد حسين إن بلاده لن تقبل أن تصبح أرضها ساحة "
                "معركة بين الدول المتنازعة في المنطقة.")
    page = tmp_path / "ar.html"
    page.write_text(f'<html><head><meta charset="utf-8"><title>العراق</title></head><body>'
                    f"<article><p>{sentence}</p><p>{sentence}</p><p>{sentence}</p>"
                    "</article></body></html>", encoding="utf-8")
    import_paths(store, [page])
    (doc,) = stored(store)
    assert sentence in doc["text"]
    assert doc["meta"]["lang"] == "ar"
