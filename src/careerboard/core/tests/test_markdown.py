"""Markdown as the editing form of job descriptions: what it renders to stays within the
allowed HTML whatever is typed, and a stored description edits back to the same HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from careerboard.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from careerboard.core.markdown import html_shape, html_to_markdown, markdown_to_html
from careerboard.demo.generate import jobs


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


def assert_allowed(html: str) -> None:
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, html
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, html
        # A relative link stays; a link with a scheme has one of these.
        assert urlsplit(attrs.get("href") or "").scheme in ("", "http", "https", "mailto"), html


def test_markdown_renders_headings_lists_emphasis_and_links():
    html = markdown_to_html(
        "# About us\n\nWe ship **often** and *calmly*.\nA new line.\n\n"
        "## What you will do\n\n- Build [APIs](https://acme.example/api)\n  - nested item\n"
        "- Review `code`\n\n1. first\n2. second\n\n### Perks\n\n#### Small print\n\n> quoted"
    )
    # One level down: the job page's h1 is the title, its h2 "About the job".
    assert "<h2>About us</h2>" in html
    assert "<h3>What you will do</h3>" in html
    assert "<h4>Perks</h4>" in html and "<h4>Small print</h4>" in html
    assert "<strong>often</strong>" in html and "<em>calmly</em>" in html
    assert "calmly</em>.<br>" in html  # a single line break is kept
    assert '<a href="https://acme.example/api" rel="noopener noreferrer nofollow">APIs</a>' in html
    assert "<ul>\n<li>nested item</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>" in html
    assert "<code>code</code>" in html and "<blockquote>" in html
    assert_allowed(html)


def test_hostile_markdown_and_html_are_made_harmless():
    html = markdown_to_html(
        "<script>alert(1)</script>\n\n"
        '<p onclick="steal()" style="color:red">Click</p>\n\n'
        '[link](javascript:alert(2)) and <a href="javascript:alert(3)">raw</a>\n\n'
        "![x](javascript:alert(4)) ![logo](https://evil.example/pixel.png)\n\n"
        '<img src=x onerror="alert(5)"><iframe src="https://evil.example"></iframe>\n\n'
        "<style>body{display:none}</style>[data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "###### deep heading\n\n<h1>big</h1>"
    )
    lowered = html.lower()
    for gone in ("<script", "onclick", "onerror", "style", "<img", "<iframe", 'href="data:'):
        assert gone not in lowered, gone
    # A link to a script is no link: its text stays, as text (assert_allowed checks every href).
    assert "[link](javascript:alert(2))" in html and ">raw</a>" in html
    assert "Click" in html
    # An image is not shown: it becomes a link to the picture.
    assert (
        '<a href="https://evil.example/pixel.png" rel="noopener noreferrer nofollow">logo</a>'
        in html
    )
    assert "<h4>deep heading</h4>" in html
    assert_allowed(html)


MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"ab \n#*_-+>`[]()!</\"'=&;:.1", "javascript:", "<p>", "<a href=", " onclick=", "<img"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_whatever_is_typed_renders_within_the_allowed_tags(source):
    assert_allowed(markdown_to_html(source))


# Sanitized HTML as descriptions hold it: blocks of the allowed tags with formatted text.
_WORDS = st.text(alphabet=st.sampled_from(list("ab xy*_#-1.&<>`[]")), min_size=1, max_size=12)
_INLINE = st.recursive(
    _WORDS.map(lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["strong", "em", "b", "i", "u", "code"]), inner).map(
            lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>"
        ),
        inner.map(lambda text: f'<a href="https://x.example/{len(text)}">{text}</a>'),
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
        st.tuples(inner, inner).map("<br>".join),
    ),
    max_leaves=4,
)
_BLOCKS = st.recursive(
    st.one_of(
        _INLINE.map(lambda text: f"<p>{text}</p>"),
        st.tuples(st.sampled_from(["h2", "h3", "h4"]), _INLINE).map(
            lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>"
        ),
        st.just("<hr>"),
    ),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["ul", "ol"]), st.lists(_INLINE, min_size=1, max_size=3)).map(
            lambda pair: (
                f"<{pair[0]}>" + "".join(f"<li>{i}</li>" for i in pair[1]) + f"</{pair[0]}>"
            )
        ),
        inner.map(lambda block: f"<blockquote>{block}</blockquote>"),
        st.tuples(_INLINE, inner).map(lambda pair: f"<ul><li>{pair[0]}{pair[1]}</li></ul>"),
        st.lists(inner, min_size=2, max_size=3).map("".join),
    ),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(_BLOCKS)
def test_a_stored_description_edits_back_to_the_same_html(html):
    stored = sanitize_html(html)
    assert html_shape(markdown_to_html(html_to_markdown(stored).markdown)) == html_shape(stored)


def test_the_demo_descriptions_edit_as_markdown_without_loss():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for job in jobs(50, companies_count=10, now=now):
        stored = sanitize_html(job.description)
        source = html_to_markdown(stored).markdown
        assert "<" not in source  # Markdown, not the HTML kept as it is
        assert html_shape(markdown_to_html(source)) == html_shape(stored)
    assert "## What you will do\n\n- " in source


def test_nested_and_loose_lists_and_code_edit_as_markdown():
    stored = sanitize_html(
        "<ul><li><p>loose</p></li><li><p>item</p><ol><li>inner</li></ol></li></ul>"
        "<blockquote><p>said</p></blockquote><pre><code>a = `1`\n\nb = 2\n</code></pre>"
        "<p>AT&amp;T owns 2024. a_b *not bold*</p>"
    )
    source = html_to_markdown(stored).markdown
    assert source == (
        "- loose\n\n- item\n\n  1. inner\n\n> said\n\n```\na = `1`\n\nb = 2\n```\n\n"
        "AT&T owns 2024. a_b \\*not bold\\*"
    )
    assert html_shape(markdown_to_html(source)) == html_shape(stored)


def test_html_markdown_cannot_say_is_kept_as_html():
    stored = sanitize_html('<p>See <a href="https://x.example/a b">the page</a></p>')
    assert html_to_markdown(stored).markdown == stored
    assert html_to_markdown("").markdown == ""
