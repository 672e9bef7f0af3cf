"""What text from outside may hold, in one place: control characters and digits.

Nobody types a control character, yet one stored in a job title or company name broke every
feed listing it (XML 1.0 cannot carry most of them) and a line break in a title broke the mail
whose subject holds it. Every write of our models passes its text through `clean_line` (short,
single-line fields) or `clean_text` (long text), see core.apps; the job importer, which writes
with COPY, calls them itself; feeds pass stored text through `xml_text` in case older rows hold
any. Numbers from a URL or a form are read with `ascii_int`: `"²".isdigit()` is true, yet
`int("²")` fails, and `int()` also takes "1_000", " 7" and Arabic-Indic digits.
"""

from __future__ import annotations

import re

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; UTF-16
# surrogates (a JSON "\ud800" escape; no database can store one) and the non-characters
# U+FFFE and U+FFFF, which XML refuses too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Breaks that end a line, as a browser, a mail header or a feed reader sees them.
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_LINE_BREAKS_AND_TABS = re.compile("[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
_ASCII_DIGITS = re.compile("[0-9]+", re.ASCII)


def clean_text(value: str) -> str:
    """Long text (a description, a cover letter): tabs and line breaks stay, as "\\n";
    other control characters go."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", value))


def clean_line(value: str) -> str:
    """A single line (a title, a name): each run of line breaks and tabs (with any control
    characters among them) becomes one space, other control characters go, and so does
    whitespace at either end."""
    return _CONTROL.sub("", _LINE_BREAKS_AND_TABS.sub(" ", clean_text(value))).strip()


def xml_text(value: str) -> str:
    """Text an XML 1.0 document can carry (tab and line breaks stay)."""
    return _CONTROL.sub("", value)


def holds_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


def ascii_int(value: str, *, max_digits: int = 18) -> int | None:
    """A whole number written in ASCII digits only (no sign, space or "_"), else None; at most
    max_digits long, so that no database or driver meets a number it cannot store."""
    if len(value) > max_digits or not _ASCII_DIGITS.fullmatch(value):
        return None
    return int(value)
