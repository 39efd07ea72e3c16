"""A :class:`..bib.stats.Stats` as an HTML figure: an inline SVG bar chart, its legend,
the bars' links and a table of the same numbers.

Made with :mod:`xml.etree.ElementTree` (every label from a .bib or a config is escaped by
the serializer, never pasted into markup) and numbers written with fixed precision, so
the same data gives the same bytes.  Nothing needs a script: colours are CSS variables of
``researchtopics.css`` (the theme's, in light and dark), and the figure scales with its
column (a fixed ``viewBox`` and year labels spaced for the bars' width).

The SVG has ``role="img"`` (a ``<title>`` and a ``<desc>``); the bars' links cannot be
inside it (the children of an image are not interactive), so they are HTML links laid over
the bars, positioned in percent of the same box.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import NamedTuple

from ..bib.stats import OTHER, Series, Stats
from ..sphinxext.labels import ENGLISH, Labels
from ..sphinxext.stats import series_label

__all__ = ["chart_html", "description", "nice_scale", "year_step"]

#: The drawing's box (a ``viewBox``: it scales with the column) and its margins.
WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 6, 10, 24
#: Label size in the box's units (about 10 px at 375 px wide, 12 px at 400 px and up).
FONT = 12
#: A year label's width ("2024" and a gap) in the box's units.
LABEL_WIDTH = FONT * 0.62 * 4 + 6
#: The steps year labels may take: every year, every 2nd, 5th, ... (on round years).
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)

#: A bar's URL for a year and a series (None: the year's whole bar, or "Other").
Href = Callable[[int, Series | None], str]


class Box(NamedTuple):
    """A bar segment in the box's units, with its year, series index and count."""

    x: float
    y: float
    width: float
    height: float
    year: int
    column: int
    number: int


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable bytes)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def nice_scale(top: int) -> tuple[int, int]:
    """The axis maximum and tick step for a largest bar of *top*: 1, 2 or 5 times a power
    of ten, four or five ticks, integers only (counts)."""
    if top <= 0:
        return 1, 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * 5 >= top:
                size = step * factor
                return -(-top // size) * size, size
        step *= 10


def year_step(years: int, plot_width: float = WIDTH - LEFT - RIGHT) -> int:
    """Label every n-th year so that labels never touch (30 years: every 5th)."""
    slot = plot_width / max(years, 1)
    return next((step for step in YEAR_STEPS if slot * step >= LABEL_WIDTH), YEAR_STEPS[-1])


def description(stats: Stats, labels: Labels = ENGLISH) -> str:
    """The ``<desc>``: what the chart shows, in words."""
    citations = stats.metric == "citations"
    if not stats.years:
        if citations:
            return labels("No citations to show.")
        return labels("No publications to show.")
    first, last = stats.years[0], stats.years[-1]
    most = max(range(len(stats.years)), key=lambda i: (stats.totals[i], stats.years[i]))
    n = stats.total
    if citations:
        text = labels.plural(
            "Bar chart of {count} citation per year from {first} to {last}",
            "Bar chart of {count} citations per year from {first} to {last}",
            n,
        )
    else:
        text = labels.plural(
            "Bar chart of {count} publication per year from {first} to {last}",
            "Bar chart of {count} publications per year from {first} to {last}",
            n,
        )
    text = text.format(count=n, first=first, last=last)
    if len(stats.series) > 1:
        shown = ", ".join(series_label(stats, series, labels) for series in stats.series)
        text = labels("{chart}, stacked by {series}").format(chart=text, series=shown)
    parts = [
        text + ".",
        labels("The most: {count} in {year}.").format(
            count=stats.totals[most], year=stats.years[most]
        ),
    ]
    if stats.overlapping:
        parts.append(labels("An entry counts in each of its series; the total counts it once."))
    parts.append(labels("The table below the chart gives every number."))
    return " ".join(parts)


def _series_class(index: int, series: Series) -> str:
    return "rt-stats-other" if series.label == OTHER and not series.value else f"rt-stats-s{index}"


def _label(year: int, series: Series | None, number: int, stats: Stats, labels: Labels) -> str:
    n = number
    if series is not None and len(stats.series) > 1:
        name = series_label(stats, series, labels)
        if stats.metric == "citations":
            text = labels.plural(
                "{year}, {series}: {count} citation", "{year}, {series}: {count} citations", n
            )
        else:
            text = labels.plural(
                "{year}, {series}: {count} publication", "{year}, {series}: {count} publications", n
            )
        return text.format(year=year, series=name, count=n)
    if stats.metric == "citations":
        text = labels.plural("{year}: {count} citation", "{year}: {count} citations", n)
    else:
        text = labels.plural("{year}: {count} publication", "{year}: {count} publications", n)
    return text.format(year=year, count=n)


def _svg(
    stats: Stats, title: str, chart_id: str, labels: Labels = ENGLISH
) -> tuple[ET.Element, list[Box]]:
    """The drawing, and each bar segment's :class:`Box`, for the links."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "rt-stats-svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "focusable": "false",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description(stats, labels)
    boxes: list[Box] = []
    if not stats.years:
        return svg, boxes
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    stacks = [sum(row) for row in stats.counts]
    top, step = nice_scale(max([*stacks, *stats.totals]))
    scale = plot_h / top
    base = TOP + plot_h
    grid = ET.SubElement(svg, "g", {"class": "rt-stats-axis"})
    for tick in range(0, top + 1, step):
        y = base - tick * scale
        ET.SubElement(
            grid, "line", {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": _n(y), "y2": _n(y)}
        )
        text = ET.SubElement(
            grid, "text", {"x": str(LEFT - 4), "y": _n(y + FONT * 0.35), "text-anchor": "end"}
        )
        text.text = str(tick)
    slot = plot_w / len(stats.years)
    bar = max(slot * 0.72, 1.0)
    groups = [
        ET.SubElement(svg, "g", {"class": f"rt-stats-bars {_series_class(j, series)}"})
        for j, series in enumerate(stats.series)
    ]
    for i, year in enumerate(stats.years):
        x = LEFT + i * slot + (slot - bar) / 2
        y = base
        for j, number in enumerate(stats.counts[i]):
            if not number:
                continue
            height = number * scale
            y -= height
            ET.SubElement(
                groups[j],
                "rect",
                {"x": _n(x), "y": _n(y), "width": _n(bar), "height": _n(height)},
            )
            boxes.append(Box(x, y, bar, height, year, j, number))
    if stats.overlapping:  # each year's total, each entry once: a mark across the bar
        marks = ET.SubElement(svg, "g", {"class": "rt-stats-total"})
        for i, total in enumerate(stats.totals):
            if total:
                x = LEFT + i * slot + (slot - bar) / 2
                mark = _n(base - total * scale)
                ET.SubElement(
                    marks, "line", {"x1": _n(x - 1), "x2": _n(x + bar + 1), "y1": mark, "y2": mark}
                )
    years = ET.SubElement(svg, "g", {"class": "rt-stats-years", "text-anchor": "middle"})
    every = year_step(len(stats.years))
    for i, year in enumerate(stats.years):
        if year % every == 0 or every == 1:
            text = ET.SubElement(
                years, "text", {"x": _n(LEFT + (i + 0.5) * slot), "y": _n(base + FONT + 4)}
            )
            text.text = str(year)
    return svg, boxes


def _links(stats: Stats, boxes: list[Box], href: Href, labels: Labels) -> ET.Element:
    """The bars' links, laid over the drawing in percent of its box."""
    layer = ET.Element("div", {"class": "rt-stats-links"})
    for box in boxes:
        series = stats.series[box.column]
        chosen = series if series.value else None
        label = _label(box.year, series, box.number, stats, labels)
        style = (
            f"left:{_n(box.x * 100 / WIDTH)}%;top:{_n(box.y * 100 / HEIGHT)}%;"
            f"width:{_n(box.width * 100 / WIDTH)}%;height:{_n(box.height * 100 / HEIGHT)}%"
        )
        attributes = {"class": "rt-stats-bar", "href": href(box.year, chosen), "style": style}
        link = ET.SubElement(layer, "a", {**attributes, "title": label})
        ET.SubElement(link, "span", {"class": "rt-stats-hidden"}).text = label
    return layer


def _legend(stats: Stats, note: str, labels: Labels) -> list[ET.Element]:
    found: list[ET.Element] = []
    if len(stats.series) > 1 or stats.overlapping:
        legend = ET.Element("ul", {"class": "rt-stats-legend"})
        for j, series in enumerate(stats.series):
            item = ET.SubElement(legend, "li")
            swatch = ET.SubElement(
                item, "span", {"class": f"rt-stats-swatch {_series_class(j, series)}"}
            )
            swatch.set("aria-hidden", "true")
            swatch.tail = series_label(stats, series, labels)
        if stats.overlapping:
            item = ET.SubElement(legend, "li")
            mark = ET.SubElement(item, "span", {"class": "rt-stats-swatch rt-stats-mark"})
            mark.set("aria-hidden", "true")
            mark.tail = labels("Total (each entry once)")
        found.append(legend)
    if note:
        para = ET.Element("p", {"class": "rt-stats-note"})
        para.text = note
        found.append(para)
    return found


def _table(stats: Stats, title: str, labels: Labels) -> ET.Element:
    """The same numbers for screen readers and text browsers: a row per year."""
    details = ET.Element("details", {"class": "rt-stats-numbers"})
    # Translators: the toggle showing the table of a chart's numbers
    ET.SubElement(details, "summary").text = labels("The numbers")
    table = ET.SubElement(details, "table", {"class": "rt-stats-table"})
    ET.SubElement(table, "caption").text = title
    head = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    series = (series_label(stats, one, labels) for one in stats.series)
    for text in (labels("Year"), *series, labels("Total")):
        ET.SubElement(head, "th", {"scope": "col"}).text = text
    body = ET.SubElement(table, "tbody")
    for year, *counts in stats.rows():
        row = ET.SubElement(body, "tr")
        ET.SubElement(row, "th", {"scope": "row"}).text = str(year)
        for number in counts:
            ET.SubElement(row, "td").text = str(number)
    return details


def chart_html(
    stats: Stats,
    title: str,
    chart_id: str,
    note: str = "",
    href: Href | None = None,
    classes: tuple[str, ...] = ("rt-stats",),
    labels: Labels = ENGLISH,
) -> str:
    """The whole figure as HTML text; the same arguments give the same bytes."""
    figure = ET.Element("figure", {"class": " ".join(classes), "id": chart_id})
    ET.SubElement(figure, "figcaption", {"class": "rt-stats-caption"}).text = title
    plot = ET.SubElement(figure, "div", {"class": "rt-stats-plot"})
    svg, boxes = _svg(stats, title, chart_id, labels)
    plot.append(svg)
    if href is not None and boxes:
        plot.append(_links(stats, boxes, href, labels))
    figure.extend(_legend(stats, note, labels))
    if stats.years:
        figure.append(_table(stats, title, labels))
    return ET.tostring(figure, encoding="unicode", short_empty_elements=False) + "\n"
