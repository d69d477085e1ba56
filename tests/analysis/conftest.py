"""Fixtures shared by the analysis tests: one classifier per session, since loading it takes a moment."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.classifier import Classifier

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SENTIMENT = REPO_ROOT.parent / "shared" / "data" / "sentiment"


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return Classifier.default(
        own_handles={"StadtIT_Demo", "kater.joey.demo"}, staff_handles={"@anna_admin_demo"}
    )
