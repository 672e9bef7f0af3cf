import html
import re

from hypothesis import given
from hypothesis import strategies as st

from careerboard.core.html import excerpt, html_to_text, sanitize_html


def test_sanitize_keeps_formatting_and_drops_script():
    dirty = (
        '<p onclick="x()">Hi <strong>there</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a>'
        "<img src=x onerror=alert(1)><svg><script>alert(2)</script></svg>"
    )
    clean = sanitize_html(dirty)
    assert "<strong>there</strong>" in clean
    for bad in ("<script", "onclick", "onerror", "javascript:", "<svg", "<img"):
        assert bad not in clean
    assert 'href="https://ok.example"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


@given(st.text())
def test_sanitize_never_lets_a_script_tag_through(text):
    assert "<script" not in sanitize_html(text + "<script>x</script>").lower()


def test_excerpt_cuts_at_55_words_and_strips_tags():
    html = "<p>" + " ".join(f"w{i}" for i in range(80)) + "</p>"
    cut = excerpt(html)
    assert cut.endswith("…")
    assert len(cut.split()) == 55
    assert "<" not in cut
    assert excerpt("<p>Short &amp; sweet</p>") == "Short & sweet"


@given(
    st.lists(
        st.sampled_from(
            [
                "word ",
                "longerword",
                "<p>",
                "</p>",
                "<a href='x y'>",
                "</a>",
                "&amp;",
                "&lt;b&gt; ",
                " ",
                "é",
                "<br>",
            ]
        ),
        min_size=300,
        max_size=900,
    )
)
def test_excerpt_of_a_long_fragment_equals_the_excerpt_of_its_whole_text(pieces):
    value = "".join(pieces)
    parts = html_to_text(value).split(" ")
    whole = " ".join(parts) if len(parts) <= 55 else " ".join(parts[:55]).rstrip(",.;:") + "…"
    assert excerpt(value) == whole


@given(
    st.text(
        alphabet=st.sampled_from("ab <>&;p/\t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000"), max_size=60
    )
)
def test_html_to_text_collapses_every_kind_of_whitespace(value):
    assert (
        html_to_text(value)
        == re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", value))).strip()
    )
