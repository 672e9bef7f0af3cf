"""Server-rendered SVG charts for guide pages: salary ranges, the postings trend, the career
timeline. Each is an accessible image (role="img", <title> and <desc>) that reads without
JavaScript; the page puts the same figures in a table or list next to it.
"""

from __future__ import annotations

import math
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 150
INK, MUTED, LINE = "#111827", "#4b5563", "#d1d5db"
BAR, BAR_DARK, BAR_SOFT = "#93c5fd", "#1d4ed8", "#dbeafe"


def usd_short(amount: int) -> str:
    """$94k, $1.2M: short enough for a chart axis."""
    if amount >= 1_000_000:
        return f"${amount / 1_000_000:.1f}M"
    return f"${round(amount / 1000)}k"


def _nice_ceiling(value: float, step: int) -> int:
    return max(step, math.ceil(value / step) * step)


def _svg(*, chart_id: str, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="13">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        body=body,
    )


def salary_chart(ranges: list[dict], *, chart_id: str, title: str) -> SafeString:
    """One row per shown range: a bar from the 25th to the 75th percentile, a mark at the
    median. `ranges` are SalaryRange dicts with p25/median/p75 set."""
    row, top, axis_height = 34, 10, 26
    plot = WIDTH - LABEL_WIDTH - 70
    ceiling = _nice_ceiling(max(r["p75"] for r in ranges) * 1.05, 50_000)
    height = top + row * len(ranges) + axis_height

    def x(amount: float) -> float:
        return round(LABEL_WIDTH + plot * amount / ceiling, 1)

    ticks = format_html_join(
        "",
        '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}"/>'
        '<text x="{0}" y="{4}" text-anchor="middle" fill="{5}">{6}</text>',
        (
            (x(amount), top - 4, height - axis_height, LINE, height - 8, MUTED, usd_short(amount))
            for amount in range(0, ceiling + 1, 50_000)
        ),
    )
    rows = format_html_join(
        "",
        '<text x="{label_x}" y="{text_y}" text-anchor="end" fill="{ink}">{label}</text>'
        '<rect x="{x25}" y="{bar_y}" width="{bar_w}" height="18" rx="3" fill="{bar}"/>'
        '<rect x="{xm}" y="{mark_y}" width="3" height="24" fill="{dark}"/>'
        '<text x="{after}" y="{text_y}" fill="{ink}">{median}</text>',
        (
            {
                "label_x": LABEL_WIDTH - 10,
                "text_y": top + i * row + 17,
                "ink": INK,
                "label": r["label"],
                "x25": x(r["p25"]),
                "bar_y": top + i * row + 4,
                "bar_w": max(2.0, round(x(r["p75"]) - x(r["p25"]), 1)),
                "bar": BAR,
                "xm": x(r["median"]) - 1.5,
                "mark_y": top + i * row + 1,
                "dark": BAR_DARK,
                "after": x(r["p75"]) + 8,
                "median": usd_short(r["median"]),
            }
            for i, r in enumerate(ranges)
        ),
    )
    desc = "; ".join(
        f"{r['label']}: middle half {usd_short(r['p25'])} to {usd_short(r['p75'])}, "
        f"median {usd_short(r['median'])}"
        for r in ranges
    )
    return _svg(chart_id=chart_id, height=height, title=title, desc=desc + ".", body=ticks + rows)


