"""The Python API: the README's examples, documentation, stubs, pickling, paper screening
and the `despin.jsonl` stream helpers."""

from __future__ import annotations

import ast
import doctest
import json
import pickle
import pydoc
from pathlib import Path

import pytest

import despin
import despin.jsonl

SPUN = "The minister mentioned the 3rd spherical of talks would start final yr."


def test_readme_example():
    r = despin.analyze(SPUN)
    assert r["spun"] is True and r["score"] > 0.9
    assert r["reconstructed"] == "The minister said the 3rd round of talks would start last year."
    assert despin.reconstruct(SPUN) == r["reconstructed"]
    assert [f["original"] for f in r["findings"]] == ["said", "round of talks", "last year"]
    assert set(r) == {"findings", "id", "reconstructed", "score", "sections", "spun", "unaccepted", "words"}


def test_char_offsets_differ_from_bytes_after_non_ascii():
    text = "Crème brûlée: the minister mentioned the 3rd spherical of talks."
    f = next(f for f in despin.analyze(text)["findings"] if f["text"] == "spherical of talks")
    assert f["start"] - f["char_start"] == 3  # è, û, é take two bytes each
    assert text[f["char_start"] : f["char_end"]] == "spherical of talks"


def test_custom_lexicon_detector(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("bosom peril\tbreast cancer\ttortured-science\t0.95\n", encoding="utf-8")
    d = despin.Detector(lexicons=[tsv], builtin=False)
    assert d.reconstruct("Screening for Bosom Peril saves lives.") == "Screening for Breast Cancer saves lives."
    assert d.lexicons == [str(tsv)]
    assert d.builtin is False and d.fuzzy is None
    assert "mine.tsv" in repr(d)
    assert despin.Detector(fuzzy=True).fuzzy == despin.DEFAULT_FUZZY_SIMILARITY == 0.9
    assert despin.Detector(fuzzy=0.95).fuzzy == 0.95


def test_screen_paper(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text(
        '"""bosom peril""",breast cancer,1\n"""profound learning"" AND ""deep learning""",deep learning,1\n',
        encoding="utf-8",
    )
    pps = despin.PpsList.load(csv)
    d = despin.Detector(lexicons=[pps], builtin=False, fuzzy=True)
    assert [l.sha256 for l in d.lists] == [pps.report.id.sha256]
    s = d.screen_paper("Bosom peril is studied with profound learning.")
    assert s["verdict"] == "suspicious"  # the guard "deep learning" fails
    text = "Ünïcode: bosom peril is studied with profound learning (deep learning)."
    s = d.screen_paper(text)
    assert s["verdict"] == "problematic"
    assert s["lists"][0]["sha256"] == pps.id.sha256
    assert s["lists"][0]["source_name"] == str(csv)
    for fp in s["fingerprints"]:
        for span in fp["spans"]:
            assert text[span["char_start"] : span["char_end"]].lower() in fp["phrases"]
            assert 0 <= fp["confidence"] <= 1
    # A path works as well as a loaded list.
    assert despin.Detector(lexicons=[csv], builtin=False).screen_paper(text)["verdict"] == "problematic"


def test_pickle_rebuilds_the_same_detector(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("bosom peril\tbreast cancer\n", encoding="utf-8")
    d = despin.Detector(lexicons=[tsv], fuzzy=0.92, passage_acceptance=None, spun_threshold=0.6)
    again = pickle.loads(pickle.dumps(d))
    assert again.settings() == d.settings()
    assert again.analyze(SPUN + " Bosom peril.") == d.analyze(SPUN + " Bosom peril.")
    assert pickle.loads(pickle.dumps(despin.Detector())).analyze(SPUN) == despin.analyze(SPUN)


def test_help_shows_the_api():
    text = pydoc.render_doc(despin, renderer=pydoc.plaintext)
    for name in ["analyze", "analyze_batch", "reconstruct", "Detector", "PpsList", "DespinError", "screen_paper", "char_start"]:
        assert name in text, name
    public = [getattr(despin, n) for n in despin.__all__ if callable(getattr(despin, n))]
    for obj in public:
        assert obj.__doc__ and obj.__doc__.strip(), obj
    for cls in [despin.Detector, despin.PpsList, despin.PpsReport, despin.ListId, despin.SkippedRow]:
        for name, member in vars(cls).items():
            if not name.startswith("_"):
                assert member.__doc__, f"{cls.__name__}.{name}"
    assert "fuzzy=False" in (despin.Detector.__text_signature__ or "")


def test_the_documented_defaults_are_the_real_ones():
    # The signature and the stub are written by hand; the settings come from the crate's
    # constants, so a changed default shows up here.
    signature = despin.Detector.__text_signature__ or ""
    stub = Path(despin.__file__).with_name("__init__.pyi").read_text(encoding="utf-8")
    for name, value in despin.Detector().settings().items():
        if name == "lexicons":
            continue
        in_signature, in_stub = (repr(value), f'"{value}"') if isinstance(value, str) else (value, value)
        assert f"{name}={in_signature}" in signature, (name, value, signature)
        annotated = [l for l in stub.splitlines() if l.strip().startswith(f"{name}:")]
        assert annotated and annotated[0].rstrip(",").endswith(f"= {in_stub}"), (name, annotated)


def test_rewrite_scope_chooses_which_findings_are_rewritten(tmp_path):
    # "assertion" is confident alone; "mentioned" is lifted over the line only by its
    # neighbour's support; the passage does not read as spun.
    tsv = tmp_path / "scope.tsv"
    tsv.write_text("assertion\tstatement\tnews-spinner\t0.8\nmentioned\tsaid\tnews-spinner\t0.6\n", encoding="utf-8")
    text = "The assertion mentioned the plan. " + "The council met to talk. " * 12
    rebuilt = {}
    for scope in ["everywhere", "confident", "spun"]:
        d = despin.Detector(lexicons=[tsv], builtin=False, context=False, rewrite_scope=scope)
        assert d.settings()["rewrite_scope"] == scope
        r = d.analyze(text)
        assert not r["spun"]
        rebuilt[scope] = r["reconstructed"]
    assert rebuilt["everywhere"].startswith("The statement said the plan.")
    assert rebuilt["confident"].startswith("The statement mentioned the plan.")
    assert rebuilt["spun"] == text
    default = despin.Detector(lexicons=[tsv], builtin=False, context=False)
    assert default.reconstruct(text) == rebuilt["confident"]
    assert "rewrite_scope=" not in repr(default)
    assert "rewrite_scope='spun'" in repr(despin.Detector(rewrite_scope="spun"))
    with pytest.raises(despin.DespinError, match="rewrite_scope must be"):
        despin.Detector(rewrite_scope="sometimes")


def test_stubs_cover_the_api():
    stub = Path(despin.__file__).with_name("__init__.pyi")
    assert stub.exists() and Path(despin.__file__).with_name("py.typed").exists()
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    assert set(despin.__all__) <= names
    detector_stub = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Detector")
    stubbed = {n.name for n in detector_stub.body if isinstance(n, ast.FunctionDef)}
    actual = {n for n in dir(despin.Detector) if not n.startswith("_")}
    assert actual <= stubbed, actual - stubbed


def test_doctests():
    for module in (despin, despin.jsonl):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module


def test_jsonl_helpers_answer_like_the_command(cli):
    lines = [
        json.dumps({"id": 1, "text": SPUN}),
        "",
        json.dumps({"id": "two", "text": 5}),
        json.dumps({"id": 3}),
        "not json",
        "[1, 2]",
        json.dumps({"id": None, "text": "Plain text."}),
        json.dumps({"text": "NaN id", "id": 1}).replace("1}", "NaN}"),
        json.dumps({"id": 4, "text": "lone \ud800 surrogate"}),
        json.dumps({"id": 5, "text": SPUN + " é"}, ensure_ascii=False),
    ]
    ours = list(despin.jsonl.screen_lines(lines, batch_size=3))
    assert len(ours) == 9  # the blank line gets no answer
    # The command is given the same records without the blank line (whether a blank
    # line gets an answer line is the command's own choice).
    records = [line for line in lines if line.strip()]
    theirs = cli.run(["--jsonl"], ("\n".join(records) + "\n").encode("utf-8"), ok_codes=(1,)).splitlines()
    assert len(theirs) == 9
    for o, t in zip(ours, theirs):
        o, t = json.loads(o), json.loads(t)
        if "error" in t:
            assert set(o) == {"error", "id"}
        else:
            assert o == t
    assert json.loads(ours[1]) == {"error": 'field "text" is not a string', "id": "two"}
    assert json.loads(ours[2]) == {"error": 'missing field "text"', "id": 3}
    assert json.loads(ours[7])["id"] == 4 and "Unicode" in json.loads(ours[7])["error"]
    records = [{"id": 1, "text": SPUN}, {"id": 2}, ("not", "a record")]
    out = [json.loads(x) for x in despin.jsonl.screen_records(records, threads=1)]
    assert out[0]["reconstructed"].startswith("The minister said")
    assert out[1] == {"error": 'missing field "text"', "id": 2}
    assert out[2]["id"] is None and "JSON object" in out[2]["error"]
    assert despin.jsonl.shared_detector(fuzzy=True) is despin.jsonl.shared_detector(fuzzy=True)
    with pytest.raises(ValueError):
        list(despin.jsonl.screen_lines(lines, batch_size=0))


def test_context_judgement_can_be_turned_off_and_survives_pickling(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("attempt\ttry\tnews-spinner\t0.75\n", encoding="utf-8")
    text = "The council made an attempt to settle the dispute."
    # "an attempt to" is ordinary English: judged in context, the row is too weak alone.
    judged = despin.Detector(lexicons=[tsv], builtin=False)
    assert judged.analyze(text)["findings"] == []
    assert judged.reconstruct(text) == text
    off = despin.Detector(lexicons=[tsv], builtin=False, context=False)
    assert off.analyze(text)["findings"][0]["text"] == "attempt"
    assert off.settings()["context"] is False
    assert "context=False" in repr(off)
    again = pickle.loads(pickle.dumps(off))
    assert again.settings() == off.settings()
    assert again.analyze(text) == off.analyze(text)


def test_unknown_corrections_load_flag_only(tmp_path):
    pairs = tmp_path / "pairs.json"
    pairs.write_text('{"phrases": [{"tortured": "haphazard woodland", "correct": "???"}]}', encoding="utf-8")
    pps = despin.PpsList.load(pairs)
    assert pps.report.flag_only == 1
    assert pps.report.to_dict()["flag_only"] == 1
    d = despin.Detector(lexicons=[pps], builtin=False)
    text = "We trained a haphazard woodland on the data."
    record = d.analyze(text)
    assert record["findings"][0]["original"] == ""
    assert record["reconstructed"] == text

