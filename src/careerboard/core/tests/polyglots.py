"""The two logo uploads of the attack in issue 13: files an image library opens that are also a
web page and a script. `EXECUTED` is what their script writes to the console if it runs."""

from __future__ import annotations

import io

from PIL import Image

EXECUTED = "EXECUTED"


def png(size: tuple[int, int] = (32, 32), color: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def welcome_html(script_src: str = "ato.js") -> bytes:
    """A valid PNG followed by a page: an inline script and one loaded from our origin."""
    return (
        png()
        + (
            f"<html><body><script>console.log('{EXECUTED} inline')</script>"
            f'<script src="{script_src}"></script></body></html>'
        ).encode()
    )


def ato_js() -> bytes:
    """A GIF whose bytes are also JavaScript: `GIF89a=<LF>1<LF>/*<image>*/;console.log(...)`.

    The logical screen (width "=\\n", height "1\\n": 2621x2609 px, under the 4096 px limit) and
    the flags, background and aspect bytes ("/*\\0") open a comment that the bytes after the
    GIF trailer close; the image is a 1x1 frame with a local palette."""
    header = b"GIF89a" + b"=\n" + b"1\n" + b"/*\x00"
    frame = (
        b","  # image descriptor: at 0,0, 1x1, with a 2-colour local palette
        + b"\x00\x00\x00\x00\x01\x00\x01\x00\x80"
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x02\x02\x44\x01\x00"  # LZW: minimum code size 2, one pixel of colour 0
    )
    return header + frame + b";" + f"*/;console.log('{EXECUTED} script');".encode()
