#!/usr/bin/env python3
"""Write the benchmark inputs (git-ignored, under python/bench/data/) from ../shared/corpus.

    python bench/make_passages.py [--repeat N] [--spark-rows N]

* data/passages.jsonl: the corpus cut into passages of at most 2,000 characters
  (tests/corpus.py `passages`), `{"id": i, "text": ...}` per line, the list repeated
  `--repeat` times (default 10) so one batch is several MB.
* data/spark-input.jsonl: `--spark-rows` records (default 20,000) cycling through the
  same passages, for the Spark job against `despin --jsonl`.
"""

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from corpus import CORPUS, corpus_texts, passages  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--spark-rows", type=int, default=20_000)
    args = p.parse_args()
    cut = passages([t for _, t in corpus_texts(CORPUS)], 2000)
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    batch = cut * args.repeat
    with open(data / "passages.jsonl", "w", encoding="utf-8") as f:
        for i, t in enumerate(batch):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    with open(data / "spark-input.jsonl", "w", encoding="utf-8") as f:
        for i in range(args.spark_rows):
            f.write(json.dumps({"id": i, "text": cut[i % len(cut)]}, ensure_ascii=False) + "\n")
    size = sum(len(t.encode("utf-8")) for t in batch)
    print(
        f"{len(cut)} distinct passages (mean {sum(map(len, cut)) / len(cut):.0f} chars); "
        f"passages.jsonl: {len(batch)} passages, {size / 2**20:.2f} MiB of text; "
        f"spark-input.jsonl: {args.spark_rows} records",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
