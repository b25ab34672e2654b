#!/usr/bin/env python3
"""Throughput of the Python binding on the passages the Rust benchmark uses.

    python bench/bench_python.py bench/data/passages.jsonl [ROUNDS] [DESPIN_COMMAND]

Times, ROUNDS times each (interleaved), with the built-in detector:

* `analyze_batch` (dicts with the `despin --json` fields and char offsets; all cores,
  GIL released during the analysis),
* `analyze_batch_json` (the `despin --jsonl` lines as str),
* `analyze` one passage at a time (one core),
* and, given the path of the `despin` command, `despin --jsonl` on the same file (JSON in,
  analysis, reconstruction and JSON lines out on all cores: the Rust program doing what
  `analyze_batch_json` does), its output thrown away.

Prints the median time and throughput (MiB of UTF-8 text per second, passages per second),
MiB per CPU-second of the process (all threads; less sensitive to other load), and the CPU
time of the calling thread per call (the part that holds the interpreter: it bounds how
far `analyze_batch` scales with more cores).
"""

import json
import resource
import statistics
import subprocess
import sys
import time

import despin


def main() -> None:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    command = sys.argv[3] if len(sys.argv) > 3 else None
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    mib = sum(len(t.encode("utf-8")) for t in texts) / 2**20
    d = despin.Detector()
    d.analyze_batch(texts)  # warm up
    runs = {
        "analyze_batch": lambda: d.analyze_batch(texts),
        "analyze_batch_json": lambda: d.analyze_batch_json(texts),
        "analyze one by one": lambda: [d.analyze(t) for t in texts],
    }
    times = {name: [] for name in runs}
    cpu = {name: 0.0 for name in runs}
    calling = {name: 0.0 for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            t, c, m = time.perf_counter(), time.process_time(), time.thread_time()
            result = run()
            times[name].append(time.perf_counter() - t)
            cpu[name] += time.process_time() - c
            calling[name] += time.thread_time() - m
            del result
        if command:
            name = "despin --jsonl (command)"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([command, "--jsonl", path], stdout=subprocess.DEVNULL, check=True)
            times.setdefault(name, []).append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu[name] = cpu.get(name, 0.0) + used
    print(f"{len(texts)} passages, {mib:.2f} MiB of text, {rounds} rounds, Python {sys.version.split()[0]}")
    for name, ts in times.items():
        m = statistics.median(ts)
        label = name if name.startswith("despin") else f"python {name}"
        own = f"; calling thread {calling[name] / rounds * 1000:.0f} CPU-ms per call" if name in calling else ""
        print(
            f"{label}: median {m:.4f} s = {mib / m:.1f} MiB/s, {len(texts) / m:.0f} passages/s; "
            f"CPU {mib * rounds / cpu[name]:.1f} MiB per CPU-second{own}"
        )


if __name__ == "__main__":
    main()
