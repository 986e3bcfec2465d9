"""Bad input through the real CLI: a clear one-line error, a non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_ARTICLE, has_embedded_model


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def assert_clean_error(proc: subprocess.CompletedProcess, code: int, fragment: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == code, (proc.returncode, err)
    assert "Traceback" not in err
    assert fragment in err, err
    assert err.startswith("error: ")
    assert proc.stdout == b""


def test_missing_file(tmp_path):
    assert_clean_error(run_cli(str(tmp_path / "nope.txt")), 2, "no such file")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_and_whitespace_articles(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert_clean_error(run_cli(str(path)), 2, "the article is empty")


def test_empty_stdin():
    assert_clean_error(run_cli("-", stdin=b""), 2, "stdin: the article is empty")


def test_binary_input(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(bytes(range(256)) * 4)
    assert_clean_error(run_cli(str(path)), 2, "binary")


def test_non_utf8_input(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 deal signed in S\u00e3o Paulo".encode("latin-1"))
    assert_clean_error(run_cli(str(path)), 2, "not valid UTF-8")


def test_unknown_format(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody")
    assert_clean_error(run_cli(str(path), "--format", "pdf"), 2, "unknown format")


def test_unknown_prompt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody")
    assert_clean_error(run_cli(str(path), "--prompt", "nope"), 2, "prompt 'nope' not found")


def test_unreachable_endpoint(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nRussia offered food for arms, officials said.")
    proc = run_cli(str(path), "--model", "some-model", "--base-url", "http://127.0.0.1:9/v1", "--retries", "0")
    assert_clean_error(proc, 1, "cannot connect")


@pytest.mark.skipif(not has_embedded_model(), reason="needs llama-cpp-python and the default preset")
def test_article_longer_than_the_context_is_refused_by_the_single_reading(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Long report\n\n" + "Russia offered North Korea food for munitions, officials said. " * 600)
    proc = run_cli(str(path), "--n-ctx", "2048", "--reading", "single")
    assert_clean_error(proc, 2, "more than the model's context of 2,048")


def test_schema_command_prints_the_summary_schema():
    proc = run_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    for field in (
        "status",
        "parties",
        "terms",
        "sources",
        "evidence_strength",
        "evidence_rationale",
        "headline",
        "summary",
        "meta",
    ):
        assert field in schema["properties"]
    assert set(schema["$defs"]["Quote"]["properties"]) == {"text", "start", "end"}


def test_version_and_models():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("summarizer ")
    proc = run_cli("models")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "qwen2.5-coder-0.5b" in out and "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32" in out


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (bytes.fromhex("FFFE0067617262616765"), "the bytes after it are 8-bit text"),  # read as 4 CJK characters
        (b"\xff\xfeabc", "3 bytes follow it, not a multiple of 2"),
        ("Caf\ufffd deal\n\nA sells B.".encode(), "replacement character"),
        (b"12345 678\n\n!!! ---", "no letters"),
        (bytes(range(1, 32)) * 20 + b"Title", "control characters"),
    ],
    ids=["bom-then-ascii", "odd-utf16", "replacement-char", "no-letters", "control-chars"],
)
def test_text_that_does_not_decode_cleanly_is_refused(tmp_path, data, fragment):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    proc = run_cli(str(path))
    assert_clean_error(proc, 2, fragment)
    assert proc.stderr.decode().count("\n") == 1


def test_real_utf16_text_in_any_script_is_read():
    import codecs

    from summarizer.text import decode, normalise_article

    for text in ("Gas deal \u00e9t\u00e9\n\nA sells gas to B.", "\u0413\u0430\u0437", "\u4e2d\u56fd\u77f3\u6cb9"):
        for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            assert normalise_article(decode(bom + text.encode(codec))) == text


def test_an_unknown_model_name_with_no_endpoint_is_refused_with_the_presets(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nRussia offered food for arms, officials said.")
    proc = run_cli(str(path), "--model", "nosuch-model")
    assert_clean_error(proc, 2, "unknown model 'nosuch-model'")
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "qwen2.5-coder-0.5b" in err and "--base-url" in err
    assert "cannot connect" not in err and "did you mean" not in err
    close = run_cli(str(path), "--model", "gemma-3")
    assert_clean_error(close, 2, "did you mean 'gemma-3-270m'?")


def test_an_unknown_name_goes_to_an_endpoint_when_one_is_given(monkeypatch):
    from summarizer import load_model
    from summarizer.errors import InputError

    with pytest.raises(InputError, match="unknown model"):
        load_model("nosuch-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert load_model("nosuch-model").backend.base_url == "http://127.0.0.1:9/v1"
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0000000000")
    assert load_model("gpt-4o-mini").backend.base_url == "https://api.openai.com/v1"
    monkeypatch.delenv("OPENAI_API_KEY")
    assert load_model("llama3.1", base_url="http://127.0.0.1:9/v1").backend.model == "llama3.1"


def test_a_directory_keeps_each_files_relative_path_in_its_output_name(tmp_path):
    from tests.fault_server import FaultServer

    root = tmp_path / "in"
    for rel, title in (("a/x.txt", "Alpha deal"), ("b/x.txt", "Beta deal"), ("x.txt", "Top deal"), ("x.md", "Md deal")):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"{title}\n\nA sells grain to B.")
    out = tmp_path / "out"
    with FaultServer() as srv:
        proc = run_cli(str(root), "-o", str(out), "--model", "m", "--base-url", srv.base_url, "--brief", "template")
    assert proc.returncode == 0, proc.stderr.decode()
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["a/x.json", "b/x.json", "x.json", "x.txt.json"]  # x.md comes first in file order
    headlines = {name: json.loads((out / name).read_text())["headline"] for name in written}
    assert headlines == {
        "a/x.json": "Alpha deal",
        "b/x.json": "Beta deal",
        "x.json": "Md deal",
        "x.txt.json": "Top deal",
    }


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--without", "nosuch"], "unknown rule family nosuch; known: candidates.verbs, candidates.nouns"),
        (["--decide", "sides=maybe"], "step sides is decided by fitted or model, not 'maybe'"),
        (["--decide", "sides"], "--decide 'sides': expected STEP=fitted or STEP=model"),
        (["--decide", "who=model"], "unknown step 'who'; known: sides, gives, status"),
        (["--reading", "single", "--without", "voice"], "--without and --decide are for the steps reading"),
    ],
)
def test_bad_rule_families_and_deciders_are_refused(args, fragment):
    assert_clean_error(run_cli(str(SEED_ARTICLE), *args), 2, fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["eval", "ablation", "--family", "nosuch"], "unknown rule family nosuch"),
        (["eval", "ablation", "--decide", "x=y"], "unknown step 'x'"),
        (["eval", "ablation", "--reading", "single"], "the ablation is of the steps reading"),
        (["eval", "--suite", "nosuch"], "no eval suite 'nosuch' (suites: ci, model-steps, test)"),
    ],
)
def test_bad_ablation_and_suite_options_are_refused(args, fragment):
    assert_clean_error(run_cli(*args), 2, fragment)
