"""The reference syntax, tested the way Python-Markdown tests its own extensions."""

from __future__ import annotations

import markdown
import pytest
from markdown.test_tools import TestCase

from dossier.essays.refs import DossierRefExtension, Ref, Resolved, parse_ref

PASSAGE = "Khan <b>refused</b> & said *nothing* about [[it]]."


def resolver(ref: Ref) -> Resolved | None:
    """A tiny site: one document with two passages, one theme, one entity, one event."""
    if ref.kind == "passage" and ref.target == "doc" and ref.fragment in ("p-1", "p-2"):
        url = f"../../documents/doc/index.html#{ref.fragment}"
        return Resolved(url, f"The Doc, ¶ {ref.fragment[-1]}", PASSAGE, "hover")
    if ref.kind == "passage" and ref.target == "urdu":
        return Resolved("../../documents/urdu/index.html#p-1", "Doc", "روس کا دورہ", "", "ur")
    if ref.kind == "document" and ref.target == "doc":
        return Resolved("../../documents/doc/index.html", "The Doc")
    names = {("theme", "russia-tilt"): "Tilt to Russia", ("entity", "imran-khan"): "Imran Khan",
             ("event", "doha-agreement"): "Doha agreement"}
    if (ref.kind, ref.target) in names:
        return Resolved(f"../../{ref.kind}/{ref.target}.html", names[(ref.kind, ref.target)])
    if ref.target == "boom":
        raise RuntimeError("a resolver bug")
    return None


class TestInline(TestCase):
    default_kwargs = {"extensions": [DossierRefExtension(resolver=resolver)]}

    def test_passage_citation(self) -> None:
        self.assertMarkdownRenders(
            "As reported [[doc#p-1]].",
            '<p>As reported <a class="cite" href="../../documents/doc/index.html#p-1" '
            'title="hover">The Doc, ¶ 1</a>.</p>')

    def test_citation_with_label(self) -> None:
        self.assertMarkdownRenders(
            "[[doc#p-2|he said so]]",
            '<p><a class="cite" href="../../documents/doc/index.html#p-2" title="hover">'
            "he said so</a></p>")

    def test_document_link(self) -> None:
        self.assertMarkdownRenders(
            "[[doc]] and [[doc:doc|the report]]",
            '<p><a class="cite" href="../../documents/doc/index.html">The Doc</a> and '
            '<a class="cite" href="../../documents/doc/index.html">the report</a></p>')

    def test_theme_entity_event(self) -> None:
        self.assertMarkdownRenders(
            "[[theme:russia-tilt]], [[Entity:imran-khan|Khan]], [[event:doha-agreement]]",
            '<p><a class="ref-theme" href="../../theme/russia-tilt.html">Tilt to Russia</a>, '
            '<a class="ref-entity" href="../../entity/imran-khan.html">Khan</a>, '
            '<a class="ref-event" href="../../event/doha-agreement.html">Doha agreement</a>'
            "</p>")

    def test_label_is_text_not_markdown(self) -> None:
        self.assertMarkdownRenders(
            "[[theme:russia-tilt|*a* <b>]]",
            '<p><a class="ref-theme" href="../../theme/russia-tilt.html">*a* &lt;b&gt;</a></p>')

    def test_unknown_target_is_a_visible_broken_ref(self) -> None:
        self.assertMarkdownRenders(
            "See [[theme:nope]].",
            '<p>See <span class="broken-ref" title="unknown target">[[theme:nope]]</span>.</p>')

    def test_malformed_ref_says_why(self) -> None:
        self.assertMarkdownRenders(
            "[[thme:russia-tilt]]",
            "<p><span class=\"broken-ref\" title=\"unknown kind 'thme:'\">"
            "[[thme:russia-tilt]]</span></p>")

    def test_resolver_bug_never_raises(self) -> None:
        self.assertMarkdownRenders(
            "[[boom]]", '<p><span class="broken-ref" title="unknown target">[[boom]]</span></p>')

    def test_quote_inside_text_is_broken(self) -> None:
        self.assertMarkdownRenders(
            "Text [[> doc#p-1]] text",
            '<p>Text <span class="broken-ref" title="a quote must be a paragraph of its own">'
            "[[&gt; doc#p-1]]</span> text</p>")

    def test_code_and_escape_stay_literal(self) -> None:
        self.assertMarkdownRenders(
            "`[[doc#p-1]]` and \\[[doc#p-1]]",
            "<p><code>[[doc#p-1]]</code> and [[doc#p-1]]</p>")

    def test_ordinary_links_still_work(self) -> None:
        self.assertMarkdownRenders(
            "[a](b.html) [[doc#p-1|c]] [d][e]\n\n[e]: f.html",
            '<p><a href="b.html">a</a> <a class="cite" href="../../documents/doc/index.html#p-1"'
            ' title="hover">c</a> <a href="f.html">d</a></p>')


