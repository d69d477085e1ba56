"""Time the praise and irony step per text: masking, the learned model and the keyword rules.

Run: .venv/bin/python -m bench.praise_speed [--data ../shared/data/praise/germeval2017_praise_train.csv]
Target (issue 8): the learned praise decision adds at most about 0.3 ms per text to the classifier, so
the whole classifier can reach 1,000 texts per second on one core. Real posts are read from the shared
praise file when it is there (never printed); otherwise the invented posts of tests/analysis/praise_set.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from bench.classify_speed import pin_to_one_core

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "praise" / "germeval2017_praise_train.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    core = pin_to_one_core()

    from analysis.irony import detect_irony
    from analysis.praise import detect_praise
    from analysis.praise_features import Context, addressing
    from analysis.praise_model import PraiseModel, decide
    from analysis.praise_training import DEUTSCHE_BAHN

    path = args.data if args.data.is_file() else REPO / "tests" / "analysis" / "praise_set.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    # Distinct texts each round, so the cue matcher's cache cannot help.
    rounds = [[f"{t} #{r}" for t in texts] for r in range(args.repeats)]
    model = PraiseModel.load()
    organisation = DEUTSCHE_BAHN
    context = Context(platform="x", source="x:search:bahn")

    def learned(batch: list[str]) -> None:
        for text in batch:
            masked = organisation.mask(text)
            address = addressing(text, context, organisation)
            rule = detect_praise(masked, positive=0.5, negative=0.2, addressed=address.how or None)
            irony = detect_irony(masked, negative=0.2)
            scores = model.score(text, context, organisation, masked=masked)
            decide(scores, model.thresholds, rule_praise=rule.praise, rule_irony=irony.irony)

    def rules_only(batch: list[str]) -> None:
        for text in batch:
            detect_praise(text, positive=0.5, negative=0.2)
            detect_irony(text, negative=0.2)

    figures: dict[str, object] = {
        "core": core,
        "file": path.name,
        "texts": len(texts),
        "model": model.version,
    }
    for name, step in (("rules_only", rules_only), ("learned_decision", learned)):
        best = float("inf")
        for batch in rounds:
            start = time.perf_counter()
            step(batch)
            best = min(best, time.perf_counter() - start)
        figures[f"{name}_ms_per_text"] = round(1000 * best / len(texts), 3)
    figures["added_ms_per_text"] = round(
        float(str(figures["learned_decision_ms_per_text"])) - float(str(figures["rules_only_ms_per_text"])), 3
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
