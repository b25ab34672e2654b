"""Batches equal one-by-one analysis; one Detector shared by many threads; the GIL is free."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import despin


def test_batch_equals_one_by_one(passages_2k, texts):
    sample = passages_2k[:300] + [t for _, t in texts[:100]] + [""]
    one_by_one = [despin.analyze(t) for t in sample]
    for threads in (None, 1, 2, 3, 64):
        assert despin.analyze_batch(sample, threads=threads) == one_by_one
    d = despin.Detector(fuzzy=True)
    assert d.analyze_batch(sample) == [d.analyze(t) for t in sample]
    assert d.analyze_batch_json(sample, threads=2) == [d.analyze_json(t) for t in sample]


def test_batch_takes_any_iterable_and_ids(passages_2k):
    sample = passages_2k[:20]
    ids = [f"p{i}" for i in range(20)]
    from_generator = despin.analyze_batch((t for t in sample), ids=iter(ids))
    assert [r["id"] for r in from_generator] == ids
    assert from_generator == [despin.analyze(t, i) for t, i in zip(sample, ids)]
    assert despin.analyze_batch([]) == []
    assert despin.Detector().analyze_batch_json(()) == []
    assert despin.analyze_batch(tuple(sample))[3] == despin.analyze(sample[3])


def test_results_share_no_mutable_object(passages_2k):
    # Equal strings and numbers may be one object across the dicts of a call (they are
    # immutable); every dict and list is a new one.
    text = "The minister mentioned the 3rd spherical of talks would start final yr."
    sample = [text, passages_2k[0], text, passages_2k[0]]
    first, _, second, _ = despin.analyze_batch(sample)
    assert first == second == despin.analyze(text)
    first["findings"][0]["candidates"].append("x")
    first["findings"][0]["text"] = "changed"
    first["findings"].append({})
    first["sections"].append({})
    assert second == despin.analyze(text)
    ids = [[1], [2]]
    batch = despin.analyze_batch([text, text], ids=ids)
    assert [r["id"] for r in batch] == ids and batch[0]["id"] is ids[0]


def test_str_subclasses_come_back_as_str():
    class Text(str):
        pass

    unchanged = Text("Plain words, nothing to rewrite here.")
    spun = Text("The minister mentioned the 3rd spherical of talks would start final yr.")
    for r in (despin.analyze(unchanged), *despin.analyze_batch([unchanged, spun])):
        assert type(r["reconstructed"]) is str
        for f in r["findings"] + r["unaccepted"]:
            assert all(type(f[k]) is str for k in ("text", "original", "family", "tier"))
    assert despin.analyze(unchanged)["reconstructed"] == unchanged


def test_threads_share_one_detector(passages_2k):
    d = despin.Detector()
    sample = passages_2k[:120]
    expected = [d.analyze(t) for t in sample]

    def work(k):
        if k % 3 == 0:
            return d.analyze_batch(sample, threads=2)
        if k % 3 == 1:
            return [d.analyze(t) for t in sample]
        return [r for r in d.analyze_batch(sample[:60])] + [d.analyze(t) for t in sample[60:]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(24)))
    for r in results:
        assert r == expected


def test_analyze_batch_releases_the_gil(passages_2k):
    # A Python thread keeps counting while a long batch runs in native threads.
    sample = passages_2k * 6
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    started = time.perf_counter()
    t.start()
    try:
        before = ticks
        despin.Detector().analyze_batch_json(sample, threads=1)
        during = ticks - before
    finally:
        stop.set()
        t.join()
    elapsed = time.perf_counter() - started
    # Holding the GIL for the whole call would leave the counter at (nearly) zero.
    assert elapsed < 0.05 or during >= 5, (during, elapsed)
