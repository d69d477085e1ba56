"""The sentiment report for IT leadership: volume and sentiment shares per week, platform and topic.

Only aggregates leave this module: counts, shares and the number of distinct authors. No handle, name
or post text is part of a `Report`, so no page or CSV can rank individual citizens or staff.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from kernel.weeks import BERLIN, Period, week_label, week_of
from reports import strings
from reports.charts import Chart, horizontal_bars, share_lines, stacked_sentiment_bars
from reports.coverage import Coverage, coverage_for
from reports.formatting import number, percent, signed, signed_points
from reports.render import render
from reports.safety import csv_cell
from storage.queries import mention_frame

SENTIMENTS = ("positive", "neutral", "negative")
TOP_COMPLAINTS = 5


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts of one group (a week, a platform, a topic); shares rest on classified posts only."""

    key: str
    volume: int
    positive: int
    neutral: int
    negative: int
    unclassified: int
    authors: int

    def share(self, sentiment: str) -> float | None:
        classified = self.positive + self.neutral + self.negative
        return getattr(self, sentiment) / classified if classified else None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the sentiment report shows."""

    lang: str
    first_day: date
    last_day: date
    total: Figures
    weeks: list[Figures]
    platforms: list[Figures]
    topics: list[Figures]
    complaints: list[Figures]
    coverage: Coverage
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def week_over_week(self) -> tuple[Figures, Figures] | None:
        """The last two weeks of the period (the week before, the last week), if there are two."""
        return (self.weeks[-2], self.weeks[-1]) if len(self.weeks) >= 2 else None


def build_report(engine: Engine, period: Period, lang: str = "de", *, now: datetime | None = None) -> Report:
    """Aggregate the period's posts; reposts are reach and are left out of volume and shares.

    Args:
        engine: the database.
        period: the span, e.g. from `kernel.weeks.parse_day_span("2026-09-01", "2026-11-22")`.
        lang: "de" or "en".
        now: the generation time shown on the page.

    Raises:
        PraiseError: the language is not valid.
    """
    strings.check_lang(lang)
    frame = mention_frame(engine, period.start, period.end)
    stored = len(frame)
    posts = frame[frame["kind"] != "repost"].copy()
    posts["week"] = [week_label(_aware(t)) for t in posts["created_at"]]
    exploded = posts.explode("topics")
    exploded = exploded[exploded["topics"].notna()]
    weeks = [_figures(label, posts[posts["week"] == label]) for label in weeks_in(period)]
    platforms = [_figures(str(p), group) for p, group in posts.groupby("platform", sort=True)]
    topics = sorted(
        (_figures(str(t), group) for t, group in exploded.groupby("topics", sort=True)),
        key=lambda f: (-f.volume, f.key),
    )
    complaints = sorted((f for f in topics if f.negative), key=lambda f: (-f.negative, f.key))[
        :TOP_COMPLAINTS
    ]
    return Report(
        lang=lang,
        first_day=period.start.astimezone(BERLIN).date(),
        last_day=(period.end.astimezone(BERLIN) - timedelta(days=1)).date(),
        total=_figures("total", posts),
        weeks=weeks,
        platforms=platforms,
        topics=topics,
        complaints=complaints,
        coverage=coverage_for(engine, period, posts_stored=stored),
        generated_at=now or datetime.now(UTC),
    )


def weeks_in(period: Period) -> list[str]:
    """Labels of the ISO weeks (Europe/Berlin) that overlap the period, oldest first."""
    labels = []
    day = period.start.astimezone(BERLIN).date()
    last = (period.end.astimezone(BERLIN) - timedelta(microseconds=1)).date()
    while day <= last:
        week = week_of(day)
        labels.append(week.label)
        day = week.end.astimezone(BERLIN).date()
    return labels


def _aware(value: Any) -> datetime:
    moment: datetime = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _figures(key: str, group: pd.DataFrame) -> Figures:
    sentiments = group["sentiment"].value_counts()
    handles = group[group["author_handle"].notna()]
    return Figures(
        key=key,
        volume=len(group),
        positive=int(sentiments.get("positive", 0)),
        neutral=int(sentiments.get("neutral", 0)),
        negative=int(sentiments.get("negative", 0)),
        unclassified=int(group["sentiment"].isna().sum()),
        authors=len(set(zip(handles["platform"], handles["author_handle"], strict=True))),
    )


# ---- CSV -------------------------------------------------------------------------------------------

CSV_HEADER = [
    "group",
    "key",
    "volume",
    "positive",
    "neutral",
    "negative",
    "unclassified",
    "share_positive",
    "share_neutral",
    "share_negative",
    "authors",
]


def _csv_rows(group: str, figures: Iterable[Figures]) -> list[list[object]]:
    rows: list[list[object]] = []
    for f in figures:
        shares = [f.share(s) for s in SENTIMENTS]
        rows.append(
            [
                group,
                csv_cell(f.key),
                f.volume,
                f.positive,
                f.neutral,
                f.negative,
                f.unclassified,
                *("" if s is None else round(s, 4) for s in shares),
                f.authors,
            ]
        )
    return rows


def report_csv(report: Report) -> dict[str, str]:
    """The figures as CSV files (machine-readable: `.` decimals, shares 0..1), by file name."""
    tables = {
        "weekly.csv": _csv_rows("week", report.weeks),
        "platforms.csv": _csv_rows("platform", report.platforms),
        "topics.csv": _csv_rows("topic", report.topics),
    }
    files = {}
    for name, rows in tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(rows)
        files[name] = buffer.getvalue()
    return files


# ---- HTML ------------------------------------------------------------------------------------------


def _week_short(label: str, lang: str) -> str:
    year, week = label.split("-W")
    return f"{strings.text('week_short', lang)} {int(week)}/{year[2:]}"


def report_charts(report: Report) -> list[Chart]:
    """The three charts, each with its summary sentence and the table of its numbers."""
    lang = report.lang
    labels = {s: strings.sentiment_label(s, lang) for s in SENTIMENTS}
    weeks = [_week_short(w.key, lang) for w in report.weeks]
    total = report.total
    volume_title = strings.text("chart_volume", lang)
    volume_summary = strings.text(
        "chart_summary_volume",
        lang,
        weeks=len(weeks),
        total=number(total.volume, lang),
        positive=number(total.positive, lang),
        negative=number(total.negative, lang),
    )
    header = [strings.text("week", lang), *(labels[s] for s in SENTIMENTS)]
    volume = Chart(
        volume_title,
        volume_summary,
        stacked_sentiment_bars(
            volume_title,
            volume_summary,
            weeks,
            {s: [getattr(w, s) for w in report.weeks] for s in SENTIMENTS},
            labels,
        ),
        [*header, strings.text("volume", lang)],
        [
            [name, *(number(getattr(w, s), lang) for s in SENTIMENTS), number(w.volume, lang)]
            for name, w in zip(weeks, report.weeks, strict=True)
        ],
    )
    shares_title = strings.text("chart_shares", lang)
    shares_summary = ", ".join(
        f"{labels[s]} {percent(total.share(s), lang)}" for s in ("positive", "negative")
    )
    shares = Chart(
        shares_title,
        shares_summary,
        share_lines(
            shares_title,
            shares_summary,
            weeks,
            {s: [w.share(s) for w in report.weeks] for s in ("positive", "negative")},
            labels,
            "%",
        ),
        [strings.text("week", lang), labels["positive"], labels["negative"]],
        [
            [name, percent(w.share("positive"), lang), percent(w.share("negative"), lang)]
            for name, w in zip(weeks, report.weeks, strict=True)
        ],
    )
    charts = [volume, shares]
    if report.complaints:
        names = [strings.topic_label(f.key, lang) for f in report.complaints]
        title = strings.text("chart_complaints", lang)
        summary = strings.text("chart_summary_complaints", lang, top=names[0])
        charts.append(
            Chart(
                title,
                summary,
                horizontal_bars(title, summary, names, [f.negative for f in report.complaints]),
                [strings.text("topic", lang), strings.text("negative_posts", lang)],
                [[n, number(f.negative, lang)] for n, f in zip(names, report.complaints, strict=True)],
            )
        )
    return charts


def render_report_html(report: Report) -> str:
    return render(
        "report.html.j2",
        report=report,
        lang=report.lang,
        charts=report_charts(report),
        week_short=_week_short,
        sentiments=SENTIMENTS,
        percent=percent,
        signed=signed,
        signed_points=signed_points,
    )


def write_report(report: Report, out_dir: Path) -> list[Path]:
    """Write report.html and the CSV files (weekly.csv, platforms.csv, topics.csv) into `out_dir`.

    Returns:
        The paths written, report.html first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {"report.html": render_report_html(report), **report_csv(report)}
    paths = []
    for name, content in outputs.items():
        path = out_dir / name
        path.write_text(content, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def default_out_dir(period: Period) -> Path:
    first = period.start.astimezone(BERLIN).date()
    last = (period.end.astimezone(BERLIN) - timedelta(days=1)).date()
    return Path("out") / f"report-{first.isoformat()}_{last.isoformat()}"
