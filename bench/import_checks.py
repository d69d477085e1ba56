"""Import rate with the schema checks, and with a suppression list to honour (one erased author).

Run: .venv/bin/python -m bench.import_checks [--count N]
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time

from storage.db import make_engine
from storage.erasure import erase_author
from storage.exchange import import_records, parse_jsonl
from storage.migrate import upgrade


def make_lines(count: int) -> str:
    return "\n".join(
        json.dumps(
            {
                "platform": "x",
                "external_id": str(1_800_000_000_000_000_000 + i),
                "created_at": "2026-11-17T09:00:00Z",
                "text": f"Danke an die IT Nr. {i} 🙏 @buerger{i % 500} " * 3,
                "author_handle": f"buerger{i}",
                "author_name": f"Bürger {i}",
                "likes": i % 50,
                "media_urls": ["https://pbs.twimg.com/media/a.jpg"],
                "raw": {"id": str(i), "entities": {"mentions": [{"username": f"buerger{i % 500}"}]}},
            }
        )
        for i in range(count)
    )


def run(lines: str, *, erased: bool) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite")
        upgrade(engine)
        if erased:
            erase_author(engine, "buerger7", actor="bench")
        start = time.perf_counter()
        result = import_records(engine, parse_jsonl(io.StringIO(lines)), default_source="bench")
        seconds = time.perf_counter() - start
        engine.dispose()
    return result.read, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    lines = make_lines(args.count)
    for erased in (False, True):
        read, seconds = run(lines, erased=erased)
        label = "one erased author" if erased else "no suppression list"
        print(f"{label}: {read:,} lines in {seconds:.2f} s = {read / seconds:,.0f} lines/s")


if __name__ == "__main__":
    main()
