"""The ``summarize`` command. Thin: parse options, call the library, print, exit.

Exit codes: 0 success; 1 a model or extraction failure (or any article of a
batch failed); 2 bad input or usage.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from summarizer import __version__
from summarizer.cli_common import ModelOptions, exit_code, fail, with_model_options
from summarizer.errors import InputError, SummarizerError
from summarizer.text import ARTICLE_SUFFIXES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Typed, source-grounded summaries of news articles about deals.\n\n"
    "summarize ARTICLE [options] summarises a file, '-' (stdin) or a directory.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rendering it with rich costs ~0.3 s of imports at every start
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Typed, source-grounded summaries of news articles about deals."""


def _inputs(article: str) -> list[str]:
    if article == "-":
        return ["-"]
    path = Path(article)
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise InputError(f"{article}: no article files (.txt, .md, .html) in this directory")
        return files
    return [article]


def _output_name(root: Path, path: Path, fmt: str, taken: set[Path]) -> Path:
    """Where a directory input's file goes under OUT: its path below ROOT, with the format's suffix
    (``a/x.txt`` -> ``a/x.json``); a second file of that name keeps its own suffix (``a/x.txt.json``)."""
    rel = path.relative_to(root)
    name = rel.with_suffix(f".{fmt}")
    if name in taken:
        name = rel.with_name(f"{rel.name}.{fmt}")
    taken.add(name)
    return name


WITHOUT_HELP = "steps reading: switch a rule family off (repeatable; `summarize eval ablation --list` lists them)."
DECIDE_HELP = (
    "steps reading: STEP=fitted or STEP=model, who decides a step (repeatable; sides, gives, status). The default "
    "preset decides the sides (sides=fitted: no model call)."
)


def _reading_config(without: list[str] | None, decide: list[str] | None, reading: str):
    from summarizer.reading_config import ReadingConfig, check_reading

    config = ReadingConfig.parse(without, decide)
    check_reading(config, reading)
    return config


@app.command("run")
@with_model_options
def run(
    article: Annotated[str, typer.Argument(help="Article file, '-' for stdin, or a directory.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, md or html.")] = "json",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="File (or directory for a directory input).")
    ] = None,
    without: Annotated[Optional[list[str]], typer.Option("--without", help=WITHOUT_HELP)] = None,
    decide: Annotated[Optional[list[str]], typer.Option("--decide", help=DECIDE_HELP)] = None,
    opts: ModelOptions = ModelOptions(),
) -> None:
    """Summarise ARTICLE (the default command: `summarize ARTICLE` runs this)."""
    from summarizer.pipeline import summarize_article
    from summarizer.render import FORMATS, render
    from summarizer.text import read_article

    opts.configure_logging()
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})", 2)
    single = article == "-" or not Path(article).is_dir()
    try:
        files = _inputs(article)
        opts.check_prompt()  # a bad template fails before a model loads
        first = read_article(files[0]) if single else None  # bad input fails before a model loads
        m = opts.build_model()
        reading, template = opts.prompt_for(m)
        config = _reading_config(without, decide, reading)
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None

    if first is not None:
        try:
            summary = summarize_article(first, model=m, prompt=template, reading=reading, config=config,
                                        brief=opts.brief or "template")
        except SummarizerError as exc:
            raise fail(str(exc), exit_code(exc)) from None
        text = render(summary, fmt, first.text)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return

    from rich.progress import Progress

    failures = 0
    written: set[Path] = set()
    if output:
        output.mkdir(parents=True, exist_ok=True)
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("summarising", total=len(files))
        for path in files:
            try:
                item = read_article(path)
                summary = summarize_article(item, model=m, prompt=template, reading=reading, config=config,
                                            brief=opts.brief or "template")
                text = render(summary, fmt, item.text)
                if output:
                    target = output / _output_name(Path(article), Path(path), fmt, written)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                else:
                    sys.stdout.write(text)
            except SummarizerError as exc:
                failures += 1
                typer.echo(f"error: {exc}", err=True)
            progress.advance(task)
    if failures:
        raise fail(f"{failures} of {len(files)} article(s) failed", 1)


