"""The folder target: the digest's three files appear together or not at all.

The files are written into a fresh temporary directory beside the target and then renamed into place
in one `os.rename`, so a reader (or the intranet's import job) never sees half a digest.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from reports.publish.records import Bundle, PublishError


def target_name(folder: Path) -> str:
    return f"folder:{folder.resolve()}"


def send(bundle: Bundle, folder: Path) -> Path:
    """Publish into `folder/<stem>/` (`digest.html`, `digest.md`, `digest.json`); returns that directory.

    A directory already there (a forced re-publication) is replaced as a whole.

    Raises:
        PublishError: the folder cannot be written.
    """
    final = folder / bundle.stem
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{bundle.stem}.", dir=folder))
        try:
            for name, content in (
                (f"{bundle.product}.html", bundle.html),
                (f"{bundle.product}.md", bundle.markdown),
                (f"{bundle.product}.json", bundle.json),
            ):
                path = staging / name
                with path.open("w", encoding="utf-8") as stream:
                    stream.write(content)
                    stream.flush()
                    os.fsync(stream.fileno())
            # mkdtemp makes the folder private (0700); the published digest is meant to be read by others.
            os.chmod(staging, 0o755)  # noqa: S103
            old = None
            if final.exists():
                old = folder / f".{bundle.stem}.old"
                shutil.rmtree(old, ignore_errors=True)
                os.rename(final, old)
            os.rename(staging, final)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise PublishError(f"cannot write {final}: {exc.strerror or exc}") from None
    return final
