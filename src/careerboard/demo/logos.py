"""Deterministic company logos for demo boards: a monogram on a brand colour, in one of three
styles, drawn with Pillow's own font so the result is the same on every machine."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = 160
# Brand colours dark enough for white letters (contrast of at least 4.5:1 on white).
COLOURS = (
    (37, 99, 235),
    (5, 122, 85),
    (185, 28, 28),
    (124, 58, 237),
    (194, 65, 12),
    (15, 118, 110),
    (190, 24, 93),
    (30, 64, 175),
    (77, 124, 15),
    (55, 65, 81),
    (146, 64, 14),
    (67, 56, 202),
)
STYLES = ("tile", "ring", "split")


def logo_png(monogram: str, *, style: str, colour: int) -> bytes:
    """A SIZE x SIZE PNG of `monogram` (one or two letters):
    tile: white letters on a rounded square of the colour; ring: letters of the colour in a
    ring of it on white; split: white letters on two diagonal shades of the colour."""
    rgb = COLOURS[colour % len(COLOURS)]
    image = Image.new("RGB", (SIZE, SIZE), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    ink: tuple[int, int, int] = (255, 255, 255)
    if style == "tile":
        draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=SIZE // 5, fill=rgb)
    elif style == "ring":
        inset = SIZE // 16
        draw.ellipse((inset, inset, SIZE - inset, SIZE - inset), outline=rgb, width=SIZE // 14)
        ink = rgb
    elif style == "split":
        darker = tuple(channel * 3 // 4 for channel in rgb)
        draw.rectangle((0, 0, SIZE, SIZE), fill=rgb)
        draw.polygon(((SIZE, 0), (SIZE, SIZE), (0, SIZE)), fill=darker)
    else:
        raise ValueError(f"unknown logo style {style!r}")
    letters = monogram[:2].upper()
    scale = (9 if len(letters) == 1 else 7) - (2 if style == "ring" else 0)
    font = ImageFont.load_default(size=SIZE * scale // 16)
    # Drawn with a stroke of the same ink: Pillow's bundled font is a regular weight.
    draw.text(
        (SIZE / 2, SIZE / 2),
        letters,
        font=font,
        fill=ink,
        anchor="mm",
        stroke_width=SIZE // 60,
        stroke_fill=ink,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
