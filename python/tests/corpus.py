"""Texts for the tests and benchmarks, read at run time from `<repo>/../shared/corpus`.

Nothing read here is copied into the repository: passages are cut in memory (or into
git-ignored files under `python/bench/data/`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, List, Tuple

#: The repository root (this file is `<repo>/python/tests/corpus.py`).
REPO = Path(__file__).resolve().parents[2]
#: `../shared` beside the repository, or `$DESPIN_SHARED`.
SHARED = Path(os.environ.get("DESPIN_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
#: The files read, in this order.
CORPUS_FILES = ("clean.jsonl", "spun-only.jsonl", "train-pairs.jsonl")


def corpus_texts(corpus: Path = CORPUS) -> List[Tuple[str, str]]:
    """Every text of the corpus as `(id, text)`: the `text` of clean and spun-only pages,
    the `spun` and `original` of each pair (ids suffixed `/spun`, `/original`)."""
    out: List[Tuple[str, str]] = []
    for name in CORPUS_FILES:
        with open(corpus / name, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                obj = json.loads(line)
                if "text" in obj:
                    out.append((str(obj["id"]), obj["text"]))
                else:
                    out.append((f"{obj['id']}/spun", obj["spun"]))
                    out.append((f"{obj['id']}/original", obj["original"]))
    return out


def passages(texts: Iterable[str], size: int = 2000) -> List[str]:
    """The texts joined by blank lines and cut into passages of at most `size` characters
    (code points), each cut at the last space of its second half, so passages are close to
    `size` and words are not split."""
    stream = "\n\n".join(texts)
    out: List[str] = []
    i = 0
    while i < len(stream):
        end = min(i + size, len(stream))
        if end < len(stream):
            cut = stream.rfind(" ", i + size // 2, end)
            if cut > i:
                end = cut
        out.append(stream[i:end])
        i = end
    return out
