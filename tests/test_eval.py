"""The eval road with a scripted model: cases → pipeline → scorers → reports → compare."""

from __future__ import annotations

import json
import shutil

import pytest

from summarizer import Model, ScriptedBackend
from summarizer.cache import ResponseCache
from summarizer.eval.cases import load_cases
from summarizer.eval.report import write_run
from summarizer.eval.runner import run_eval
from summarizer.prompts import load_prompt
from summarizer.schema import MAX_PARTIES, MAX_SOURCES, MAX_TERMS
from tests.conftest import ROOT
from tests.test_cli_input import run_cli

CASES = ["000_russia_nk_food_arms", "016_typhoon_philippines_no_deal"]


def gold_answers(cases):
    """A backend that answers each article with its own gold label (quotes left empty)."""
    by_title = {}
    for case in cases:
        gold = case.gold
        by_title[case.article.text.split("\n", 1)[0]] = {
            "parties": [p.model_dump() for p in gold.parties][:MAX_PARTIES],
            "terms": [{**t.model_dump(exclude={"evidence"}), "quote": ""} for t in gold.terms][:MAX_TERMS],
            "sources": [{**s.model_dump(exclude={"evidence"}), "quote": ""} for s in gold.sources][:MAX_SOURCES],
            "status": gold.status,
            "status_quote": "",
            "evidence_strength": gold.evidence_strength,
            "evidence_rationale": gold.evidence_rationale,
            "headline": "h",
            "summary": "s",
        }

    def reply(messages):
        user = messages[-1]["content"]
        title = user.split("<article>\n", 1)[1].split("\n", 1)[0]
        return json.dumps(by_title[title])

    return reply


def test_run_eval_scores_perfect_answers_and_writes_every_report(tmp_path):
    cases = load_cases(ROOT / "seeds", CASES)
    backend = ScriptedBackend(gold_answers(cases))
    cache = ResponseCache(tmp_path / "cache")
    run = run_eval(cases, Model(backend), load_prompt(), cache, reading="single")
    overall = run.overall
    assert overall["all_texts"]["validity"] == 1.0 and overall["cases"] == 2 and overall["deal_cases"] == 1
    assert overall["deal_texts"]["status"] == 1.0 and overall["deal_texts"]["evidence"] == 1.0
    # deal detection: the seed case reports a deal and is read as one, the no-deal case is read as none
    detection = overall["detection"]
    assert (detection["tp"], detection["fp"], detection["fn"], detection["tn"]) == (1, 0, 0, 1)
    assert detection["deal_recall"] == detection["deal_precision"] == 1.0
    # the no-deal case has 10 gold sources but the schema caps predictions at 5: recall 5/10
    no_deal = run.results[1].scores
    assert no_deal["sources_r"] == 0.5 and no_deal["terms_f1"] == 1.0
    # the seed case has 3 parties and 6 terms in gold, capped at 4 each: party recall 3/3, term recall 4/6
    first = run.results[0].scores
    assert first["parties_f1"] == 1.0 and first["terms_p"] == 1.0 and first["terms_r"] == 4 / 6

    out = tmp_path / "run"
    write_run(run, out)
    report = json.loads((out / "report.json").read_text())
    assert report["run"]["prompt_hash"] == load_prompt().hash and report["run"]["model"] == "scripted"
    assert [c["case"] for c in report["cases"]] == CASES
    assert (out / "predictions" / f"{CASES[0]}.json").is_file()
    md = (out / "report.md").read_text()
    # terms F1: seed case P=1, R=4/6 -> F1 = 2*(2/3)/(5/3) = 0.8, the figure on deal texts; the no-deal case
    # scores 1.0 (both empty), so over all texts the mean is 0.9; each mean with its 95% bootstrap interval
    assert "| parties F1 | 1.00 (1.00–1.00) |" in md and "| terms F1 | 0.80 (0.80–0.80) |" in md
    assert "| terms F1 | 0.90 (0.80–1.00) |" in md.split("Content figures over all texts")[1]
    assert "| deal | 1 | 0 |" in md and "| no deal | 0 | 1 |" in md
    html = (out / "report.html").read_text()
    assert 'id="chart"' in html and "false positive" not in html.split("<h2>Cases</h2>")[1].split("case-000")[0]

    # a rerun is served from the cache: no new request reaches the model
    before = len(backend.requests)
    rerun = run_eval(cases, Model(backend), load_prompt(), cache, reading="single")
    assert len(backend.requests) == before
    assert rerun.info["cached_cases"] == 2 and rerun.overall["detection"] == overall["detection"]
    assert rerun.overall["deal_texts"]["terms_f1"] == overall["deal_texts"]["terms_f1"]