@app.command("schema")
def schema(
    which: Annotated[
        str, typer.Option("--which", help="summary (what summarize writes) or extraction (what the model fills).")
    ] = "summary",
) -> None:
    """Print the JSON Schema of a summary."""
    from summarizer.schema import schema_json

    try:
        text = schema_json(which)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    sys.stdout.write(text)


@app.command("models")
def models() -> None:
    """List the embedded presets: installed or not, size, SHA-256."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from summarizer.models.presets import DEFAULT_PRESET, PRESETS

    table = Table("preset", "model", "installed", "size", "SHA-256")
    table.columns[0].no_wrap = table.columns[4].no_wrap = True
    for p in PRESETS.values():
        name = p.name + (" (default)" if p.name == DEFAULT_PRESET else "")
        table.add_row(name, p.title, "yes" if p.installed() else escape(f"no: {p.pip}"), f"{p.size_mb} MB", p.sha256)
    Console(width=220).print(table)


@app.command("train")
def train_command(
    cases_dir: Annotated[Path, typer.Argument(help="Directory of cases; its dev split is read (default: seeds/).")] = Path(
        "seeds"
    ),
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Where to write the weights (default: the package's own).")
    ] = None,
    no_eval: Annotated[
        bool, typer.Option("--no-eval", help="Fit only: skip cross-validation and leaving each family out.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 unless the fit reproduces the committed weights.")
    ] = False,
) -> None:
    """Fit the reading's decisions from the labelled dev texts and write their weights (JSON).

    Prints 5-fold cross-validation by text on dev (texts in name order, and over 3 seeded shuffles of them) and
    the figures of each publisher family read by decisions fitted on the others (summarizer/training/fit.py)."""
    from summarizer.fitted.model import WEIGHTS
    from summarizer.training.fit import REPORTS, compare_weights, train, write

    target = out or WEIGHTS
    try:
        weights = train(cases_dir, evaluate=not no_eval, on_progress=lambda m: typer.echo(m, err=True))
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    for name in REPORTS:
        if name in weights.info:
            typer.echo(f"{name.replace('_', ' ')}: {json.dumps(weights.info[name], indent=1)}")
    if check:
        differences = compare_weights(weights, target)
        if differences:
            raise fail(f"training does not reproduce {target}: {'; '.join(differences[:5])}", 1)
        typer.echo(f"training reproduces {target}")
        return
    write(weights, target)
    typer.echo(f"weights in {target}")


@app.command("eval")
@with_model_options
def eval_command(
    cases_dir: Annotated[Path, typer.Argument(help="Directory of cases (default: seeds/).")] = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Run directory to write reports into.")] = Path(
        "runs/latest"
    ),
    case: Annotated[Optional[list[str]], typer.Option("--case", help="Only this case (repeatable).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N cases.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    fail_under: Annotated[
        Optional[list[str]], typer.Option("--fail-under", help="FIELD=VALUE gate (repeatable).")
    ] = None,
    split: Annotated[
        str, typer.Option("--split", help="dev, test, real (dev and test), synthetic or all (see seeds/split.json).")
    ] = "all",
    without: Annotated[Optional[list[str]], typer.Option("--without", help=WITHOUT_HELP)] = None,
    decide: Annotated[Optional[list[str]], typer.Option("--decide", help=DECIDE_HELP)] = None,
    suite: Annotated[
        Optional[str],
        typer.Option("--suite", help="Run a suite from evals/ (its cases, reading, model and gates; see evals/)."),
    ] = None,
    by: Annotated[
        Optional[list[str]],
        typer.Option(
            "--by", help="Also report every figure per value of this source.json field (publisher_family, "
            "deal_kind, text_type, ...; repeatable)."
        ),
    ] = None,
    opts: ModelOptions = ModelOptions(),
) -> None:
    """Run the eval over CASES_DIR and write predictions and reports into --out.

    Deal detection is scored over all texts; the content figures (parties, terms, sources, status, evidence)
    over the texts whose gold reports a deal, with the all-texts figures beside them. --fail-under gates read
    the content figures on deal texts (all_texts.FIELD for all texts) and deal_recall, deal_precision, deal_f1.

    Compare two runs with `summarize eval compare RUN_A RUN_B [--fail-under FIELD=VALUE] [--fail-if-worse FIELD]`;
    run a suite (cases, reading, gates and a baseline as data in evals/) with `summarize eval --suite NAME`.
    """
    import dataclasses

    from summarizer.cache import ResponseCache
    from summarizer.eval.cases import load_cases
    from summarizer.eval.compare import failed_gates, parse_gates
    from summarizer.eval.report import write_run
    from summarizer.eval.runner import run_eval

    opts.configure_logging()
    chosen = None
    try:
        if suite is not None:
            from summarizer.eval.suites import load_suite

            chosen, root = load_suite(suite)
            cases_dir, split, case = root / chosen.cases_dir, chosen.split, chosen.cases or None
            decide, without = chosen.decide or decide, chosen.without or without
            by = [*chosen.by, *(f for f in by or [] if f not in chosen.by)]
            no_cache = no_cache or chosen.no_cache
            opts = dataclasses.replace(opts, model=chosen.model or opts.model, reading=chosen.reading or opts.reading,
                                       brief=chosen.brief or opts.brief)
        gates = parse_gates(fail_under or [])
        brief = opts.brief or "template"
        cases = load_cases(cases_dir, case, split=split)[:limit]
        opts.check_prompt()  # a bad template fails before a model loads
        m = opts.build_model()
        reading, template = opts.prompt_for(m)
        config = _reading_config(without, decide, reading)
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    cache = None if no_cache else ResponseCache()
    with _eval_progress(len(cases)) as on_case:
        run = run_eval(cases, m, template, cache, on_case=on_case, reading=reading, config=config, brief=brief)
    report = write_run(run, out, by)
    _print_overall(run, report)
    typer.echo(f"reports in {out}/ (report.md, report.html, report.json)")
    failures = failed_gates(run.overall, gates)
    if chosen is not None:
        from summarizer.eval.suites import gate

        try:
            failures += gate(chosen, report, root)
        except SummarizerError as exc:
            raise fail(str(exc), exit_code(exc)) from None
        typer.echo(f"suite {suite}: " + ("passed its gates" if not failures else "failed"))
    if failures:
        raise fail("; ".join(failures), 1)


@app.command("batch")
@with_model_options
def batch_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="A directory of articles (.txt .md .html .htm), a directory of .jsonl shards (one with no "
            "article file), a JSONL file, a quoted glob of JSONL files ('shards/*.jsonl'), or '-' (JSONL on "
            "stdin). Read lazily: a batch never holds its articles.",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="JSONL file: one record per article (--engine ray: a directory).")
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Articles summarised at once (--engine ray: in each worker). An embedded model answers one "
            "call at a time, so -j helps endpoints.",
        ),
    ] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip ids already summarised in OUTPUT; retry those that failed.")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (threads in this process) or ray (model workers on a Ray cluster).")
    ] = "local",
    address: Annotated[
        Optional[str],
        typer.Option("--address", help="--engine ray: a running Ray cluster (default: start a local one)."),
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", min=1, help="--engine ray: model workers (default 1).")
    ] = None,
    cpus_per_worker: Annotated[
        Optional[float],
        typer.Option(
            "--cpus-per-worker",
            min=0.01,
            help="--engine ray: CPUs Ray gives each worker (default 1); an embedded model runs that many threads.",
        ),
    ] = None,
    without: Annotated[Optional[list[str]], typer.Option("--without", help=WITHOUT_HELP)] = None,
    decide: Annotated[Optional[list[str]], typer.Option("--decide", help=DECIDE_HELP)] = None,
    opts: ModelOptions = ModelOptions(),
) -> None:
    """Summarise many articles into one JSONL file (articles, JSONL of {"id", "text"|"path"}, shards, or '-').

    With --engine ray, OUTPUT is a directory of JSONL parts and a manifest.json."""
    from summarizer.batch import run_batch
    from summarizer.cache import ResponseCache
    from summarizer.progress import batch_progress

    if engine not in ("local", "ray"):
        raise fail(f"--engine must be local or ray, not {engine!r}", 2)
    if engine == "local" and (address is not None or workers is not None or cpus_per_worker is not None):
        raise fail("--address, --workers and --cpus-per-worker are for --engine ray", 2)
    opts.configure_logging()
    if engine == "ray":
        return _batch_on_ray(source, output, jobs, resume, no_cache, address, workers or 1, cpus_per_worker or 1, opts,
                             without or [], decide or [])
    try:
        items = _batch_items(source)
        opts.check_prompt()  # a bad template fails before a model loads
        m = opts.build_model()
        reading, template = opts.prompt_for(m)
        config = _reading_config(without, decide, reading)
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    if output.is_dir():
        raise fail(f"{output}: is a directory; give a .jsonl file", 2)

    with batch_progress() as bar:
        task = bar.add_task("summarising", total=None)
        result = run_batch(
            items,
            m,
            output,
            jobs=jobs,
            resume=resume,
            prompt=template,
            reading=reading,
            brief=opts.brief or "template",
            config=config,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            cache=None if no_cache else ResponseCache(),
        )
    _batch_done(result, str(output))


def _batch_items(source: str):
    """INPUT's items, lazily; a clear error now when INPUT is missing or holds no article."""
    from summarizer.batch_input import read_items

    items = iter(read_items(source))
    first = next(items, None)
    if first is None:
        raise InputError(f"{source}: no articles")
    return itertools.chain([first], items)


