"""`praise classify`, `praise eval` and `praise train`: the classifier on the command line."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from analysis.classifier import Classification, Classifier
from analysis.evaluation import EvaluationInputError, EvaluationReport, evaluate, read_labelled_set
from analysis.praise_model import PraiseModelError
from analysis.sentiment import ModelFileError
from flows.classifying import build_classifier, classify_stored
from kernel.errors import PraiseError
from kernel.settings import load_settings
from praise.cli_app import app
from praise.commands.context import config_option, open_database
from storage.classifications import count_pending, editor_corrections

out = Console(highlight=False)
USER_ERROR = 2


def _fail(message: str) -> typer.Exit:
    typer.echo(f"praise: error: {message}", err=True)
    return typer.Exit(USER_ERROR)


def _classifier(weights: Path | None) -> Classifier:
    try:
        settings = load_settings(config_option())
        if weights is not None:
            settings.analysis.weights = weights
        return build_classifier(settings)
    except (PraiseError, ModelFileError, PraiseModelError) as exc:
        raise _fail(str(exc)) from None


def _show(result: Classification) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column("label")
    table.add_column("value")
    table.add_column("score", justify="right")
    table.add_row("language", result.language, f"{result.language_confidence:.2f}")
    table.add_row("sentiment", result.sentiment, f"{result.sentiment_score:.2f}")
    for label, score in result.sentiment_scores.items():
        table.add_row("", f"  {label}", f"{score:.2f}")
    table.add_row("praise", "yes" if result.praise else "no", f"{result.praise_score:.2f}")
    table.add_row("irony", "yes" if result.irony else "no", f"{result.irony_score:.2f}")
    table.add_row("needs review", "yes" if result.needs_review else "no", "")
    table.add_row("topics", ", ".join(result.topics) or "–", "")
    out.print(table)
    for reason in result.review_reasons:
        out.print(f"[bold red]review:[/] {reason}")
    for reason in result.reasons:
        out.print(f"[dim]why:[/] {reason}")
    out.print(f"[dim]model {result.model_version}[/]")


@app.command("classify")
def classify_command(
    text: str | None = typer.Argument(None, help="The post to classify."),
    everything: bool = typer.Option(
        False, "--all", help="Re-classify every stored mention (after a model change), in batches."
    ),
    author: str | None = typer.Option(None, "--author", help="Handle of the post's author."),
    language: str | None = typer.Option(None, "--language", help="The platform's language tag (a hint)."),
    platform: str | None = typer.Option(None, "--platform", help="Where it was posted (x, instagram, ...)."),
    source: str | None = typer.Option(
        None, "--source", help="The source that found it, e.g. x:mentions:ACCOUNT or x:search:QUERY."
    ),
    reply_to: str | None = typer.Option(
        None, "--reply-to", help="The handle it replies to or comments under."
    ),
    weights: Path | None = typer.Option(None, "--weights", help="Weights file (default: the shipped one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """Classify one post: language, sentiment, praise, irony, topics, with scores and reasons.

    With --all, re-classify every stored mention instead and record the model version on each.
    """
    if everything:
        if text is not None:
            raise _fail("give either a TEXT or --all, not both")
        _classify_all(_classifier(weights))
        return
    if text is None:
        raise _fail('give a TEXT to classify (praise classify "Danke, liebe IT!") or --all')
    if source is not None and source.count(":") < 2:
        raise _fail(f"--source {source!r} is not platform:kind:key (e.g. x:search:#DankeStadtIT)")
    result = _classifier(weights).classify(
        text,
        author_handle=author,
        platform_language=language,
        platform=platform,
        source=source,
        reply_to=reply_to,
    )
    if as_json:
        typer.echo(json.dumps(asdict(result), ensure_ascii=False))
    else:
        _show(result)


def _print_report(report: EvaluationReport, file: Path) -> None:
    table = Table(title=f"{report.task} on {file} ({report.texts} texts)", header_style="bold")
    for column in ("class", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for label, s in report.per_class.items():
        table.add_row(label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    out.print(table)
    out.print(f"macro-F1 {report.macro_f1:.3f}   accuracy {report.accuracy:.3f}")
    confusion = Table(title="confusion (rows gold, columns predicted)", header_style="bold")
    confusion.add_column("gold \\ predicted")
    for label in report.labels:
        confusion.add_column(label, justify="right")
    for label, row in zip(report.labels, report.confusion, strict=True):
        confusion.add_row(label, *(str(n) for n in row))
    out.print(confusion)
    out.print(f"{report.texts_per_second:,.0f} texts per second")


@app.command("eval")
def eval_command(
    file: Path = typer.Argument(
        ...,
        help="CSV with columns text,label (positive/neutral/negative or praise/not_praise) and optional "
        "platform,source,reply_to,author.",
    ),
    weights: Path | None = typer.Option(None, "--weights", help="Weights file (default: the shipped one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
) -> None:
    """Measure the classifier on a labelled CSV: per-class precision/recall/F1, macro-F1, accuracy, speed."""
    try:
        data = read_labelled_set(file)
    except EvaluationInputError as exc:
        raise _fail(str(exc)) from None
    report = evaluate(_classifier(weights), data)
    if as_json:
        typer.echo(json.dumps(report.as_json()))
    else:
        _print_report(report, file)


def _classify_all(classifier: Classifier) -> None:
    engine = open_database()
    total = count_pending(engine, everything=True)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task("classifying", total=total)
        done = classify_stored(
            engine, classifier, everything=True, progress=lambda n: progress.update(bar, completed=n)
        )
    typer.echo(f"classified {done:,} mentions with model {classifier.model_version}")


@app.command("train")
def train_command(
    corrections: Path | None = typer.Option(
        None, "--corrections", help="CSV text,label of editors' sentiment corrections to add."
    ),
    out_path: Path | None = typer.Option(None, "--out", help="Where to write the new weights file."),
    data_dir: Path = typer.Option(
        Path("../shared/data/sentiment"), "--data-dir", help="Folder with the training CSV files."
    ),
    from_database: bool = typer.Option(
        True, "--from-database/--no-database", help="Include the editors' corrections stored in the database."
    ),
    without_germeval: bool = typer.Option(
        False,
        "--without-germeval",
        help="Leave out GermEval 2017 (CC BY-NC) for a commercially usable model.",
    ),
) -> None:
    """Retrain the sentiment head on the training data plus corrections; writes a new model version."""
    try:
        from analysis.training import NON_COMMERCIAL_FILES, TRAINING_FILES, read_labelled_csv, train
    except ImportError as exc:
        raise _fail(f"training needs the 'train' extra (pip install -e '.[train]'): {exc}") from None
    files = [f for f in TRAINING_FILES if not (without_germeval and f in NON_COMMERCIAL_FILES)]
    missing = [f for f in files if not (data_dir / f).is_file()]
    if missing:
        raise _fail(f"{data_dir}: training file(s) not found: {', '.join(missing)}")
    # Editors' sentiment corrections from the review workspace always count; a CSV may add more.
    pairs: list[tuple[str, str]] = editor_corrections(open_database(), "sentiment") if from_database else []
    if corrections is not None:
        if not corrections.is_file():
            raise _fail(f"{corrections}: no such file")
        try:
            pairs += read_labelled_csv(corrections)
        except ValueError as exc:
            raise _fail(str(exc)) from None
    with Console(stderr=True).status("training…"):
        result = train(data_dir, pairs, out_path, files=files)
    typer.echo(
        f"wrote {result.path} (model {result.version}, {result.examples} examples, "
        f"{result.corrections} corrections)"
    )