def test_compare_prints_deltas_and_gates(tmp_path):
    a, b = _run_dir(tmp_path, "a", [0.40]), _run_dir(tmp_path, "b", [0.55])
    proc = run_cli("eval", "compare", str(a), str(b))
    assert proc.returncode == 0, proc.stderr
    assert "+0.150" in proc.stdout.decode()
    proc = run_cli("eval", "compare", str(a), str(b), "--fail-under", "terms_f1=0.6")
    assert proc.returncode == 1 and "terms_f1 = 0.55 is below 0.6" in proc.stderr.decode()
    proc = run_cli("eval", "compare", str(a), str(b), "--fail-under", "nonsense=1")
    assert proc.returncode == 2 and "expected FIELD=VALUE" in proc.stderr.decode()
    proc = run_cli("eval", "compare", str(a), str(tmp_path / "missing"))
    assert proc.returncode == 2 and "no report.json" in proc.stderr.decode()


def test_eval_accepts_any_directory_laid_out_like_the_contract(tmp_path):
    bad = tmp_path / "cases"
    shutil.copytree(ROOT / "seeds" / CASES[0], bad / "mine")
    (bad / "mine" / "gold.json").write_text('{"status": "sideways"}')
    proc = run_cli("eval", str(bad), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "not a valid gold label" in proc.stderr.decode()
    proc = run_cli("eval", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "not a directory of cases" in proc.stderr.decode()


def test_the_ablation_runs_each_variant_over_the_same_cases_and_tables_the_differences(tmp_path):
    from summarizer.eval import ablation
    from summarizer.eval.cases import load_cases
    from summarizer.models.base import Model
    from summarizer.models.scripted import ScriptedBackend
    from tests.conftest import ROOT

    cases = load_cases(ROOT / "seeds", ["000_russia_nk_food_arms", "002_nordwerk_rasdukhan_lng"])
    backend = ScriptedBackend(lambda messages: pytest.fail("the fitted reading asks no model"))
    chosen = ablation.variants(families=["candidates.verbs", "candidates.open"], steps=False)
    assert [v.label for v in chosen] == ["everything on (default)", "without candidates.verbs",
                                         "without candidates.open"]
    ablation.run_ablation(cases, Model(backend), None, chosen)
    result = ablation.table(chosen)
    assert result["cases"] == 2 and len(result["rows"]) == 3
    first = result["rows"][0]["figures"]["terms_f1"]
    assert first["difference"] is None and first["verdict"] is None
    without = result["rows"][1]["figures"]["terms_f1"]
    # the barter of the seed article and the LNG supply of 002 are stated by transfer verbs
    assert without["difference"]["mean"] < 0
    ablation.write(result, tmp_path)
    table = (tmp_path / "ablation.md").read_text()
    assert "| without candidates.verbs |" in table and "everything on (default)" in table


def _run_dir(tmp_path, name, per_case, read=None, gold=None):
    """A run directory whose report.json holds the given per-case terms F1 (and the others at 1); ``gold`` and
    ``read``: whether each case reports a deal in gold and in the reading (default: all deals, all read)."""
    from summarizer.eval.views import view

    d = tmp_path / name
    d.mkdir()
    gold = gold or [True] * len(per_case)
    read = read or [True] * len(per_case)
    scores = [
        {"gold_deal": g, "pred_deal": r, "terms_f1": v, "parties_f1": 1.0, "valid": 1.0}
        for v, g, r in zip(per_case, gold, read, strict=True)
    ]
    cases = [{"case": f"c{i}", "group": "dev", "scores": s} for i, s in enumerate(scores)]
    (d / "report.json").write_text(json.dumps({"overall": view(scores), "run": {}, "cases": cases}))
    return d


def test_compare_of_a_run_with_itself_is_zero_and_within_noise(tmp_path):
    values = [0.2, 0.5, 0.9, 1.0, 0.0, 0.4]
    a, b = _run_dir(tmp_path, "a", values), _run_dir(tmp_path, "b", values)
    proc = run_cli("eval", "compare", str(a), str(b), "--fail-if-worse", "terms_f1")
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert "+0.000 [+0.000, +0.000]" in out and "within noise" in out and "6 cases in both runs" in out


def test_fail_if_worse_exits_1_exactly_when_the_interval_is_below_zero(tmp_path):
    a = _run_dir(tmp_path, "a", [0.6, 0.7, 0.8, 0.9, 0.5, 0.6, 0.7, 0.8])
    worse = _run_dir(tmp_path, "worse", [0.4, 0.5, 0.6, 0.7, 0.3, 0.4, 0.5, 0.6])  # 0.2 lower on every case
    noisy = _run_dir(tmp_path, "noisy", [0.9, 0.4, 0.8, 0.9, 0.2, 0.9, 0.7, 0.8])  # lower on some, higher on others
    proc = run_cli("eval", "compare", str(a), str(worse), "--fail-if-worse", "terms_f1")
    assert proc.returncode == 1 and "terms_f1 is worse by 0.200" in proc.stderr.decode()
    assert "worse" in proc.stdout.decode()
    proc = run_cli("eval", "compare", str(a), str(noisy), "--fail-if-worse", "terms_f1")
    assert proc.returncode == 0 and "within noise" in proc.stdout.decode()
    proc = run_cli("eval", "compare", str(worse), str(a), "--fail-if-worse", "terms_f1")
    assert proc.returncode == 0 and "better" in proc.stdout.decode()
    proc = run_cli("eval", "compare", str(a), str(worse), "--fail-if-worse", "nonsense")
    assert proc.returncode == 2 and "--fail-if-worse" in proc.stderr.decode()


def test_cases_in_one_run_only_are_listed_not_dropped_silently(tmp_path):
    a = _run_dir(tmp_path, "a", [0.5, 0.5, 0.5])
    b = _run_dir(tmp_path, "b", [0.5, 0.5])
    proc = run_cli("eval", "compare", str(a), str(b))
    assert proc.returncode == 0 and "only in A (1): c2" in proc.stdout.decode()


def test_reports_carry_a_reproducible_interval_for_each_mean_figure():
    from summarizer.eval.report import report_dict, to_markdown
    from summarizer.eval.runner import run_eval

    cases = load_cases(ROOT / "seeds", ["000_russia_nk_food_arms", "120_wikinews_shalit_prisoner_deal"])
    backend = ScriptedBackend(lambda messages: {"sentence": 0, "category": "nothing", "item": ""})
    run = run_eval(cases, Model(backend), None, reading="steps")
    report = report_dict(run)
    deal = report["overall"]["deal_texts"]
    low, high = deal["intervals"]["parties_f1"]
    assert low <= deal["parties_f1"] <= high
    assert report["groups"]["dev"] == report_dict(run)["groups"]["dev"]  # seeded
    assert "bootstrap" in report["intervals_method"] and "seed" in report["intervals_method"]
    assert f"| parties F1 | {deal['parties_f1']:.2f} ({low:.2f}–{high:.2f})" in to_markdown(run)


def test_a_suite_runs_its_cases_and_gates_against_floors_and_its_baseline(tmp_path):
    suite = tmp_path / "mini.json"
    baseline = tmp_path / "base"
    spec = {
        "description": "two cases",
        "cases_dir": str(ROOT / "seeds"),
        "cases": ["000_russia_nk_food_arms", "120_wikinews_shalit_prisoner_deal"],
        "decide": ["sides=fitted"],  # the suite machinery, not the model: no model call (the model is tested apart)
        "fail_under": {"validity": 1.0},
        "max_unsupported_terms": 0,
    }
    suite.write_text(json.dumps(spec))
    proc = run_cli("eval", "--suite", str(suite), "--out", str(baseline))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "suite" in proc.stdout.decode() and "passed its gates" in proc.stdout.decode()
    report = json.loads((baseline / "report.json").read_text())
    assert [c["case"] for c in report["cases"]] == spec["cases"]
    # against itself as the baseline: nothing is worse
    suite.write_text(json.dumps({**spec, "baseline": str(baseline), "fail_if_worse": ["parties_f1", "terms_f1"]}))
    assert run_cli("eval", "--suite", str(suite), "--out", str(tmp_path / "again")).returncode == 0
    # a floor it cannot meet fails with the figure named
    suite.write_text(json.dumps({**spec, "fail_under": {"terms_f1": 1.0}}))
    proc = run_cli("eval", "--suite", str(suite), "--out", str(tmp_path / "third"))
    assert proc.returncode == 1 and "terms_f1" in proc.stderr.decode()
    proc = run_cli("eval", "--suite", "no-such-suite")
    assert proc.returncode == 2 and "no eval suite" in proc.stderr.decode()


def test_the_committed_suites_are_valid():
    from summarizer.eval.suites import EVALS_DIR, load_suite

    names = sorted(p.stem for p in EVALS_DIR.glob("*.json"))
    assert {"ci", "model-steps", "test"} <= set(names)
    for name in names:
        suite, root = load_suite(name)
        if suite.baseline:
            assert (root / suite.baseline / "report.json").is_file()


def test_deal_detection_is_scored_as_a_classifier_with_intervals():
    from summarizer.eval.views import figure, view

    # 4 deal texts (3 read as deals), 2 no-deal texts (1 read as a deal): recall 3/4, precision 3/4
    gold = [True, True, True, True, False, False]
    read = [True, True, True, False, True, False]
    scores = [
        {"gold_deal": g, "pred_deal": r, "parties_f1": 0.5, "valid": 1.0} for g, r in zip(gold, read, strict=True)
    ]
    v = view(scores)
    d = v["detection"]
    assert (d["tp"], d["fp"], d["fn"], d["tn"]) == (3, 1, 1, 1)
    assert figure(v, "deal_recall") == 0.75 and figure(v, "deal_precision") == 0.75 and figure(v, "deal_f1") == 0.75
    low, high = d["intervals"]["deal_recall"]
    assert 0.0 <= low < 0.75 < high <= 1.0


def test_content_figures_are_over_deal_texts_and_silence_earns_nothing():
    from summarizer.eval.views import figure, view

    # a reading that says nothing: 0 on the deal text, full marks on the two no-deal texts
    scores = [
        {"gold_deal": True, "pred_deal": False, "parties_f1": 0.0, "terms_primary_recall": 0.0, "valid": 1.0},
        {"gold_deal": False, "pred_deal": False, "parties_f1": 1.0, "terms_primary_recall": None, "valid": 1.0},
        {"gold_deal": False, "pred_deal": False, "parties_f1": 1.0, "terms_primary_recall": None, "valid": 1.0},
    ]
    v = view(scores)
    assert figure(v, "parties_f1") == 0.0 and figure(v, "all_texts.parties_f1") == 2 / 3
    assert figure(v, "terms_primary_recall") == 0.0 and figure(v, "deal_recall") == 0.0
    assert figure(v, "validity") == 1.0 and v["deal_cases"] == 1


def test_compare_judges_deal_detection_paired(tmp_path):
    gold = [True] * 8 + [False] * 4
    a = _run_dir(tmp_path, "a", [0.5] * 12, read=[True] * 8 + [False] * 4, gold=gold)
    b = _run_dir(tmp_path, "b", [0.5] * 12, read=[False] * 6 + [True] * 2 + [False] * 4, gold=gold)
    proc = run_cli("eval", "compare", str(a), str(b), "--fail-if-worse", "deal_recall")
    assert proc.returncode == 1 and "deal_recall is worse by 0.750" in proc.stderr.decode()
    assert "12 cases in both runs, 8 of them deal texts" in proc.stdout.decode()


def test_eval_reports_every_figure_by_a_source_field(tmp_path):
    cases = ["000_russia_nk_food_arms", "120_wikinews_shalit_prisoner_deal", "016_typhoon_philippines_no_deal"]
    out = tmp_path / "run"
    args = ["eval", str(ROOT / "seeds"), "--out", str(out), "--by", "publisher_family", "--no-cache",
            "--decide", "sides=fitted"]  # the report's groups, not the model: no model call
    proc = run_cli(*args, *(x for c in cases for x in ("--case", c)))
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads((out / "report.json").read_text())
    families = report["by"]["publisher_family"]
    # the synthetic case has no family; the two real ones have theirs
    assert set(families) == {"other_news", "wikinews", "unknown"}
    assert families["wikinews"]["cases"] == 1 and families["unknown"]["deal_cases"] == 0
    md = (out / "report.md").read_text()
    assert "By publisher_family" in md and "| wikinews | 1 (1) |" in md
    assert 'id="by-publisher_family"' in (out / "report.html").read_text()
