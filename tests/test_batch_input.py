"""INPUT of ``summarize batch``: shards, globs, ids across files, lazy reading; and the id index and the
output records that let a batch of millions hold neither its articles nor its records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer.id_index
from summarizer.batch import run_batch
from summarizer.batch_input import BatchItem, read_items
from summarizer.batch_records import compact, read_records, scan
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.id_index import IdIndex
from summarizer.models import Model
from summarizer.models.scripted import ScriptedBackend
from summarizer.text import article_from_text
from tests.fault_server import article_of, minimal_extraction


def line(article_id, text=None) -> str:
    return json.dumps({"id": article_id, "text": text or f"Deal {article_id}\n\nSeller sells grain to Buyer."}) + "\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def scripted() -> Model:
    return Model(ScriptedBackend(lambda messages: json.dumps(minimal_extraction(article_of(messages)))))


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------------------ INPUT


def test_a_directory_of_shards_is_read_in_path_order_and_an_id_in_two_shards_is_an_error_record(tmp_path):
    shards = tmp_path / "shards"
    write(shards / "a.jsonl", line("x1") + line("x2"))
    write(shards / "more" / "b.jsonl", line("x3") + "{broken\n" + line("x1", "Another deal\n\nP sells Q."))
    source = read_items(str(shards))
    assert source.kind == "shards" and [p.name for p in source.files] == ["a.jsonl", "b.jsonl"]

    result = run_batch(source, scripted(), tmp_path / "out.jsonl")
    got = {r["id"]: r for r in records(tmp_path / "out.jsonl")}
    assert sorted(got) == ["more/b.jsonl line 2", "more/b.jsonl line 3", "x1", "x2", "x3"]
    assert "not valid JSON" in got["more/b.jsonl line 2"]["error"]["message"]
    duplicate = got["more/b.jsonl line 3"]["error"]
    assert duplicate == {
        "type": "input",
        "message": "more/b.jsonl line 3: duplicate id 'x1' (an earlier line of the input has it)",
        "attempts": 0,
    }
    assert got["x1"]["summary"]["headline"] == "Deal x1"  # the first one is summarised, not merged
    assert result.counts == {"ok": 3, "failed": 2, "skipped": 0, "retried": 0}


def test_a_glob_of_jsonl_files_is_expanded_by_the_tool(tmp_path):
    write(tmp_path / "in" / "day1.jsonl", line("d1"))
    write(tmp_path / "in" / "day2.jsonl", line("d2") + line("d1"))
    write(tmp_path / "in" / "notes.txt", "not an input")
    source = read_items(str(tmp_path / "in" / "day*.jsonl"))
    assert [p.name for p in source.files] == ["day1.jsonl", "day2.jsonl"]
    items = list(source)
    assert [i.id for i in items] == ["d1", "d2", f"{tmp_path}/in/day2.jsonl line 2"]
    with pytest.raises(InputError, match="duplicate id 'd1'"):
        items[2].load()

    deep = read_items(str(tmp_path / "**" / "*.jsonl"))
    assert len(deep.files) == 2
    with pytest.raises(InputError, match="no file matches this pattern"):
        read_items(str(tmp_path / "in" / "*.csv"))


def test_a_directory_with_articles_keeps_its_meaning_even_with_a_jsonl_in_it(tmp_path):
    write(tmp_path / "mixed" / "a.txt", "A deal\n\nB sells C.")
    write(tmp_path / "mixed" / "out.jsonl", line("zzz"))  # e.g. an output written there
    source = read_items(str(tmp_path / "mixed"))
    assert source.kind == "articles" and [i.id for i in source] == ["a"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files .* and no .jsonl shards"):
        read_items(str(tmp_path / "empty"))


def test_the_command_takes_shards_and_globs_and_refuses_what_matches_nothing(tmp_path):
    write(tmp_path / "shards" / "1.jsonl", line("s1"))
    write(tmp_path / "shards" / "2.jsonl", line("s2"))
    runner = CliRunner()
    with_model = ["--model", "m", "--base-url", "http://127.0.0.1:9"]  # never called: the input is refused first
    missing = runner.invoke(
        app, ["batch", str(tmp_path / "nope-*.jsonl"), "-o", str(tmp_path / "o.jsonl"), *with_model]
    )
    assert missing.exit_code == 2 and "no file matches this pattern" in missing.stderr
    empty = write(tmp_path / "empty.jsonl", "\n")
    none = runner.invoke(app, ["batch", str(empty), "-o", str(tmp_path / "o.jsonl"), *with_model])
    assert none.exit_code == 2 and "no articles" in none.stderr


def test_the_input_is_read_as_workers_free_up_not_all_at_once(tmp_path):
    """A generator of 5,000 items: when the first record is written, at most the look-ahead (1,000) and
    the items in flight have been drawn from it."""
    drawn = 0

    def endless():
        nonlocal drawn
        for i in range(5000):
            drawn += 1
            yield BatchItem(f"g{i}", lambda i=i: article_from_text(f"Deal g{i}\n\nA sells B.", f"g{i}"))

    at_first: list[int] = []

    def progress(done, total):
        if done == 1:
            at_first.append(drawn)
            assert total is None  # not known until the input has been read to its end
        if done == 5000:
            assert total == 5000

    result = run_batch(endless(), scripted(), tmp_path / "out.jsonl", jobs=2, progress=progress)
    assert result.counts["ok"] == 5000 and drawn == 5000
    assert at_first and at_first[0] <= 1000 + 2 * 2 + 1


# ------------------------------------------------------------------------------------------ ids and records


def test_the_id_index_is_a_set_across_its_sorted_runs(monkeypatch):
    monkeypatch.setattr(summarizer.id_index, "RUN", 64)  # many runs and merges from a few ids
    index = IdIndex()
    ids = [f"id-{i}" for i in range(3000)]
    assert all(index.add(x) for x in ids)
    assert not any(index.add(x) for x in ids[::7])
    assert len(index) == 3000 and all(x in index for x in ids)
    assert "id-3000" not in index and "" not in index and 7 not in index
    assert index.nbytes() <= 16 * 3000
    assert len(index._runs) < 8  # merged as they grow: lookups stay a few binary searches


def rec(article_id, n=1) -> str:
    return json.dumps({"id": article_id, "summary": {"n": n}}) + "\n"


def test_compact_keeps_the_newest_record_per_id_and_drops_cut_lines(tmp_path):
    old = write(tmp_path / "part-00000.jsonl", rec("a") + '{"id": "b", "error": {"type": "model"}}\n' + rec("c"))
    new = write(tmp_path / "part-00001.jsonl", json.dumps({"id": "b", "summary": {"n": 2}}) + "\n" + '{"id": "c", "su')
    done = scan([old, new])
    assert "b" in done.summarised and "b" in done.failed and "c" in done.summarised and "a" not in done.failed
    compact([old, new])
    assert [r["id"] for r in records(old)] == ["a", "c"]
    assert records(new) == [{"id": "b", "summary": {"n": 2}}]
    assert list(read_records([old, new])) == ["a", "c", "b"]
    untouched = old.stat().st_mtime_ns
    compact([old, new])  # nothing to drop: nothing rewritten
    assert old.stat().st_mtime_ns == untouched
    write(tmp_path / "part-00002.jsonl", rec("a", 3))
    compact([old, new, tmp_path / "part-00002.jsonl"])
    assert [r["id"] for r in records(old)] == ["c"]
