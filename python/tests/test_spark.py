"""The Spark job in local mode: a few thousand rows, every result checked against the
`despin --jsonl` command; bad rows become error rows and never fail the job."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Sequence

import pytest

from conftest import _require
from corpus import passages

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPT = EXAMPLES / "spark_screen.py"


def _spark_available() -> str:
    """Why Spark cannot run here, or '' when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime (java on PATH or JAVA_HOME)"
    return ""


@pytest.fixture(scope="module")
def spark():
    why = _spark_available()
    if why:
        _require("DESPIN_REQUIRE_SPARK", why)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("despin-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# Bad rows, each with what makes it bad (every one is an error row for the command too).
BAD_LINES = [
    '{"id": "no-text"}',
    '{"id": "int-text", "text": 42}',
    '{"id": "null-text", "text": null}',
    '{"id": "list-text", "text": ["a", "b"]}',
    '{"id": "surrogate", "text": "lone \\ud800 surrogate"}',
    'this is not JSON',
    '["an", "array"]',
    '{"id": "truncated", "text": "no end',
    '{"id": 1, "text": NaN}',
]


@pytest.fixture(scope="module")
def rows(texts) -> List[str]:
    """About 3,800 input lines: corpus passages of four sizes with ids of several JSON
    types, bad rows every 97 lines, and a few blank lines."""
    bodies = [t for _, t in texts]
    good = passages(bodies, 2000) + passages(bodies, 1000) + passages(bodies, 600) + passages(bodies[::2], 300)
    lines: List[str] = []
    bad = 0
    for i, text in enumerate(good):
        id = i if i % 3 else f"row-{i}"
        if i % 5 == 4:
            id = {"n": i, "tag": ["spark", None]}
        lines.append(json.dumps({"id": id, "text": text}, ensure_ascii=(i % 2 == 0)))
        if i % 97 == 0:
            lines.append(BAD_LINES[bad % len(BAD_LINES)])
            bad += 1
        if i % 1000 == 500:
            lines.append("")
    assert len(lines) >= 3000
    return lines


def _command_lines(cli, path: Path, args: Sequence[str] = ()) -> List[str]:
    """The command's answers to the records of `path`. Blank lines are left out of its
    input: the job gives them no line, and whether the command answers them is its own
    choice."""
    records = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    data = ("\n".join(records) + "\n").encode("utf-8")
    return cli.run(["--jsonl", *args], data, ok_codes=(0, 1)).splitlines()


def _job_lines(out: Path) -> List[str]:
    parts = sorted(out.glob("part-*"))
    assert parts and (out / "_SUCCESS").exists()
    return [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]


def _check_against_command(ours: List[str], theirs: List[str]) -> int:
    """Every good line byte-identical to the command's; every bad line an error row in
    both. Returns the number of error rows."""
    assert len(ours) == len(theirs)
    errors = 0
    for o, t in zip(ours, theirs):
        tj = json.loads(t)
        if "error" in tj:
            oj = json.loads(o)
            assert set(oj) == {"error", "id"} and oj["error"], o
            errors += 1
        else:
            assert o == t
    return errors


def test_spark_jsonl_job_matches_the_command(spark, cli, rows, tmp_path):
    sys.path.insert(0, str(EXAMPLES))
    import spark_screen

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = spark_screen.parse_args([str(src), str(out), "--partitions", "4", "--batch-size", "64"])
    spark_screen.run(spark, args)
    ours = _job_lines(out)
    theirs = _command_lines(cli, src)
    errors = _check_against_command(ours, theirs)
    assert errors == sum(1 for line in rows if line in BAD_LINES)
    assert len(ours) == sum(1 for line in rows if line.strip()) >= 3000
    # Error rows keep the id when it could be read.
    by_id = {json.loads(o).get("id") for o in ours if "error" in json.loads(o)}
    assert {"no-text", "int-text", "null-text", "surrogate"} <= by_id


def test_spark_parquet_job_matches_the_command(spark, cli, rows, tmp_path):
    sys.path.insert(0, str(EXAMPLES))
    import spark_screen

    records = []
    for line in rows:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and (isinstance(obj.get("text"), str) or obj.get("text") is None):
            text = obj.get("text")
            if text is not None and any(0xD800 <= ord(c) <= 0xDFFF for c in text):
                continue
            records.append((f"{len(records)}:{json.dumps(obj.get('id'))}", text))
    src = tmp_path / "in.parquet"
    spark.createDataFrame(records, "id string, text string").repartition(3).write.parquet(str(src))
    out = tmp_path / "out"
    spark_screen.run(spark, spark_screen.parse_args([str(src), str(out)]))
    ours = _job_lines(out)
    # Parquet keeps no input order across repartitioning: compare by id.
    ours_by_id = {json.loads(o)["id"]: o for o in ours}
    assert len(ours_by_id) == len(records)
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8"
    )
    theirs = _command_lines(cli, jsonl)
    nulls = 0
    for (id, text), t in zip(records, theirs):
        if text is None:
            assert json.loads(ours_by_id[id]) == {"error": 'field "text" is not a string', "id": id}
            nulls += 1
        else:
            assert ours_by_id[id] == t
    assert nulls >= 1
    # A Parquet file without a text column: every row an error row, the job still succeeds.
    no_text = tmp_path / "ids.parquet"
    spark.createDataFrame([(1,), (2,)], "id long").write.parquet(str(no_text))
    out2 = tmp_path / "out2"
    spark_screen.run(spark, spark_screen.parse_args([str(no_text), str(out2), "--format", "parquet"]))
    assert sorted(json.loads(x)["id"] for x in _job_lines(out2)) == [1, 2]
    assert all(json.loads(x)["error"] == 'missing field "text"' for x in _job_lines(out2))


def test_spark_script_runs_as_a_program(spark, cli, rows, tmp_path):
    # The command line as a user runs it (its own driver process), with a lexicon shipped
    # to the executors.
    tsv = tmp_path / "extra.tsv"
    tsv.write_text("spherical\tround\nbosom peril\tbreast cancer\ttortured-science\t0.95\n", encoding="utf-8")
    src = tmp_path / "small.jsonl"
    src.write_text("\n".join(rows[:300]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()  # exists: needs --overwrite
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    cmd = [sys.executable, str(SCRIPT), str(src), str(out), "--master", "local[2]",
           "--lexicon", str(tsv), "--fuzzy", "--overwrite"]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    theirs = _command_lines(cli, src, ["--lexicon", str(tsv), "--fuzzy"])
    _check_against_command(_job_lines(out), theirs)