class TestQuote(TestCase):
    default_kwargs = {"extensions": [DossierRefExtension(resolver=resolver)]}

    def test_quote_block_escapes_the_seed_text(self) -> None:
        self.assertMarkdownRenders(
            "Before.\n\n[[> doc#p-1]]\n\nAfter.",
            "<p>Before.</p>\n"
            '<blockquote cite="../../documents/doc/index.html#p-1" class="source-quote">\n'
            "<p>Khan &lt;b&gt;refused&lt;/b&gt; &amp; said *nothing* about [[it]].</p>\n"
            '<footer>— <a class="cite" href="../../documents/doc/index.html#p-1" '
            'title="hover">The Doc, ¶ 1</a></footer>\n'
            "</blockquote>\n"
            "<p>After.</p>")

    def test_quote_with_attribution_label(self) -> None:
        self.assertMarkdownRenders(
            "  [[>doc#p-2|Imran Khan, in Moscow]]  ",
            '<blockquote cite="../../documents/doc/index.html#p-2" class="source-quote">\n'
            f"<p>{markdown.util.code_escape(PASSAGE)}</p>\n"
            '<footer>— <a class="cite" href="../../documents/doc/index.html#p-2" '
            'title="hover">Imran Khan, in Moscow</a></footer>\n'
            "</blockquote>")

    def test_a_quote_in_another_language_says_so(self) -> None:
        self.assertMarkdownRenders(
            "[[> urdu#p-1]]",
            '<blockquote cite="../../documents/urdu/index.html#p-1" class="source-quote">\n'
            '<p lang="ur">روس کا دورہ</p>\n'
            '<footer>— <a class="cite" href="../../documents/urdu/index.html#p-1">Doc</a>'
            "</footer>\n</blockquote>")

    def test_unknown_quote_is_a_broken_paragraph(self) -> None:
        self.assertMarkdownRenders(
            "[[> doc#p-9]]",
            '<p><span class="broken-ref" title="unknown target">[[&gt; doc#p-9]]</span></p>')

    def test_quote_of_a_theme_is_broken(self) -> None:
        self.assertMarkdownRenders(
            "[[> theme:russia-tilt]]",
            '<p><span class="broken-ref" title="only a passage can be quoted: '
            '[[&gt; doc-slug#passage-id]]">[[&gt; theme:russia-tilt]]</span></p>')


class TestDefaults(TestCase):
    default_kwargs = {"extensions": ["dossier.essays.refs"]}

    def test_loads_by_name_and_without_resolver_everything_is_broken(self) -> None:
        self.assertMarkdownRenders(
            "[[doc#p-1]]",
            '<p><span class="broken-ref" title="unknown target">[[doc#p-1]]</span></p>')

    def test_broken_class_is_configurable(self) -> None:
        config = {"dossier.essays.refs": {"broken_class": "oops"}}
        html = markdown.markdown("[[x]]", extensions=["dossier.essays.refs"],
                                 extension_configs=config)
        assert 'class="oops"' in html


@pytest.mark.parametrize(("inner", "expected"), [
    ("doc#p-1", Ref("passage", "doc", "p-1", raw="[[doc#p-1]]")),
    (" doc # p-1 | as said ", Ref("passage", "doc", "p-1", "as said",
                                  raw="[[ doc # p-1 | as said ]]")),
    ("doc", Ref("document", "doc", raw="[[doc]]")),
    ("doc:doc#p-1", Ref("passage", "doc", "p-1", raw="[[doc:doc#p-1]]")),
    ("> doc#p-1", Ref("passage", "doc", "p-1", quote=True, raw="[[> doc#p-1]]")),
    ("THEME:x|Y", Ref("theme", "x", label="Y", raw="[[THEME:x|Y]]")),
    ("page:timeline/index.html", Ref("page", "timeline/index.html",
                                     raw="[[page:timeline/index.html]]")),
    ("thme:x", Ref("thme", "x", raw="[[thme:x]]", problem="unknown kind 'thme:'")),
    ("theme:", Ref("theme", "", raw="[[theme:]]", problem="nothing to link to")),
    ("doc#", Ref("passage", "doc", raw="[[doc#]]", problem="no passage id after '#'")),
    ("doc|", Ref("document", "doc", raw="[[doc|]]", problem="empty link text after '|'")),
])
def test_parse_ref(inner: str, expected: Ref) -> None:
    assert parse_ref(inner) == expected
