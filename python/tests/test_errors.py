"""Errors are Python exceptions that say what is wrong and where; never a crash."""

from __future__ import annotations

import hashlib
import warnings

import pytest

import despin
from corpus import SHARED

SURROGATE = "fine text \ud800 then more"


def test_bad_lexicon_row_names_file_and_line(tmp_path):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("# comment\nspherical\tround\nbroken row without a tab\n", encoding="utf-8")
    with pytest.raises(despin.DespinError) as e:
        despin.Detector(lexicons=[str(tsv)])
    assert f"{tsv}:3" in str(e.value)
    assert e.value.path == str(tsv)
    assert e.value.line == 3
    assert isinstance(e.value, ValueError)


def test_bad_weight_names_the_field(tmp_path):
    tsv = tmp_path / "weights.tsv"
    tsv.write_text("a\tb\tcustom\t0.5\nc\td\tcustom\t7\n", encoding="utf-8")
    with pytest.raises(despin.DespinError) as e:
        despin.Detector(lexicons=tsv)
    assert e.value.line == 2
    assert e.value.column == 4
    assert f"{tsv}:2: field 4" in str(e.value)


def test_invalid_utf8_lexicon_names_the_line(tmp_path):
    tsv = tmp_path / "latin1.tsv"
    tsv.write_bytes(b"a\tb\ncaf\xe9\tcoffee\n")
    with pytest.raises(despin.DespinError, match=r"latin1\.tsv:2"):
        despin.Detector(lexicons=[tsv])


def test_missing_lexicon_file_is_file_not_found(tmp_path):
    missing = tmp_path / "nope.tsv"
    with pytest.raises(FileNotFoundError) as e:
        despin.Detector(lexicons=[missing])
    assert str(missing) in str(e.value)
    with pytest.raises(FileNotFoundError):
        despin.PpsList.load(tmp_path / "nope.csv")


def test_bad_settings_are_despin_errors():
    with pytest.raises(despin.DespinError, match="fuzzy similarity"):
        despin.Detector(fuzzy=1.5)
    with pytest.raises(despin.DespinError, match="spun threshold"):
        despin.Detector(spun_threshold=2.0)
    with pytest.raises(despin.DespinError, match="passage acceptance"):
        despin.Detector(passage_acceptance=-1.0)
    with pytest.raises(TypeError, match="fuzzy"):
        despin.Detector(fuzzy="yes")
    with pytest.raises(TypeError, match="lexicons"):
        despin.Detector(lexicons=[42])
    # No lexicon at all: refused by the library, or built with a warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            despin.Detector(builtin=False)
        except despin.DespinError as e:
            assert "lexicon" in str(e)
        else:
            assert any("finds only spintax" in str(w.message) for w in caught)


def test_pps_list_wrong_extension_and_bad_rows(tmp_path):
    other = tmp_path / "list.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(despin.DespinError, match="must end in .csv"):
        despin.PpsList.load(other)
    csv = tmp_path / "mine.csv"
    csv.write_text(
        'tortured_phrase,expected_phrase,num_papers\n'
        '"""bosom peril""",breast cancer,12\n'
        '"""mystery"" title:x",secret,1\n'
        '"""profound learning"" AND ""deep learning""",deep learning,3\n',
        encoding="utf-8",
    )
    pps = despin.PpsList.load(csv)
    r = pps.report
    assert (r.rows, r.loaded_rows) == (3, 2)
    assert [s.line for s in r.skipped] == [3]
    assert r.skipped[0].kind == "query-syntax"
    assert "query syntax" in r.skipped[0].reason
    assert r.id.sha256 == r.sha256 == pps.sha256 == hashlib.sha256(csv.read_bytes()).hexdigest()
    assert r.id.format == "raw-csv"
    assert r.to_dict()["skipped"][0]["line"] == 3
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('tortured_phrase,expected_phrase,num_papers\n"a,b,1\n', encoding="utf-8")
    with pytest.raises(despin.DespinError, match=r"unclosed\.csv:2"):
        despin.PpsList.load(unclosed)


@pytest.mark.parametrize(
    "call",
    [
        lambda t: despin.analyze(t),
        lambda t: despin.analyze_json(t),
        lambda t: despin.reconstruct(t),
        lambda t: despin.Detector().analyze(t),
        lambda t: despin.Detector(fuzzy=True).screen_paper(t),
    ],
)
def test_lone_surrogates_are_value_errors(call):
    with pytest.raises(ValueError) as e:
        call(SURROGATE)
    assert "not valid Unicode" in str(e.value)
    assert isinstance(e.value.__cause__, UnicodeEncodeError)


def test_surrogate_in_batch_names_the_index():
    with pytest.raises(ValueError, match=r"texts\[2\]"):
        despin.analyze_batch(["a", "b", SURROGATE])
    with pytest.raises(ValueError, match=r"texts\[1\]"):
        despin.Detector().analyze_batch_json(["a", SURROGATE])
    with pytest.raises(ValueError, match=r"ids\[0\]"):
        despin.Detector().analyze_batch_json(["a"], ["\udfff"])


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"], 3.5])
def test_non_str_is_a_type_error(bad):
    with pytest.raises(TypeError, match="must be str"):
        despin.analyze(bad)
    with pytest.raises(TypeError, match="must be str"):
        despin.reconstruct(bad)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str"):
        despin.analyze_batch(["ok", bad])


def test_batch_argument_errors():
    with pytest.raises(TypeError, match="not one str"):
        despin.analyze_batch("a single string")
    with pytest.raises(TypeError, match="iterable"):
        despin.analyze_batch(42)
    with pytest.raises(ValueError, match="ids has 1 items for 2 texts"):
        despin.analyze_batch(["a", "b"], ids=[1])
    with pytest.raises(ValueError, match="threads"):
        despin.analyze_batch(["a"], threads=0)
    with pytest.raises(TypeError, match="JSON"):
        despin.analyze_json("a", id=object())


def test_hostile_texts_never_crash():
    d = despin.Detector(fuzzy=True)
    texts = [
        "\x00\x01\x02 said \x1b[31m mentioned",
        "{" * 10000 + "|" * 100 + "}" * 9999,
        "\u202e mentioned \u202d spherical \u0301\u0301",
        "a" * 200_000,
        " ".join(["mentioned"] * 20_000),
        "\ufeffBOM final yr",
    ]
    for got, text in zip(d.analyze_batch(texts), texts):
        assert got == d.analyze(text)
        for f in got["findings"] + got["unaccepted"]:
            assert text[f["char_start"] : f["char_end"]] == f["text"]


PPS_JSON = SHARED / "data-sources" / "pps-tortured-pairs-clean" / "tortured-phrases.json"


@pytest.mark.skipif(not PPS_JSON.exists(), reason="PPS list not in ../shared")
def test_real_pps_json_list_reports_rows_and_hash():
    pps = despin.PpsList.load(PPS_JSON)
    r = pps.report
    assert r.rows > 1000 and 0 < r.loaded_rows <= r.rows
    assert len(pps) >= r.loaded_rows
    assert r.id.sha256 == hashlib.sha256(PPS_JSON.read_bytes()).hexdigest()
    assert r.id.format == "pairs-json"
    for s in r.skipped:
        assert s.line >= 1 and s.reason