def trend_chart(weeks: list[dict], *, chart_id: str, title: str) -> SafeString:
    """Weekly postings as columns, oldest first; `weeks` are WeekCount dicts."""
    height, top, bottom = 200, 20, 36
    plot_height = height - top - bottom
    slot = (WIDTH - 40) / len(weeks)
    peak = max([w["postings"] for w in weeks] + [1])

    def label(week: dict) -> str:
        start = date.fromisoformat(week["week_start"])
        return f"{start.day} {start:%b}"

    columns = format_html_join(
        "",
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{fill}"/>'
        '<text x="{cx}" y="{value_y}" text-anchor="middle" fill="{ink}">{n}</text>'
        '<text x="{cx}" y="{label_y}" text-anchor="middle" fill="{muted}" font-size="11">'
        "{label}</text>",
        (
            {
                "x": round(20 + i * slot + slot * 0.15, 1),
                "y": round(top + plot_height - plot_height * w["postings"] / peak, 1),
                "w": round(slot * 0.7, 1),
                "h": round(plot_height * w["postings"] / peak, 1),
                "fill": BAR_DARK,
                "cx": round(20 + i * slot + slot / 2, 1),
                "value_y": round(top + plot_height - plot_height * w["postings"] / peak - 5, 1),
                "ink": INK,
                "n": w["postings"],
                "label_y": height - bottom + 16,
                "muted": MUTED,
                "label": label(w),
            }
            for i, w in enumerate(weeks)
        ),
    )
    baseline = format_html(
        '<line x1="20" x2="{0}" y1="{1}" y2="{1}" stroke="{2}"/>',
        WIDTH - 20,
        top + plot_height,
        LINE,
    )
    desc = "; ".join(f"week of {label(w)}: {w['postings']}" for w in weeks)
    return _svg(
        chart_id=chart_id, height=height, title=title, desc=desc + ".", body=baseline + columns
    )


def _end(stage: dict, span: int) -> int:
    return stage["years_to"] if stage["years_to"] is not None else span


def timeline_chart(stages: list[dict], *, chart_id: str, title: str) -> SafeString:
    """The career path as bars along a years-of-experience axis; an open-ended stage runs
    to the edge and fades out."""
    row, top, axis_height = 46, 6, 26
    last = max(max(s["years_to"] or s["years_from"] for s in stages) + 4, 10)
    span = _nice_ceiling(last, 2)
    plot = WIDTH - 40
    height = top + row * len(stages) + axis_height

    def x(years: float) -> float:
        return round(20 + plot * years / span, 1)

    ticks = format_html_join(
        "",
        '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}"/>'
        '<text x="{0}" y="{4}" text-anchor="middle" fill="{5}">{6}</text>',
        (
            (x(year), top, height - axis_height, LINE, height - 8, MUTED, f"{year}y")
            for year in range(0, span + 1, 2)
        ),
    )
    fade = format_html(
        '<defs><linearGradient id="{0}-open" x1="0" x2="1" y1="0" y2="0">'
        '<stop offset="0.6" stop-color="{1}"/><stop offset="1" stop-color="{2}"/>'
        "</linearGradient></defs>",
        chart_id,
        BAR_DARK,
        BAR_SOFT,
    )
    bars = format_html_join(
        "",
        '<text x="{tx}" y="{ty}" text-anchor="{anchor}" fill="{ink}" font-weight="600">{title} '
        '<tspan fill="{muted}" font-weight="400">{years}</tspan></text>'
        '<rect x="{x}" y="{y}" width="{w}" height="14" rx="7" fill="{fill}"/>',
        (
            {
                # A label of a late stage ends at its bar's end, so it stays inside the chart.
                "anchor": "start" if s["years_from"] <= span / 2 else "end",
                "tx": x(s["years_from"]) if s["years_from"] <= span / 2 else x(_end(s, span)),
                "ty": top + i * row + 16,
                "ink": INK,
                "title": s["title"],
                "muted": MUTED,
                "years": s["years_label"],
                "x": x(s["years_from"]),
                "y": top + i * row + 24,
                "w": round(x(_end(s, span)) - x(s["years_from"]), 1),
                "fill": BAR_DARK if s["years_to"] is not None else f"url(#{chart_id}-open)",
            }
            for i, s in enumerate(stages)
        ),
    )
    desc = "; ".join(f"{s['title']}: {s['years_label']}" for s in stages)
    return _svg(
        chart_id=chart_id, height=height, title=title, desc=desc + ".", body=fade + ticks + bars
    )
