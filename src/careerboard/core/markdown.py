"""Markdown as the editing form of user-written HTML (job descriptions).

The stored form stays sanitized HTML (core.html), which every reader (pages, feeds, the API,
search) expects. `markdown_to_html` renders what a person types and sanitizes it with the same
rules; `html_to_markdown` turns a stored description back into Markdown for the editor (with the
HTML that Markdown renders to, for its preview), and keeps the HTML itself (which Markdown
passes through, sanitized the same way) whenever its Markdown would not render to the same
HTML, so editing never loses anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from careerboard.core.html import sanitize_html

# CommonMark, with raw HTML passed on to the sanitizer and a line break kept as one, since
# people type a description line by line rather than as Markdown paragraphs.
_markdown = MarkdownIt("commonmark", {"html": True, "breaks": True})
# Headings sit one level down: the job page's h1 is the title and its h2 "About the job", so
# "##", the usual section heading, gives an h3; "#" an h2, anything from "###" on an h4 (the
# allowed headings are h2-h4).
_HEADING_LEVELS = {1: 2, 2: 3}


def _clamp_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{_HEADING_LEVELS.get(int(token.tag[1]), 4)}"


def _image_as_link(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Descriptions show no images (the sanitizer drops them): an image becomes a link to it."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a href="{escape(str(token.attrGet("src") or ""))}">{escape(alt)}</a>'


_markdown.core.ruler.push("clamp_headings", _clamp_headings)
_markdown.add_render_rule("image", _image_as_link)


def markdown_to_html(source: str) -> str:
    """The sanitized HTML of Markdown text: what is stored and shown."""
    return sanitize_html(_markdown.render(source or ""))


@dataclass(frozen=True)
class EditorText:
    """A stored description as the editor offers it: the Markdown in the text box and the HTML
    that Markdown renders to, which the preview shows (rendered once, to check the Markdown)."""

    markdown: str
    html: str


def html_to_markdown(value: str) -> EditorText:
    """Markdown that renders to the same HTML as `value`, or `value` itself when this module
    cannot write such Markdown (the HTML is valid Markdown, so it still edits and renders)."""
    value = sanitize_html(value)
    if not value.strip():
        return EditorText(markdown="", html="")
    root = _parse(value)
    source = _blocks(root.children, tight=False)
    rendered = markdown_to_html(source)
    if html_shape(rendered) == html_shape(value):
        return EditorText(markdown=source, html=rendered)
    return EditorText(markdown=value, html=markdown_to_html(value))


# --- HTML to Markdown ----------------------------------------------------------------------

_VOID = {"br", "hr"}
_BLOCK = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "hr"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A tree of sanitized HTML, which is well formed (every tag closed, or void)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [_Element("root")]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse(value: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(value)
    builder.close()
    return builder.stack[0]


def _is_block(node: _Element | str) -> bool:
    return isinstance(node, _Element) and node.tag in _BLOCK


def _blocks(nodes: list[_Element | str], *, tight: bool) -> str:
    """Block-level Markdown of `nodes`; text between blocks is a paragraph of its own."""
    parts: list[str] = []
    run: list[_Element | str] = []
    for node in nodes:
        if isinstance(node, _Element) and node.tag in _BLOCK:
            parts += [_paragraph(run), _block(node)]
            run = []
        else:
            run.append(node)
    parts.append(_paragraph(run))
    return ("\n" if tight else "\n\n").join(part for part in parts if part)


def _paragraph(nodes: list[_Element | str]) -> str:
    return _escape_line_starts(_inline(nodes).strip())


def _block(element: _Element) -> str:
    tag = element.tag
    if tag == "p":
        return _paragraph(element.children)
    if tag in ("h2", "h3", "h4"):
        text = _inline(element.children).strip().replace("\n", " ")
        return "#" * (int(tag[1]) - 1) + " " + _escape_line_starts(text)
    if tag == "hr":
        return "---"
    if tag == "pre":
        return _fenced(_text(element))
    if tag == "blockquote":
        inner = _blocks(element.children, tight=False)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if tag in ("ul", "ol"):
        return _list(element)
    return _blocks(element.children, tight=False)  # a stray li


def _list(element: _Element) -> str:
    items = [c for c in element.children if isinstance(c, _Element) and c.tag == "li"]
    # Markdown makes a list "loose" (each item a paragraph) exactly when an item holds one.
    loose = any(isinstance(c, _Element) and c.tag == "p" for item in items for c in item.children)
    lines = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if element.tag == "ol" else "- "
        first, *rest = _blocks(item.children, tight=not loose).split("\n")
        indent = " " * len(marker)
        lines.append("\n".join([marker + first, *(indent + ln if ln else ln for ln in rest)]))
    return ("\n\n" if loose else "\n").join(lines)


def _inline(nodes: list[_Element | str]) -> str:
    # Runs of white space read as one space in HTML; a line break is only ever a <br>.
    out = [
        _escape(re.sub(r"\s+", " ", node)) if isinstance(node, str) else _inline_element(node)
        for node in nodes
    ]
    return re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", "".join(out)))


def _inline_element(element: _Element) -> str:
    tag, inner = element.tag, _inline(element.children)
    if tag == "br":
        return "\n"
    if tag in ("strong", "b", "em", "i"):
        mark = "**" if tag in ("strong", "b") else "*"
        return _wrap(inner, mark, mark)
    if tag == "u":
        return _wrap(inner, "<u>", "</u>")
    if tag == "code":
        return _code_span(_text(element))
    if tag == "a":
        href = element.attrs.get("href", "")
        title = element.attrs.get("title", "")
        target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
        if title:
            target += ' "' + title.replace('"', '\\"') + '"'
        return _wrap(inner, "[", f"]({target})")
    return inner


def _wrap(inner: str, start: str, end: str) -> str:
    """Delimiters hug the text: "** a **" is no emphasis in Markdown, " **a** " is."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = " " if inner[0].isspace() else ""
    trail = " " if inner[-1].isspace() else ""
    return f"{lead}{start}{stripped}{end}{trail}"


def _text(element: _Element) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in element.children)


def _code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fenced(text: str) -> str:
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"


_ESCAPED = re.compile(r"([\\`*\[\]]|<(?=[A-Za-z/!?])|&(?=#?\w+;)|(?<!\w)_|_(?!\w))")
_LINE_START = re.compile(r"^(#|>|[-+=~]|\d+[.)])", re.MULTILINE)


def _escape(text: str) -> str:
    return _ESCAPED.sub(r"\\\1", text)


def _escape_line_starts(text: str) -> str:
    """A line that starts like a heading, quote, list or fence stays text."""
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


# --- Comparing HTML ------------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"\s*(</?(?:p|ul|ol|li|h[2-4]|blockquote|pre|hr|br)\b[^>]*>)\s*")
_SYNONYMS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"<(/?)b>"), r"<\1strong>"),
    (re.compile(r"<(/?)i>"), r"<\1em>"),
    (re.compile(r"<pre><code>"), "<pre>"),
    (re.compile(r"</code></pre>"), "</pre>"),
]


def html_shape(value: str) -> str:
    """What a reader sees of an HTML fragment: the same tags and words, whatever the spacing
    between blocks and whichever of two equal tags (b/strong, i/em) was used."""
    for pattern, replacement in _SYNONYMS:
        value = pattern.sub(replacement, value)
    return _BLOCK_TAG.sub(r"\1", " ".join(value.split())).strip()
