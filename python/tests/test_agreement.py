"""The binding gives what the `despin` command gives, on the shared corpus and edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import despin
from conftest import CHAR_KEYS, compact, strip_chars, tricky_texts
from corpus import SHARED, passages


def long_texts(texts):
    """Texts long enough to be scored in sections (several corpus texts joined)."""
    bodies = [t for _, t in texts]
    return ["\n\n".join(bodies[i : i + 6]) for i in range(0, 60, 6)]


@pytest.fixture(scope="module")
def records(texts, passages_2k):
    """(id, text) for every corpus text, its 2,000-character passages, long texts and
    the edge cases; ids of several JSON types."""
    out = list(texts)
    out += [(i, p) for i, p in enumerate(passages_2k)]
    out += [({"long": i}, t) for i, t in enumerate(long_texts(texts))]
    out += [([i, "tricky"], t) for i, t in enumerate(tricky_texts())]
    return out


def test_every_record_equals_the_command_jsonl(cli, records):
    lines = cli.jsonl(records)
    sections_seen = 0
    for (id, text), line in zip(records, lines):
        expected = json.loads(line)
        got = despin.analyze(text, id)
        # Same fields, same values, same order; the binding only adds char offsets.
        assert strip_chars(got) == expected, id
        assert list(got) == list(expected)
        assert compact(strip_chars(got)) == line, id
        assert despin.analyze_json(text, id) == line, id
        sections_seen += bool(got["sections"])
    assert sections_seen >= 5, "no long texts were scored in sections"


def test_whole_text_equals_the_command_json(cli, texts):
    sample = [t for _, t in texts[::25]] + tricky_texts()
    for text in sample:
        line = cli.json(text)
        got = despin.analyze(text)
        assert got["id"] is None
        assert compact(strip_chars(got)) == line
        assert despin.reconstruct(text) == got["reconstructed"]


def test_finding_field_order_is_the_commands(cli):
    text = "The minister mentioned the 3rd spherical of talks would start final yr."
    expected = json.loads(cli.json(text))
    got = despin.analyze(text)
    assert list(strip_chars(got)["findings"][0]) == list(expected["findings"][0])
    assert list(got["findings"][0]) == sorted(expected["findings"][0].keys() | set(CHAR_KEYS))


def test_char_and_byte_offsets_point_at_the_finding(records):
    checked = 0
    for _, text in records:
        raw = text.encode("utf-8")
        r = despin.analyze(text)
        for f in r["findings"] + r["unaccepted"]:
            assert text[f["char_start"] : f["char_end"]] == f["text"]
            assert raw[f["start"] : f["end"]].decode("utf-8") == f["text"]
            checked += 1
        for s in r["sections"]:
            assert len(text[: s["char_start"]].encode("utf-8")) == s["start"]
            assert len(text[: s["char_end"]].encode("utf-8")) == s["end"]
    assert checked > 1000


def test_custom_lexicon_and_fuzzy_agree_with_the_command(cli, tmp_path, texts):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text(
        "# my pairs\nbosom peril\tbreast cancer\ttortured-science\t0.95\n"
        "profound learning\tdeep learning\ttortured-science\t0.95\n"
        "spherical\tround\n",
        encoding="utf-8",
    )
    records = [(i, t) for i, (_, t) in enumerate(texts[:80])]
    records.append(("planted", "Screening for Bosom Perril and profound lerning improves bosom peril care."))
    for args, kwargs in [
        (["--lexicon", str(tsv)], dict(lexicons=[str(tsv)])),
        (["--lexicon", str(tsv), "--no-builtin", "--fuzzy"], dict(lexicons=[tsv], builtin=False, fuzzy=True)),
    ]:
        lines = cli.jsonl(records, args)
        d = despin.Detector(**kwargs)
        got = d.analyze_batch([t for _, t in records], [i for i, _ in records])
        for g, line in zip(got, lines):
            assert compact(strip_chars(g)) == line
        assert d.analyze_batch_json([t for _, t in records], [i for i, _ in records]) == lines


PPS_CSV = SHARED / "data-sources" / "pps-tortured-raw-queries" / "tortured.csv"


@pytest.mark.skipif(not PPS_CSV.exists(), reason="PPS list not in ../shared")
def test_pps_list_agrees_with_the_command(cli, texts):
    planted = [
        "We apply profound learning to bosom peril and counterfeit consciousness for big information.",
        "The surface region and the surface area of the grouping methods were measured by information mining.",
    ]
    records = [(i, t) for i, t in enumerate(planted + [t for _, t in texts[:60]])]
    lines = cli.jsonl(records, ["--lexicon", str(PPS_CSV), "--no-builtin", "--fuzzy"])
    d = despin.Detector(lexicons=[despin.PpsList.load(PPS_CSV)], builtin=False, fuzzy=True)
    got = d.analyze_batch_json([t for _, t in records], [i for i, _ in records])
    assert got == lines
    assert any(json.loads(line)["findings"] for line in lines[:2])
