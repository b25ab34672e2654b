#!/usr/bin/env bash
# The figures of python/REPORT.md: the binding's batch throughput against the Rust library
# on the same 2,000-character passages, and the Spark job in local mode against the
# single-process `despin --jsonl` on the same input.
#
#   python/bench/run.sh [ROUNDS] [SPARK_ROWS]      (defaults 15 and 100000)
#
# Needs $PYTHON (default python/.venv/bin/python, as ci.sh leaves it) with maturin and
# pyspark (the package is reinstalled into it from ./python first, so the binding and the
# command come from the same library source), Java, and ../shared/corpus. Inputs and
# outputs go to python/bench/data and python/bench/out (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-$repo/python/.venv/bin/python}"
rounds="${1:-15}"
spark_rows="${2:-100000}"
cd "$repo"

echo "== machine: $(nproc) cores, $(uname -srm), load $(cut -d' ' -f1-3 /proc/loadavg)"
# The binding and the command from the same library source, whatever it is now.
PATH="$(dirname "$py"):$PATH" nice "$py" -m pip install --quiet --no-build-isolation --no-deps --force-reinstall ./python
"$py" python/bench/make_passages.py --spark-rows "$spark_rows"
cargo build --release --quiet --manifest-path python/bench/rust/Cargo.toml
cargo build --release --quiet --example despin
bench_bin="python/bench/rust/target/release/despin-batch-bench"
passages="python/bench/data/passages.jsonl"

echo
echo "== batch throughput, 3 alternating runs of $rounds rounds each (median per run)"
for run in 1 2 3; do
    echo "-- run $run, load $(cut -d' ' -f1 /proc/loadavg)"
    "$bench_bin" "$passages" "$rounds" | grep '^rust'
    "$py" python/bench/bench_python.py "$passages" "$rounds" target/release/examples/despin | grep -E '^(python|despin)'
done

echo
echo "== Spark local mode against despin --jsonl ($spark_rows records)"
input="python/bench/data/spark-input.jsonl"
out="python/bench/out"
mkdir -p "$out"
echo "input: $(du -m "$input" | cut -f1) MB"
cli="$repo/target/release/examples/despin"
spark() {  # INPUT OUTPUT: the job in local mode on every core; prints wall and job seconds
    local start end
    start=$EPOCHREALTIME
    PYSPARK_PYTHON="$py" "$py" python/examples/spark_screen.py "$1" "$2" \
        --master 'local[*]' --overwrite 2> "$out/spark.log"
    end=$EPOCHREALTIME
    echo "spark_screen.py local[*]: $(awk "BEGIN{printf \"%.2f\", $end - $start}") s wall (JVM start included); $(grep -o 'in [0-9.]* s' "$out/spark.log" | tail -1 | sed 's/in /job /')"
}
for run in 1 2; do
    echo "-- run $run, load $(cut -d' ' -f1 /proc/loadavg)"
    start=$EPOCHREALTIME
    "$cli" --jsonl "$input" > "$out/cli.jsonl"
    end=$EPOCHREALTIME
    echo "despin --jsonl: $(awk "BEGIN{printf \"%.2f\", $end - $start}") s wall"
    spark "$input" "$out/spark"
done
if cmp -s <(cat "$out"/spark/part-*) "$out/cli.jsonl"; then
    echo "outputs identical: $(wc -l < "$out/cli.jsonl") lines"
else
    echo "OUTPUTS DIFFER" >&2
    exit 1
fi
echo "-- fixed cost: the first 100 records, load $(cut -d' ' -f1 /proc/loadavg)"
head -100 "$input" > "$out/small.jsonl"
spark "$out/small.jsonl" "$out/spark-small"
