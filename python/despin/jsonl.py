"""Screen streams of records into the JSON lines of `despin --jsonl`, for batch engines.

Spark, Dask, multiprocessing pools or a plain loop over a file can use these to turn
records `{"id": ..., "text": ...}` into output lines, one per record, in order:

* a good record becomes the line `despin --jsonl` writes for it (same fields, same
  bytes: `Detector.analyze_batch_json`);
* a bad record (not a JSON object, no `text`, a `text` that is not a string or not valid
  Unicode) becomes `{"error": "...", "id": ...}`, with the record's id when it could be
  read, so one bad row never fails a job.

Records are analysed in batches on the process's cores (`threads`), with one detector
per process and setting (`shared_detector`), built on first use and reused by every
later batch, task or partition the process runs.

    >>> from despin.jsonl import screen_lines
    >>> lines = ['{"id": 1, "text": "The assertion mentioned a 3rd spherical of talks."}', '{"id": 2}']
    >>> out = list(screen_lines(lines))
    >>> out[1]
    '{"error":"missing field \\\\"text\\\\"","id":2}'
"""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from despin._despin import Detector

__all__ = ["screen_lines", "screen_records", "shared_detector", "error_line", "json_safe"]

#: Records analysed per call into the native batch (bounded memory, full cores).
DEFAULT_BATCH_SIZE = 256

_detectors: Dict[Tuple[Any, ...], Detector] = {}
_detectors_lock = threading.Lock()


def _settings_key(settings: Mapping[str, Any]) -> Tuple[Any, ...]:
    def freeze(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return tuple(freeze(x) for x in v)
        return v

    return tuple(sorted((k, freeze(v)) for k, v in settings.items()))


def shared_detector(**settings: Any) -> Detector:
    """The process's `Detector` for these settings (`Detector(**settings)`), built once.

    Later calls with equal settings return the same object, so a worker process that runs
    many tasks (Spark reuses its Python workers) compiles the lexicon once. Thread-safe.
    """
    key = _settings_key(settings)
    with _detectors_lock:
        detector = _detectors.get(key)
        if detector is None:
            detector = Detector(**settings)
            _detectors[key] = detector
        return detector


def json_safe(value: Any) -> Any:
    """`value` with anything JSON cannot hold turned into its `str` (Parquet ids may be
    dates or decimals); None, bool, int, float, str, lists and str-keyed dicts stay."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if hasattr(value, "asDict"):  # a Spark Row (nested struct)
        return json_safe(value.asDict(recursive=True))
    return str(value)


def error_line(id: Any, message: str) -> str:
    """The output line for a bad record: `{"error": message, "id": id}` (compact, keys in
    the contract's alphabetical order)."""
    record = {"error": message, "id": json_safe(id)}
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # an id with lone surrogates: escape them
        line = json.dumps(record, separators=(",", ":"))
    return line


# One slot per input record: (id, text) for a good one, (id, None, message) for a bad one.
_Slot = Tuple[Any, ...]


def _check(record: Any) -> _Slot:
    """Validate one parsed record, with the `despin` command's messages."""
    if isinstance(record, Mapping):
        fields = record
    elif hasattr(record, "asDict"):  # a Spark Row
        fields = record.asDict()
    else:
        return (None, None, 'expected a JSON object with a "text" field')
    id = json_safe(fields.get("id"))
    if "text" not in fields:
        return (id, None, 'missing field "text"')
    text = fields["text"]
    if not isinstance(text, str):
        return (id, None, 'field "text" is not a string')
    return (id, text)


def _flush(detector: Detector, slots: List[_Slot], threads: Optional[int]) -> Iterator[str]:
    good = [s for s in slots if len(s) == 2]
    try:
        lines = iter(
            detector.analyze_batch_json(
                [s[1] for s in good], [s[0] for s in good], threads=threads
            )
        )
    except (ValueError, TypeError):
        # Some text or id cannot be encoded (a lone surrogate): answer one by one so
        # only that record becomes an error line.
        lines = iter([_one(detector, s) for s in good])
    for s in slots:
        if len(s) == 2:
            yield next(lines)
        else:
            yield error_line(s[0], s[2])


def _one(detector: Detector, slot: _Slot) -> str:
    id, text = slot
    try:
        return detector.analyze_json(text, id)
    except ValueError as e:
        field = "id" if str(e).startswith("id") else "text"
        return error_line(id, f'field "{field}" is not valid Unicode: {e.__cause__ or e}')
    except TypeError as e:
        return error_line(None, f'field "id" cannot be written as JSON: {e}')


def _screen(
    slots: Iterable[_Slot],
    detector: Optional[Detector],
    batch_size: int,
    threads: Optional[int],
) -> Iterator[str]:
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    detector = detector if detector is not None else shared_detector()
    batch: List[_Slot] = []
    for slot in slots:
        batch.append(slot)
        if len(batch) >= batch_size:
            yield from _flush(detector, batch, threads)
            batch = []
    if batch:
        yield from _flush(detector, batch, threads)


def screen_records(
    records: Iterable[Any],
    detector: Optional[Detector] = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    threads: Optional[int] = None,
) -> Iterator[str]:
    """Output lines for parsed records (dicts or Spark Rows with `id` and `text`), one per
    record, in order. `detector` defaults to the process's built-in one; `threads` to
    every core (give 1 inside an engine that already runs a process per core)."""
    return _screen((_check(r) for r in records), detector, batch_size, threads)


def _parse(line: str) -> Optional[_Slot]:
    """One input line as a slot, `None` for a blank line (which gets no output line)."""
    line = line.strip()
    if not line:
        return None
    try:
        record = json.loads(line, parse_constant=_reject_constant)
    except ValueError as e:
        return (None, None, f"malformed JSON: {e}")
    return _check(record)


def _reject_constant(name: str) -> Any:
    # JSON has no NaN or Infinity; the command rejects them too.
    raise ValueError(f"{name} is not JSON")


def screen_lines(
    lines: Iterable[str],
    detector: Optional[Detector] = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    threads: Optional[int] = None,
) -> Iterator[str]:
    """Output lines for JSON input lines `{"id": ..., "text": ...}`, as `despin --jsonl`
    answers them: one per non-blank line, in order (blank lines get none); a line that is
    not a JSON object with a string `text` gets an error line."""
    slots = (s for s in (_parse(line) for line in lines) if s is not None)
    return _screen(slots, detector, batch_size, threads)
