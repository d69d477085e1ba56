"""Peak memory of `praise import` on 1,000,000 JSON lines, labelling included (target: under 300 MB).

Run: .venv/bin/python -m bench.import_memory [--lines N] [--no-classify] [--real ../shared/data/sentiment]
The import runs as a child process, exactly as users run it (`praise import FILE`, which labels the new
mentions after storing them), so its peak RSS is measured alone. `--no-classify` leaves the labelling
out, to tell the import's own share from the classifier's. `--real DIR` takes the texts from the real
tweets of the shared sentiment files (3,876 dev posts, read but never printed) in turn, each line's
number appended so that no two lines are the same post; without it every text is one short invented line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.classify_speed import real_texts

START = datetime(2024, 1, 1, tzinfo=UTC)


def write_lines(path: Path, count: int, texts: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            if texts:
                text = f"{texts[i % len(texts)]} {i}"
            else:
                text = f"Vielen Dank an die IT für den neuen Laptop, Nummer {i} 💻🙏"
            line: dict[str, object] = {
                "platform": "x" if i % 3 else "instagram",
                "external_id": str(1_700_000_000_000_000_000 + i),
                "kind": "post",
                "created_at": (START + timedelta(seconds=83 * i)).isoformat().replace("+00:00", "Z"),
                "text": text,
                "author_handle": f"person{i % 20000}",
                "likes": i % 40,
                "media_urls": [],
                "raw": {"id": str(i)},
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--no-classify", action="store_true", help="measure the import without labelling")
    parser.add_argument("--real", type=Path, metavar="DATA_DIR", help="texts from the shared real tweets")
    args = parser.parse_args()
    texts = real_texts(args.real) if args.real else None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "mentions.jsonl"
        write_lines(source, args.lines, texts)
        env = {**os.environ, "PRAISE_DATABASE_URL": f"sqlite:///{tmp}/import.sqlite"}
        started = time.perf_counter()
        command = [sys.executable, "-m", "praise", "import", str(source)]
        if args.no_classify:
            command.insert(-1, "--no-classify")
        subprocess.run(
            command,
            check=True,
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
        size_mb = source.stat().st_size / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kind = f"real tweets from {args.real}" if args.real else "invented short lines"
    print(f"lines: {args.lines:,} ({size_mb:.0f} MB), {kind}")
    what = "import only (--no-classify)" if args.no_classify else "import and labelling"
    print(f"{what}: {elapsed:.1f} s ({args.lines / elapsed:,.0f} lines/s)")
    print(f"peak RSS of the import process: {peak_mb:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
