"""Screen a corpus with Spark: JSON lines or Parquet records `{id, text}` in, JSON lines out.

`screen(spark, input, output_dir, ...)` is what `examples/spark_screen.py` runs. It lives
in the package so that executors import it by name: each Python worker process then
keeps one `Detector` (built on its first partition, `despin.jsonl.shared_detector`) for
every later task it runs. PySpark itself is imported only when these functions run.

Output: part files of JSON lines under `output_dir`, one line per input record, in input
order for JSON lines (`cat output_dir/part-*`): the line `despin --jsonl` writes for the
record, or `{"error": "...", "id": ...}` for a record that is not a JSON object with a
string `text`. Blank input lines get no output line, as with the command.
"""

from __future__ import annotations

import functools
import os
import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Union

__all__ = ["screen", "partition_screener"]


def _executor_detector(settings: Dict[str, Any]):
    from pyspark import SparkFiles

    from despin.jsonl import shared_detector

    resolved = dict(settings)
    # Lexicon files were shipped with `SparkContext.addFile`; find this node's copy.
    resolved["lexicons"] = [SparkFiles.get(name) for name in settings.get("lexicons", [])]
    return shared_detector(**resolved)


def _task_threads(threads: Optional[int]) -> int:
    if threads is not None:
        return threads
    from pyspark import TaskContext

    ctx = TaskContext.get()
    try:
        return max(1, int(ctx.cpus())) if ctx is not None else 1
    except Exception:  # a Spark without TaskContext.cpus
        return 1


def _screen_partition(
    settings: Dict[str, Any], jsonl: bool, batch_size: int, threads: Optional[int], items: Iterable[Any]
) -> Iterator[str]:
    from despin.jsonl import screen_lines, screen_records

    detector = _executor_detector(settings)
    n = _task_threads(threads)
    if jsonl:
        return screen_lines(items, detector, batch_size=batch_size, threads=n)
    return screen_records(items, detector, batch_size=batch_size, threads=n)


def partition_screener(
    settings: Dict[str, Any], jsonl: bool, batch_size: int = 256, threads: Optional[int] = None
) -> Callable[[Iterable[Any]], Iterator[str]]:
    """The function to give `RDD.mapPartitions`: input lines (`jsonl`) or Rows in, output
    lines out, in order. `settings` are `Detector` keyword arguments, with lexicons named
    by the file names given to `SparkContext.addFile`. `threads` per task defaults to
    `spark.task.cpus` (1): Spark already runs one task per core. A `functools.partial`
    of a module function, so executors import it by name rather than unpickling code."""
    return functools.partial(_screen_partition, settings, jsonl, batch_size, threads)


def _delete(spark, path: str) -> None:
    sc = spark.sparkContext
    hpath = sc._jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
    if fs.exists(hpath):
        fs.delete(hpath, True)


def screen(
    spark,
    input: Union[str, os.PathLike],
    output_dir: Union[str, os.PathLike],
    *,
    format: Optional[str] = None,
    lexicons: Sequence[Union[str, os.PathLike]] = (),
    builtin: bool = True,
    fuzzy: Union[bool, float] = False,
    partitions: Optional[int] = None,
    batch_size: int = 256,
    threads: Optional[int] = None,
    overwrite: bool = False,
) -> Dict[str, Any]:
    """Screen `input` into JSON lines under `output_dir` with a `SparkSession`.

    `format` is `"jsonl"` or `"parquet"` (default: parquet when the path ends in
    `.parquet`). JSON lines are read as text and parsed on the executors, so ids keep
    their JSON type and a bad line becomes an error row. Parquet needs a `text` column
    (string) and may have an `id` column of any type. `lexicons` are local paths, shipped
    to the executors. Returns `{"seconds": ...}`.
    """
    started = time.perf_counter()
    input, output_dir = os.fspath(input), os.fspath(output_dir)
    if format is None:
        format = "parquet" if input.rstrip("/").lower().endswith(".parquet") else "jsonl"
    if format not in ("jsonl", "parquet"):
        raise ValueError(f"format must be 'jsonl' or 'parquet', not {format!r}")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    sc = spark.sparkContext
    names: List[str] = []
    for path in map(os.fspath, lexicons):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such lexicon file")
        sc.addFile(os.path.abspath(path))
        names.append(os.path.basename(path))
    if overwrite:
        _delete(spark, output_dir)
    settings = {"lexicons": names, "builtin": builtin, "fuzzy": fuzzy}
    if format == "jsonl":
        items = sc.textFile(input, minPartitions=partitions) if partitions else sc.textFile(input)
    else:
        frame = spark.read.parquet(input)
        columns = [c for c in ("id", "text") if c in frame.columns]
        items = (frame.select(*columns) if columns else frame).rdd
        if partitions and items.getNumPartitions() < partitions:
            items = items.repartition(partitions)
    fn = partition_screener(settings, format == "jsonl", batch_size, threads)
    items.mapPartitions(fn).saveAsTextFile(output_dir)
    return {"seconds": time.perf_counter() - started}
