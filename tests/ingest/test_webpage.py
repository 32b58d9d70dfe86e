"""A saved web page read as a seed's text (dossier.ingest.webpage), and what the corpus
makes of one. The cleaning fixture ``web-page`` shows a whole page end to end."""

from __future__ import annotations

import collections
import re
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.ingest.corpus import build_corpus
from dossier.ingest.webpage import fill_in, is_webpage, page_meta, read_webpage


def texts(html: str) -> list[str]:
    return [ln.text for ln in read_webpage(html, "p.html").lines if ln.text]


def test_each_block_is_a_line_numbered_as_in_the_file() -> None:
    page = read_webpage("<html><body>\n<p>One\nline.</p>\n\n<h2>Two</h2>\n<ul><li>three</li>\n"
                        "<li>four</li></ul></body></html>", "p.html")
    given_lines = [(ln.number, ln.text) for ln in page.lines if ln.text]
    assert given_lines == [(2, "One line."), (5, "Two"), (6, "• three"), (7, "• four")]
    assert all(not ln.text for ln in page.lines[1::2])  # a blank line after each block
    assert page.headings == {2: True, 4: False, 6: False}  # a <p>: its shape decides


def test_a_minified_page_keeps_its_blocks_apart() -> None:
    html = "<html><body><p>First para.</p><p>Second para.</p><h3>Sub</h3></body></html>"
    page = read_webpage(html, "p.html")
    assert [(ln.number, ln.text) for ln in page.lines if ln.text] == [
        (1, "First para."), (1, "Second para."), (1, "Sub")]


