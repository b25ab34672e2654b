"""Find text rewritten by article spinners, show the evidence, and reconstruct the original.

A spinner swaps words for odd synonyms so copied text slips past plagiarism checks ("the
statement said" becomes "the assertion mentioned", "a third round of talks" becomes "a 3rd
spherical of talks"). despin matches a phrase-pair lexicon (spun -> original), scores the
passage, and rewrites the confident findings back. This package is the Python binding of
the Rust crate `despin`; results are dicts with the fields of the `despin --json` contract.

    >>> import despin
    >>> r = despin.analyze("The minister mentioned the 3rd spherical of talks would start final yr.")
    >>> r["reconstructed"]
    'The minister said the 3rd round of talks would start last year.'
    >>> [(f["text"], f["original"]) for f in r["findings"]]
    [('mentioned', 'said'), ('spherical of talks', 'round of talks'), ('final yr', 'last year')]

Functions (built-in lexicon):
    analyze(text, id=None) -> dict         one `despin --json` object (+ char offsets)
    analyze_batch(texts, ids=None, threads=None) -> list[dict]   all cores, GIL released
    analyze_json(text, id=None) -> str     the `despin --jsonl` line itself
    reconstruct(text) -> str               the likely original

Classes:
    Detector(lexicons=[...], builtin=True, fuzzy=False, ...)  build once, share
        .analyze / .analyze_batch / .analyze_json / .analyze_batch_json / .reconstruct
        .screen_paper(text) -> dict        per-paper verdict with a tortured-phrase list
    PpsList.load(path)                     a Problematic Paper Screener list + its report
    DespinError                            bad lexicon row or setting (a ValueError)

Each finding dict has `start`/`end` (byte offsets into the UTF-8 text, as in the JSON
contract) and `char_start`/`char_end` (code-point offsets: `text[f["char_start"]:
f["char_end"]] == f["text"]`). The submodule `despin.jsonl` screens streams of JSON
records (used by the Spark example, `examples/spark_screen.py`).
"""

from despin._despin import (
    ACCEPT_THRESHOLD,
    DEFAULT_FUZZY_SIMILARITY,
    DEFAULT_PASSAGE_ACCEPTANCE,
    DEFAULT_SPUN_THRESHOLD,
    DespinError,
    Detector,
    ListId,
    PpsList,
    PpsReport,
    SkippedRow,
    __version__,
    analyze,
    analyze_batch,
    analyze_json,
    reconstruct,
)

__all__ = [
    "ACCEPT_THRESHOLD",
    "DEFAULT_FUZZY_SIMILARITY",
    "DEFAULT_PASSAGE_ACCEPTANCE",
    "DEFAULT_SPUN_THRESHOLD",
    "DespinError",
    "Detector",
    "ListId",
    "PpsList",
    "PpsReport",
    "SkippedRow",
    "__version__",
    "analyze",
    "analyze_batch",
    "analyze_json",
    "reconstruct",
]


def _detector_from_settings(settings):
    """Rebuild a pickled `Detector` from `Detector.settings()` (used by pickle)."""
    return Detector(**settings)