def _batch_done(result, where: str) -> None:
    """The batch's closing line on stderr; exit 1 when any article failed."""
    counts = result.counts
    typer.echo(
        f"{counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped (already done) -> {where}",
        err=True,
    )
    if result.failed:
        raise fail(f"{result.failed} of {counts['ok'] + result.failed} article(s) failed", 1)


def _batch_on_ray(
    source: str,
    output: Path,
    jobs: int,
    resume: bool,
    no_cache: bool,
    address: str | None,
    workers: int,
    cpus_per_worker: float,
    opts,
    without: list[str],
    decide: list[str],
) -> None:
    """``summarize batch --engine ray``: the same records, from model workers on Ray, into a directory."""
    from summarizer.batch_ray import INSTALL_HINT, ModelSpec, ray_available, report_line, run_ray_batch
    from summarizer.progress import batch_progress

    if not ray_available():
        raise fail(INSTALL_HINT, 2)
    if output.exists() and not output.is_dir():
        raise fail(f"{output}: is a file; --engine ray writes a directory of JSONL parts", 2)
    try:
        items = _batch_items(source)
        opts.check_prompt()
        spec = dataclasses.replace(ModelSpec.from_options(opts), without=tuple(without), decide=tuple(decide))
        _reading_config(without, decide, spec.reading or "steps")  # refused here, before Ray starts
        if spec.kind == "endpoint":
            opts.build_model()  # an endpoint client is cheap: refuse bad settings before Ray starts
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None

    def ready(infos):
        for info in infos:
            bar.console.print(report_line(info))

    try:
        with batch_progress() as bar:
            task = bar.add_task("summarising", total=None)
            result = run_ray_batch(
                items,
                spec,
                output,
                workers=workers,
                jobs=jobs,
                resume=resume,
                address=address,
                cache=not no_cache,
                cpus_per_worker=cpus_per_worker,
                source=source,
                verbose=opts.verbose,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                on_ready=ready,
            )
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    _batch_done(result, f"{output}/")


