"""Shared fixtures: the corpus beside the repository and the `despin` command to compare with.

Environment:
    DESPIN_SHARED           the shared directory (default `<repo>/../shared`)
    DESPIN_BIN              the `despin` command (default `<repo>/target/release/examples/despin`,
                            built with `cargo build --release --example despin` when missing)
    DESPIN_REQUIRE_SHARED=1 fail, instead of skip, when the corpus is missing (CI)
    DESPIN_REQUIRE_SPARK=1  fail, instead of skip, when Spark or Java is missing (CI)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, REPO, corpus_texts, passages  # noqa: E402

DESPIN_BIN = Path(os.environ.get("DESPIN_BIN", REPO / "target" / "release" / "examples" / "despin"))

CHAR_KEYS = ("char_start", "char_end")


def strip_chars(record: Dict[str, Any]) -> Dict[str, Any]:
    """A record dict without the code-point offsets the binding adds: what the command
    prints for the same text."""
    out = dict(record)
    for key in ("findings", "unaccepted", "sections"):
        if key in out:
            out[key] = [{k: v for k, v in item.items() if k not in CHAR_KEYS} for item in out[key]]
    return out


def compact(obj: Any) -> str:
    """JSON as the command writes it: compact, UTF-8 kept."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _require(env: str, reason: str) -> None:
    if os.environ.get(env) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def texts() -> List[Tuple[str, str]]:
    """Every corpus text as (id, text)."""
    if not (CORPUS / "clean.jsonl").exists():
        _require("DESPIN_REQUIRE_SHARED", f"corpus not found at {CORPUS}")
    return corpus_texts()


@pytest.fixture(scope="session")
def passages_2k(texts) -> List[str]:
    """The corpus cut into passages of about 2,000 characters."""
    return passages([t for _, t in texts], 2000)


@pytest.fixture(scope="session")
def despin_bin() -> Path:
    """The `despin` command, built if missing."""
    if not DESPIN_BIN.exists():
        subprocess.run(
            ["cargo", "build", "--release", "--example", "despin"], cwd=REPO, check=True
        )
    assert DESPIN_BIN.exists(), f"{DESPIN_BIN} was not built"
    return DESPIN_BIN


class Cli:
    """Runs the `despin` command."""

    def __init__(self, path: Path):
        self.path = path

    def run(self, args: Sequence[str], data: bytes, ok_codes: Sequence[int] = (0,)) -> str:
        p = subprocess.run(
            [str(self.path), *args], input=data, capture_output=True, timeout=600
        )
        assert p.returncode in ok_codes, p.stderr.decode("utf-8", "replace")
        return p.stdout.decode("utf-8")

    def jsonl(self, records: Sequence[Tuple[Any, str]], args: Sequence[str] = ()) -> List[str]:
        """Output lines of `--jsonl` for (id, text) records."""
        data = "".join(compact({"id": i, "text": t}) + "\n" for i, t in records)
        out = self.run(["--jsonl", *args], data.encode("utf-8"))
        lines = out.splitlines()
        assert len(lines) == len(records)
        return lines

    def json(self, text: str, args: Sequence[str] = ()) -> str:
        """The `--json` line for one whole text."""
        return self.run(["--json", *args], text.encode("utf-8")).rstrip("\n")


@pytest.fixture(scope="session")
def cli(despin_bin) -> Cli:
    return Cli(despin_bin)


def tricky_texts() -> List[str]:
    """Edge cases written for these tests: empty, whitespace, non-ASCII, quotes, braces,
    look-alike letters, very long words."""
    return [
        "",
        "   \n\t ",
        "The minister mentioned the 3rd spherical of talks would start final yr.",
        "Ünïcödé — “The assertion mentioned a 3rd spherical of talks,” she mentioned. 😀 Die Straße.",
        "Get {dollars|money} fast with our {hardware} offer: the pаyment is due (Cyrillic а).",
        "A “Stranger Issues” evaluate: counterfeit consciousness and profound learning in most cancers analysis.",
        "x" * 5000 + " mentioned " + "é" * 3000,
        "\u200b\u00a0said\u00a0mentioned\u2019s final yr\r\nlast line",
        "\"Quoted speech that the spokesperson mentioned in a long quotation here,\" he said.",
    ]
