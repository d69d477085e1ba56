from __future__ import annotations

import pytest

from reports.palette import TEXT_PAIRS, contrast_ratio


@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_every_text_colour_has_aa_contrast_on_its_background(foreground: str, background: str) -> None:
    assert contrast_ratio(foreground, background) >= 4.5


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