@app.command("eval-compare", hidden=True)
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="The baseline run directory.")],
    run_b: Annotated[Path, typer.Argument(help="The new run directory.")],
    fail_under: Annotated[Optional[list[str]], typer.Option("--fail-under", help="FIELD=VALUE gate on RUN_B.")] = None,
    fail_if_worse: Annotated[
        Optional[list[str]],
        typer.Option("--fail-if-worse", help="FIELD: exit 1 when B is worse than A beyond noise (repeatable)."),
    ] = None,
) -> None:
    """Per-field deltas between two runs, and over the cases both scored the paired difference with its 95%
    bootstrap interval (`summarize eval compare RUN_A RUN_B`)."""
    from rich.console import Console
    from rich.table import Table

    from summarizer.eval.compare import deltas, failed_gates, load_report, paired, parse_gates, worse_beyond_noise

    try:
        gates = parse_gates(fail_under or [])
        a, b = load_report(run_a), load_report(run_b)
        comparison = paired(a, b)
        worse = worse_beyond_noise(comparison, fail_if_worse or [])
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    shared = comparison["shared_cases"]
    table = Table("field", str(run_a), str(run_b), "delta", "paired B - A (95% interval)", "verdict")
    rows = [(key, va, vb) for key, va, vb, _ in deltas(a, b)]
    rows += [(key, None, None) for key in comparison["figures"] if key not in {r[0] for r in rows}]
    for key, va, vb in rows:
        fig = comparison["figures"].get(key)
        span = verdict_cell = ""
        if fig is not None:  # judged figures: over the cases both runs scored
            va, vb = fig["a"], fig["b"]
            if fig["difference"] is not None:
                d = fig["difference"]
                span, verdict_cell = f"{d['mean']:+.3f} [{d['low']:+.3f}, {d['high']:+.3f}]", fig["verdict"]
        diff = vb - va if isinstance(va, (int, float)) and isinstance(vb, (int, float)) else None
        sign = "" if diff is None else ("+" if diff > 0 else "")
        table.add_row(key, _num(va), _num(vb), "–" if diff is None else f"{sign}{diff:.3f}", span, verdict_cell)
    Console(width=160).print(table)
    typer.echo(
        f"{shared} cases in both runs, {comparison['shared_deal_cases']} of them deal texts (judged figures are over "
        "them: deal detection over all, content figures over the deal texts, all_texts.* over all)"
    )
    for side, cases in (("only in A", comparison["only_in_a"]), ("only in B", comparison["only_in_b"])):
        if cases:
            typer.echo(f"{side} ({len(cases)}): {', '.join(cases)}")
    failures = failed_gates(b["overall"], gates) + worse
    if failures:
        raise fail("; ".join(failures), 1)