def test_code_and_hidden_text_are_not_text() -> None:
    html = ("<html><head><title>T</title><style>p{}</style></head><body><h1>Title</h1>"
            "<script>document.write('<p>x</p>')</script><noscript>Enable JS</noscript>"
            "<!-- a comment --><p>Kept.</p><p hidden>Gone.</p><template><p>Tpl</p></template>"
            "<button>Share</button></body></html>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["Title", "Kept."]
    assert not page.removals


def test_chrome_is_dropped_and_logged_with_its_line() -> None:
    html = ("<html><body>\n<nav><a>Home</a></nav>\n<div role='banner'>Site name</div>\n"
            "<p>Body text.</p>\n<aside>Related stories</aside>\n<form>Sign up</form>\n"
            "<footer>Copyright</footer>\n</body></html>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["Body text."]
    assert [(r.line, r.text) for r in page.removals] == [
        (2, "Home"), (3, "Site name"), (5, "Related stories"), (6, "Sign up"), (7, "Copyright")]
    assert all(r.reason.endswith("of the web page") for r in page.removals)


def test_only_the_article_is_read_and_a_heading_above_it_comes_first() -> None:
    html = ("<html><head><title>Ignored | Site</title></head><body>\n<div>Breaking: other news"
            "</div>\n<h1>The headline</h1>\n<article><p>The story.</p></article>\n<article>"
            "<p>A much longer teaser of another story, longer than the first.</p></article>\n"
            "<div>Most read</div></body></html>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["The headline", "A much longer teaser of another story, longer "
                                           "than the first."]
    assert [r.text for r in page.removals] == [
        "Breaking: other news", "The story.", "Most read"]
    assert {r.reason for r in page.removals} == {"outside the page's article: site chrome"}


def test_a_title_element_loses_the_site_name_the_page_gives() -> None:
    html = ("<html><head><title>Deal signed in Doha | Example News</title><meta "
            "property='og:site_name' content='Example News'></head><body><p>Text.</p></body>"
            "</html>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["Deal signed in Doha", "Text."]
    assert [(r.text, r.reason) for r in page.removals] == [
        ("| Example News", "the site's name after the page's title")]
    unnamed = html.replace("og:site_name", "og:other")
    assert texts(unnamed)[0] == "Deal signed in Doha | Example News"


def test_a_teaser_article_beside_the_text_is_not_taken_for_the_text() -> None:
    story = "".join(f"<p>Paragraph {n} of the story, set in plain divs.</p>" for n in range(8))
    html = (f"<html><body><h1>Story</h1><div>{story}</div><article><p>Also read: a teaser."
            "</p></article></body></html>")
    assert len(texts(html)) == 10 and not read_webpage(html, "p.html").removals


def test_the_title_element_stands_in_for_a_missing_h1() -> None:
    html = "<html><head><title>Page title</title></head><body><p>Text.</p></body></html>"
    assert texts(html) == ["Page title", "Text."]
    with_h1 = "<html><head><title>Page</title></head><body><h1>Head</h1><p>Text.</p></body></html>"
    assert texts(with_h1) == ["Head", "Text."]


def test_note_numbers_become_superscript_markers() -> None:
    html = ("<p>Claim.<sup><a href='#n1'>1</a></sup> Two notes.<sup>[2], 3</sup> "
            "The 20<sup>th</sup> century.</p>"
            "<section id='footnotes'><ol start='1'><li>First note.</li><li value='2'>Second."
            "</li></ol></section>")
    assert texts(html) == ["Claim.¹ Two notes.²,³ The 20th century.", "¹ First note.",
                           "² Second."]


def test_lists_tables_and_breaks() -> None:
    html = ("<ol start='3'><li>Third</li><li>Fourth</li></ol><p>a<br>b</p>"
            "<table><tr><th>Year</th><th>Event</th></tr><tr><td>2021</td><td>Exit</td></tr>"
            "</table><blockquote><p>Quoted words</p></blockquote>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["• 3. Third", "• 4. Fourth", "a b", "Year | Event", "2021 | Exit",
                           "Quoted words"]
    said = {page.lines[i].text: known for i, known in page.headings.items()}
    assert said["Year | Event"] is False and said["Quoted words"] is False


def test_which_files_are_web_pages() -> None:
    assert is_webpage("a.html", "plain words") and is_webpage("A.HTM", "")
    assert is_webpage("a.txt", "\n  <!DOCTYPE html><html><body>x</body></html>")
    assert is_webpage("a.txt", "<!-- saved -->\n<html lang='en'>")
    assert is_webpage("a.txt", '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html>')
    assert not is_webpage("a.txt", "Notes on the <html> element, and other text.")
    assert not is_webpage("a.txt", "<htmlfoo>")


HEAD = """<html lang="EN_us"><head><link rel="canonical" href="{url}">
<meta property="og:site_name" content=" Example
  News "><meta property="article:published_time" content="{when}">
<meta name="author" content="{author}"></head><body><p>x</p></body></html>"""


def test_what_the_page_says_of_itself() -> None:
    html = HEAD.format(url="https://news.example.com/a", when="2021-08-31T09:15:00+05:00",
                       author="Ali Raza and Mary Jones")
    assert read_webpage(html, "p.html").meta == {
        "url": "https://news.example.com/a", "publisher": "Example News",
        "date": "2021-08-31", "date_precision": "day", "authors": ["Ali Raza", "Mary Jones"],
        "language": "en-US"}


def test_metadata_that_is_not_usable_is_left_out() -> None:
    html = HEAD.format(url="javascript:alert(1)", when="2021-02-30T10:00:00Z",
                       author="https://social.example/profile")
    assert page_meta(BeautifulSoup(html.replace("EN_us", "english"), "html.parser")) == {
        "publisher": "Example News"}
    relative = HEAD.format(url="/2021/a.html", when="20210830", author="")
    assert "url" not in page_meta(BeautifulSoup(relative, "html.parser"))


def test_the_catalogue_comes_first_and_the_note_names_what_the_page_gave() -> None:
    found = {"url": "https://e.org/a", "publisher": "E", "date": "2021-08-31",
             "date_precision": "day", "authors": ["A"]}
    assert fill_in(None, {}) is None
    mixed = fill_in({"date": "2021-09", "date_precision": "month", "publisher": "Dawn"}, found)
    assert mixed == {"date": "2021-09", "date_precision": "month", "publisher": "Dawn",
                     "url": "https://e.org/a", "authors": ["A"], "provenance_note":
                     "From the saved web page's own metadata: its address and authors."}
    kept = fill_in({"provenance_note": "Checked by the editors."}, found)
    assert kept is not None and kept["provenance_note"] == "Checked by the editors."


# -- the corpus --------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>Site</title></head>
<body>
<nav>Home | World</nav>
<article>
<h1>{title}</h1>
<p>By Ana Ruiz</p>
<p>The first paragraph of the story, which is long enough to be one.</p>
<h2>Background</h2>
<p>The second paragraph says more about it.</p>
</article>
</body></html>
"""


def test_a_web_page_seed_is_a_document_with_its_lines(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "story.html").write_text(PAGE.format(charset="utf-8", title="Talks in Doha"),
                                      encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=False)
    assert [d.message.split(";")[0] for d in corpus.diagnostics] == [
        "no catalogue entry in seeds/catalogue.toml"]  # no word lost, no other problem
    (doc,) = corpus.documents
    assert doc.meta.title == "Talks in Doha" and doc.meta.authors == ("Ana Ruiz",)
    kinds = [(b.kind, b.line) for b in doc.blocks]
    assert kinds == [("title", 6), ("authors", 7), ("paragraph", 8), ("heading", 9),
                     ("paragraph", 10)]
    assert [(r.line, r.text) for r in doc.removals] == [(4, "Home | World")]
    assert (doc.meta.url, doc.meta.publisher) == ("", "")  # the page's head says nothing


def test_a_page_in_a_declared_charset_is_read_in_it(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    title = "Переговоры в Дохе"
    (seeds / "ru.htm").write_bytes(PAGE.format(charset="windows-1251", title=title)
                                   .encode("windows-1251"))
    corpus = build_corpus(tmp_path, cache_dir=False)
    assert not any("UTF-8" in d.message for d in corpus.diagnostics)
    assert corpus.documents[0].meta.title == title


def test_files_that_are_not_read_are_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "UPPER.TXT").write_text("A plain text seed.\n\nIts one paragraph of words.\n",
                                     encoding="utf-8")
    for name in ("paper.pdf", "essay.md", "data.csv", "README.md", ".DS_Store", "a.txt~",
                 "catalogue.toml", "boilerplate.list"):
        (seeds / name).write_text("", encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=False)
    assert [d.source.rsplit("/", 1)[-1] for d in corpus.documents] == ["UPPER.TXT"]
    unread = {d.path: d.fix for d in corpus.diagnostics if d.message.startswith("not read")}
    assert set(unread) == {"seeds/paper.pdf", "seeds/essay.md", "seeds/data.csv"}
    assert "export it as plain text" in unread["seeds/paper.pdf"]
    assert "content/essays/" in unread["seeds/essay.md"]


# -- nothing is lost without a word ---------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=8)
TAGS = ["p", "div", "span", "em", "a", "h2", "li", "ul", "ol", "blockquote", "section", "td",
        "tr", "nav", "aside", "footer", "article", "main", "sup", "strong", "header"]


@st.composite
def tree(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            parts.append(f"<{tag}>{draw(tree(depth + 1))}</{tag}>")
        else:
            parts.append(" ".join(draw(st.lists(WORD, min_size=1, max_size=5))))
        parts.append(draw(st.sampled_from([" ", "\n"])))  # words never run into a tag
    return "".join(parts)


def words(text: str) -> collections.Counter[str]:
    return collections.Counter(re.findall(r"[^\W\d_]+", text.lower()))


@settings(max_examples=150, deadline=None)
@given(tree())
def test_every_word_is_read_or_logged_as_dropped(body: str) -> None:
    html = f"<html><body>{body}</body></html>"
    page = read_webpage(html, "p.html")
    shown = words(BeautifulSoup(html, "html.parser").get_text(" "))
    read = sum((words(ln.text) for ln in page.lines), collections.Counter())
    dropped = sum((words(r.text) for r in page.removals), collections.Counter())
    assert read + dropped == shown
    assert [ln.number for ln in page.lines] == sorted(ln.number for ln in page.lines)


def test_a_page_nested_thousands_deep_is_read() -> None:
    html = ("<html><body><blockquote>" + "<div>" * 5000 + "<p>Deep Text</p>" + "</div>" * 5000
            + "</blockquote></body></html>")
    page = read_webpage(html, "p.html")
    assert texts(html) == ["Deep Text"] and page.headings == {0: False}
