#!/usr/bin/env python3
"""Screen a corpus for spinner rewrites with Spark: JSON lines or Parquet in, JSON lines out.

    python spark_screen.py INPUT OUTPUT_DIR [--master local[*]] [--format jsonl|parquet]
        [--lexicon PATH]... [--no-builtin] [--fuzzy [SIM]] [--partitions N]
        [--batch-size N] [--threads N] [--overwrite]

INPUT holds records `{"id": ..., "text": ...}`: JSON lines (a file, a directory or a glob,
gzipped or not) or Parquet with a string column `text` and an `id` column. OUTPUT_DIR
receives part files of JSON lines, one line per input record, in input order for JSON
lines (`cat OUTPUT_DIR/part-*`): the object `despin --jsonl` writes for the record (same
fields, same bytes, the record's `id`), or `{"error": "...", "id": ...}` for a record
without a string `text` or a line that is not JSON. Blank JSON lines get no output line,
as with `despin --jsonl`.

Each Python worker process builds one Detector, on its first partition, and keeps it for
every later task (`despin.spark`, `despin.jsonl.shared_detector`). Lexicon files are
shipped to the executors, so the same command line runs on a cluster:

    spark-submit --master yarn --deploy-mode cluster \\
        --conf spark.pyspark.python=python3 \\
        python/examples/spark_screen.py hdfs:///crawl/pages/*.jsonl.gz hdfs:///crawl/despin-out

(the executors' Python needs `despin` installed: `pip install ./python`, or the wheel from
`pip wheel ./python`). Without `--master`, and without a master from `spark-submit`, the job
runs in local mode on every core (`local[*]`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="spark_screen.py",
        description="Screen JSON lines or Parquet records {id, text} with despin on Spark.",
    )
    p.add_argument("input", help="JSON lines or Parquet input (file, directory or glob)")
    p.add_argument("output_dir", help="output directory (must not exist, unless --overwrite)")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--format", choices=["jsonl", "parquet"], default=None,
                   help="input format (default: parquet when INPUT ends in .parquet, else jsonl)")
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="add a lexicon (repeatable): TSV, or a PPS list by extension (.csv, .json)")
    p.add_argument("--no-builtin", action="store_true", help="leave the built-in lexicon out")
    p.add_argument("--fuzzy", nargs="?", const=True, default=False, type=float, metavar="SIM",
                   help="match near-miss spellings of multiword entries (similarity, default 0.9)")
    p.add_argument("--partitions", type=int, default=None, help="minimum input partitions")
    p.add_argument("--batch-size", type=int, default=256, help="records per native batch (default 256)")
    p.add_argument("--threads", type=int, default=None,
                   help="native threads per task (default: spark.task.cpus, normally 1)")
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT_DIR if it exists")
    return p.parse_args(argv)


def get_spark(master: Optional[str]):
    """The session: `master` if given, else the one `spark-submit` set, else local[*]."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    if master is None:
        conf = SparkConf()
        master = conf.get("spark.master") if conf.contains("spark.master") else "local[*]"
    if master.startswith("local"):
        # Local workers run this interpreter (the one with despin installed), not
        # whatever `python3` is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return SparkSession.builder.appName("despin-screen").master(master).getOrCreate()


def run(spark, args: argparse.Namespace) -> dict:
    """Run the job described by parsed `args` on `spark`."""
    from despin.spark import screen

    return screen(
        spark,
        args.input,
        args.output_dir,
        format=args.format,
        lexicons=args.lexicon,
        builtin=not args.no_builtin,
        fuzzy=args.fuzzy,
        partitions=args.partitions,
        batch_size=args.batch_size,
        threads=args.threads,
        overwrite=args.overwrite,
    )


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    spark = get_spark(args.master)
    try:
        stats = run(spark, args)
    except FileNotFoundError as e:
        print(f"spark_screen.py: {e}", file=sys.stderr)
        return 2
    print(f"spark_screen.py: {args.input} -> {args.output_dir} in {stats['seconds']:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