@app.command("eval-ablation", hidden=True)
@with_model_options
def eval_ablation(
    cases_dir: Annotated[Path, typer.Argument(help="Directory of cases (default: seeds/).")] = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for ablation.md and ablation.json.")] = Path(
        "runs/ablation"
    ),
    split: Annotated[str, typer.Option("--split", help="dev, test, real, synthetic or all.")] = "test",
    family: Annotated[
        Optional[list[str]], typer.Option("--family", help="Only these families (repeatable; default: all).")
    ] = None,
    no_steps: Annotated[bool, typer.Option("--no-steps", help="Do not try the other decider of each step.")] = False,
    decide: Annotated[
        Optional[list[str]], typer.Option("--decide", help="The base reading's deciders, STEP=fitted|model (repeatable).")
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the rule families and steps, and stop.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    opts: ModelOptions = ModelOptions(),
) -> None:
    """The steps reading with each rule family off and each step decided the other way, against everything on
    (`summarize eval ablation CASES_DIR --split test`): a table of figures with paired 95% intervals."""
    from summarizer.reading_config import FAMILIES, STEPS, ReadingConfig

    if list_only:
        for name, what in FAMILIES.items():
            typer.echo(f"{name}: {what}")
        for step, (deciders, default, what) in STEPS.items():
            typer.echo(f"step {step} ({'/'.join(deciders)}, default {default}): {what}")
        return
    from summarizer.cache import ResponseCache
    from summarizer.eval import ablation
    from summarizer.eval.cases import load_cases
    from summarizer.pipeline import reading_config

    opts.configure_logging()
    try:
        if opts.reading == "single":
            raise InputError("the ablation is of the steps reading")
        cases = load_cases(cases_dir, split=split)
        m = opts.build_model()
        base = reading_config(m, ReadingConfig.parse(decide=decide))
        chosen = ablation.variants(base, families=family, steps=not no_steps)
        _, prompts = opts.prompt_for(m)
    except SummarizerError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    cache = None if no_cache else ResponseCache()
    done = 0

    def progress(variant: ablation.Variant) -> None:
        nonlocal done
        done += 1
        typer.echo(f"ablation {done}/{len(chosen)} {variant.label}", err=True)

    ablation.run_ablation(cases, m, cache, chosen, on_variant=progress, prompts=prompts)
    result = ablation.table(chosen)
    ablation.write(result, out)
    typer.echo(ablation.markdown(result))
    typer.echo(f"ablation in {out}/ (ablation.md, ablation.json)")


