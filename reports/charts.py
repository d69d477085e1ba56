"""Charts as inline SVG (matplotlib, Agg, no scripts), each with a table of its numbers.

The SVG is cleaned before it goes into a page: no metadata, no <style> (matplotlib's would style the
whole page), ids only where a clip path or hatch needs them and then prefixed per chart so two charts
on one page cannot collide. The root gets role="img", an aria-label and a <title>.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import matplotlib

# The backend is chosen before pyplot loads, so no display is ever needed.
matplotlib.use("Agg")

from lxml import etree
from markupsafe import Markup
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.palette import PAGE, SENTIMENT_COLOURS, SENTIMENT_HATCHES

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_chart_numbers = count(1)
_URL_REF = re.compile(r"url\(#([^)]+)\)")

STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: smaller, sharp, readable by search in the page
    "svg.hashsalt": "praise",  # stable ids, so the same data gives the same file
    "text.parse_math": False,  # a `$` in a label must not start mathtext
    # Only the family matplotlib ships in mpl-data: every other name in the list is looked up for every
    # text element, and each miss logs "findfont: Font family … not found" (a thousand lines per report
    # on a machine without it). The SVG keeps text as text, so the reader's browser picks its own font.
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": PAGE["muted"],
    "axes.labelcolor": PAGE["text"],
    "xtick.color": PAGE["text"],
    "ytick.color": PAGE["text"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": PAGE["background"],
    "axes.facecolor": PAGE["background"],
    "savefig.facecolor": PAGE["background"],
    "hatch.color": "#ffffff",
    "hatch.linewidth": 1.2,
}


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: the SVG markup, the sentence that sums it up and the table of its numbers."""

    title: str
    summary: str
    svg: Markup
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def stacked_sentiment_bars(
    title: str, summary: str, weeks: Sequence[str], counts: dict[str, Sequence[int]], labels: dict[str, str]
) -> Markup:
    """Posts per week stacked by sentiment; each series has a colour, a hatch and a legend label."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8, 3.4))
        bottom = [0] * len(weeks)
        for key in ("positive", "neutral", "negative"):
            values = list(counts.get(key, [0] * len(weeks)))
            ax.bar(
                weeks,
                values,
                bottom=bottom,
                label=labels[key],
                color=SENTIMENT_COLOURS[key],
                hatch=SENTIMENT_HATCHES[key],
                edgecolor="#ffffff",
                linewidth=0.6,
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        for x, total in enumerate(bottom):
            ax.annotate(str(total), (x, total), ha="center", va="bottom", fontsize=8, color=PAGE["text"])
        _week_axis(ax, len(weeks))
        ax.legend(frameon=False, ncols=3, loc="upper left", bbox_to_anchor=(0, 1.18))
        ax.margins(y=0.15)
        return _svg(fig, title, summary)


def share_lines(
    title: str,
    summary: str,
    weeks: Sequence[str],
    shares: dict[str, Sequence[float | None]],
    labels: dict[str, str],
    percent_label: str,
) -> Markup:
    """Shares per week as lines with distinct markers and dash styles, labelled at their last point."""
    markers = {"positive": ("o", "-"), "negative": ("s", "--"), "neutral": ("^", ":")}
    positions = list(range(len(weeks)))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8, 3.2))
        for key, values in shares.items():
            marker, dash = markers[key]
            # A week without classified posts is a gap in the line, not a zero.
            ys = [math.nan if v is None else v * 100 for v in values]
            ax.plot(
                positions, ys, marker=marker, linestyle=dash, color=SENTIMENT_COLOURS[key], label=labels[key]
            )
            last = max((i for i, y in enumerate(ys) if not math.isnan(y)), default=None)
            if last is not None:
                ax.annotate(
                    labels[key],
                    (last, ys[last]),
                    xytext=(6, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                    color=SENTIMENT_COLOURS[key],
                )
        ax.set_xticks(positions, list(weeks))
        ax.set_xlim(-0.5, len(weeks) - 0.5 + 0.6)
        ax.set_ylim(0, 100)
        ax.set_ylabel(percent_label)
        _week_axis(ax, len(weeks))
        ax.legend(frameon=False, ncols=3, loc="upper left", bbox_to_anchor=(0, 1.18))
        return _svg(fig, title, summary)


def _week_axis(ax: Axes, weeks: int) -> None:
    # Few weeks fit side by side; a quarter's worth needs slanted labels.
    if weeks > 6:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def horizontal_bars(title: str, summary: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """One bar per category, its number written at the bar's end."""
    with plt.rc_context(STYLE):
        height = 0.5 + 0.4 * max(len(labels), 1)
        fig, ax = plt.subplots(figsize=(8, height))
        positions = list(range(len(labels)))
        ax.barh(
            positions,
            list(values),
            color=SENTIMENT_COLOURS["negative"],
            hatch=SENTIMENT_HATCHES["negative"],
            edgecolor="#ffffff",
        )
        ax.set_yticks(positions, list(labels))
        ax.invert_yaxis()
        for y, value in zip(positions, values, strict=True):
            ax.annotate(
                str(value), (value, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
            )
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        return _svg(fig, title, summary)


def _svg(fig: Figure, title: str, summary: str) -> Markup:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    plt.close(fig)
    return clean_svg(buffer.getvalue(), f"{title}. {summary}", prefix=f"c{next(_chart_numbers)}-")


def clean_svg(data: bytes, label: str, *, prefix: str) -> Markup:
    """matplotlib's SVG made fit to sit inside a page; see the module docstring for what is removed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(data, parser)
    for unwanted in root.iter(f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}script"):
        unwanted.getparent().remove(unwanted)
    referenced = _referenced_ids(root)
    for element in root.iter():
        element_id = element.get("id")
        if element_id is None:
            continue
        if element_id in referenced:
            element.set("id", prefix + element_id)
        else:
            del element.attrib["id"]
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == XLINK_HREF and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    title = etree.Element(f"{{{SVG_NS}}}title")
    title.text = label
    root.insert(0, title)
    # lxml escapes text and attribute values on the way out; the result is trusted markup.
    return Markup(etree.tostring(root, encoding="unicode"))  # noqa: S704


def _referenced_ids(root: etree._Element) -> set[str]:
    found: set[str] = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == XLINK_HREF and value.startswith("#"):
                found.add(value[1:])
            found.update(_URL_REF.findall(value))
    return found