@contextmanager
def _eval_progress(total: int) -> Iterator[Callable[[Any], None]]:
    """What to call after each eval case: a bar on a terminal; elsewhere (a log file, CI) one line per
    case on stderr, so a long eval is never silent: ``eval 3/14 case-id: 61.2 s, valid``."""
    if not sys.stderr.isatty():
        done = [0]

        def line(result: Any) -> None:
            done[0] += 1
            if result.summary is not None:
                verdict = "valid"
            else:
                error = result.error or {}
                message = str(error.get("message", "")).splitlines()[0][:120] if error.get("message") else ""
                verdict = f"invalid ({error.get('type', 'error')}: {message})" if message else "invalid"
            typer.echo(f"eval {done[0]}/{total} {result.case.id}: {result.seconds:.1f} s, {verdict}", err=True)

        yield line
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("eval", total=total)
        yield lambda result: progress.advance(task)


def _num(value: object) -> str:
    return "–" if not isinstance(value, (int, float)) else f"{value:.3f}"


def _print_overall(run: Any, report: dict) -> None:
    """The headline on the terminal: a column per view (overall, each group), deal detection's 2×2 table, and
    the per-field tables the report holds."""
    from rich.console import Console
    from rich.table import Table

    from summarizer.eval.report import BY_FIELDS, cell, column_views, detection_table
    from summarizer.eval.views import COUNTS, HEADLINE, RUN_FIGURES

    info, columns = run.info, column_views(run)
    console = Console(width=200)
    table = Table("figure", *columns, title=f"{info['model']} · {info['prompt_template']} · {info['cases']} cases")
    for key, label in HEADLINE + COUNTS + RUN_FIGURES:
        table.add_row(label, *(cell(v, key) for v in columns.values()))
    console.print(table)
    console.print("content figures over the texts whose gold reports a deal; detection, validity, grounding, counts "
                  "and run figures over all texts (report.md: the content figures over all texts)")
    for name, v in columns.items():
        console.print(f"{name}: {detection_table(v)}")
    for field, views in report.get("by", {}).items():
        by = Table(field, "cases (deal)", *(label for _, label in BY_FIELDS), title=f"by {field} (intervals: report.md)")
        for value, v in views.items():
            by.add_row(value, f"{v['cases']} ({v['deal_cases']})", *(cell(v, key, False) for key, _ in BY_FIELDS))
        console.print(by)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


COMMANDS = {"run", "schema", "models", "train", "eval", "eval-compare", "eval-ablation", "batch"}


def main() -> None:
    """Entry point: ``summarize ARTICLE`` is short for ``summarize run ARTICLE``."""
    args = sys.argv[1:]
    if args and args[0] not in COMMANDS and args[0] not in {"--help", "-h", "--version"}:
        args = ["run", *args]
    if args[:2] == ["eval", "compare"]:
        args = ["eval-compare", *args[2:]]
    elif args[:2] == ["eval", "ablation"]:
        args = ["eval-ablation", *args[2:]]
    try:
        app(args=args, prog_name="summarize")
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
