"""``summarize batch --engine ray``: the batch on a Ray cluster, with the local batch's promises.

Design (Ray core, not Ray Data). Ray Data's map_batches hands results to its sinks a block at a
time and its file sinks write one file per write task; a retried task writes again, and actor tasks
are at-least-once (a task whose actor died after it finished is run again), so exactly one record
per id would need a merge step anyway, and one article that kills its worker every time fails the
whole dataset. Here the driver is the only writer instead:

* ``--workers`` actors each build their model **once** from a picklable :class:`ModelSpec` (a preset,
  a GGUF path, an endpoint name with its base URL and options, or, for tests, a scripted backend
  named by ``module:function``). The spec never holds an API key: workers read ``OPENAI_API_KEY``
  from their own environment.
* An embedded worker runs llama.cpp with as many threads as the CPUs Ray assigned it
  (``cpus_per_worker``; :func:`worker_threads`): more threads than CPUs spin against the other workers.
* The driver pulls items from its input lazily (:class:`summarizer.batch.TodoFeed`) and hands them out as
  workers free up; the ids it must remember (done, written) are kept in :class:`summarizer.id_index.IdIndex`.
* Each actor runs ``jobs`` articles at once, through :class:`summarizer.batch.RecordProcessor`, the
  very function the local batch calls; the driver appends each record to a JSONL part in OUT,
  flushed and fsync'd, and writes an id at most once (a re-run task's second record is dropped).
* A worker that dies (``os._exit``, a segfault, OOM) is restarted by Ray (``max_restarts=-1``);
  the driver waits until it has rebuilt its model, then redoes the articles it had in flight, each
  one alone on a worker, so that a death is pinned on the article that caused it. An article that
  kills its worker ``max_deaths`` times alone gets an ``internal`` error record: nothing is lost
  and one poisonous article cannot stall the batch.
* ``--resume`` reads the records in OUT (the newest per id), runs the ids without a summary, and
  finally drops superseded and truncated lines from the older parts, so OUT ends with exactly one
  record per id.

OUT is a directory: ``part-00000.jsonl``, ``part-00001.jsonl``, ... (a new part per run, and after
every ``part_records`` records) and ``manifest.json`` (input, number of ids, parts, model spec,
started/finished, counts, CPUs and threads per worker). A local Ray started for the run is started by
:mod:`summarizer.ray_local` and leaves nothing behind. Ray is imported only here
(``pip install 'summarizer[ray]'``).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from summarizer.atomic import write_atomically
from summarizer.batch import BatchResult, RecordProcessor, TodoFeed, error_record
from summarizer.batch_input import BatchItem
from summarizer.batch_records import Done, compact, scan
from summarizer.errors import InputError, SummarizerError
from summarizer.id_index import IdIndex
from summarizer.reading_config import ReadingConfig

INSTALL_HINT = "--engine ray needs Ray: pip install 'summarizer[ray]'"
PART = re.compile(r"^part-(\d{5,})\.jsonl$")
MANIFEST = "manifest.json"


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


# --------------------------------------------------------------------------------------------- model spec


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to build its model: plain data, picklable, and never an API key.

    ``kind`` is ``embedded`` (a preset name or a ``.gguf`` path in ``model``), ``endpoint`` (an
    OpenAI-compatible model name, ``base_url`` None meaning OpenAI) or ``scripted`` (tests only:
    ``model`` is ``module:function``, called with ``options`` to give a ScriptedBackend's replies).
    ``reading`` is resolved on the driver (steps for the embedded presets, single for endpoints)
    and every worker uses it; ``without`` and ``decide`` are the steps reading's ``--without`` and ``--decide``.
    """

    kind: str
    model: str | None = None
    base_url: str | None = None
    reading: str | None = None
    prompt: str | None = None
    brief: str = "template"
    without: tuple[str, ...] = ()
    decide: tuple[str, ...] = ()
    max_attempts: int = 3
    n_ctx: int | None = None
    n_threads: int | None = None
    schema_format: str | None = None
    timeout: float | None = None
    retries: int | None = None
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_options(cls, opts: Any) -> ModelSpec:
        """The spec of the CLI's model options (:class:`summarizer.cli_common.ModelOptions`)."""
        from summarizer.models import DEFAULT_PRESET, PRESETS
        from summarizer.models.embedded import EmbeddedBackend
        from summarizer.pipeline import READINGS

        name = opts.model or DEFAULT_PRESET
        embedded = opts.base_url is None and (name in PRESETS or name.endswith(".gguf"))
        reading = opts.reading or (EmbeddedBackend.default_reading if embedded else "single")
        if reading not in READINGS:
            raise InputError(f"--reading must be one of {', '.join(READINGS)}, not {reading!r}")
        if embedded and name.endswith(".gguf"):
            name = str(Path(name).resolve())  # workers may start elsewhere: paths are made absolute
        prompt = opts.prompt
        if prompt and Path(prompt).exists():
            prompt = str(Path(prompt).resolve())
        return cls(
            kind="embedded" if embedded else "endpoint",
            model=name,
            base_url=None if embedded else (opts.base_url or os.environ.get("OPENAI_BASE_URL")),
            reading=reading,
            prompt=prompt,
            brief=opts.brief or "template",
            max_attempts=opts.max_attempts,
            n_ctx=opts.n_ctx,
            n_threads=opts.threads,
            schema_format=opts.schema_format,
            timeout=opts.timeout,
            retries=opts.retries,
        )

    @classmethod
    def scripted(cls, factory: str, reading: str = "single", max_attempts: int = 2, brief: str = "template",
                 **options: Any) -> ModelSpec:
        """A scripted model (tests, benchmarks): ``factory`` is ``module:function``; ``function(**options)``
        returns the replies of a :class:`~summarizer.models.scripted.ScriptedBackend`."""
        return cls(kind="scripted", model=factory, reading=reading, max_attempts=max_attempts, brief=brief,
                   options=options)

    def config(self) -> ReadingConfig:
        """The steps reading's configuration (families off, deciders) every worker reads with."""
        return ReadingConfig.parse(list(self.without), list(self.decide))

    def build(self):
        """The model, built in the worker (an endpoint's key comes from ``OPENAI_API_KEY`` there)."""
        from summarizer.models import Limits, Model, load_model

        limits = Limits(max_attempts=self.max_attempts)
        if self.kind == "scripted":
            from summarizer.models.scripted import ScriptedBackend

            module, _, function = (self.model or "").partition(":")
            replies = getattr(importlib.import_module(module), function)(**self.options)
            return Model(ScriptedBackend(replies), limits)
        return load_model(
            self.model,
            base_url=self.base_url,
            n_ctx=self.n_ctx,
            n_threads=self.n_threads,
            schema_format=self.schema_format,
            timeout=self.timeout,
            retries=self.retries,
            limits=limits,
        )

    def public(self) -> dict[str, Any]:
        """The spec for the manifest (it holds no secret: there is no key in a spec)."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v not in (None, {}, ())}


# --------------------------------------------------------------------------------------------- the worker


def _rss_mib() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def worker_threads(requested: int | None, assigned_cpus: float | None) -> int | None:
    """llama.cpp threads of an embedded worker: ``--threads`` when given, else as many as the CPUs Ray
    assigned the worker (at least one); None outside Ray (the model's own default, every core)."""
    if requested:
        return requested
    if assigned_cpus is None:
        return None
    return max(1, int(assigned_cpus))


def check_threads(spec: ModelSpec, cpus_per_worker: float) -> None:
    """Refuse a worker layout that would oversubscribe its node: ``--threads`` above the worker's CPUs."""
    if cpus_per_worker <= 0:
        raise InputError(f"--cpus-per-worker must be above 0, not {cpus_per_worker:g}")
    if spec.kind == "embedded" and spec.n_threads and spec.n_threads > max(1, int(cpus_per_worker)):
        raise InputError(
            f"--threads {spec.n_threads} is more than the {cpus_per_worker:g} CPU(s) Ray gives each worker: its "
            "llama.cpp threads would spin on other workers' cores; raise --cpus-per-worker instead"
        )


def _assigned_cpus() -> float | None:
    """The CPUs Ray assigned this process (a Ray actor), or None outside Ray."""
    try:
        import ray

        if ray.is_initialized():
            return ray.get_runtime_context().get_assigned_resources().get("CPU")
    except Exception:  # noqa: BLE001 - not in a Ray worker
        pass
    return None


class BatchWorker:
    """One model worker (a Ray actor): builds the model once, then turns items into records.

    An embedded model runs as many llama.cpp threads as the CPUs Ray assigned the worker
    (:func:`worker_threads`). A failure to build the model is kept and reported by :meth:`ready`, so
    the driver can stop with the error instead of Ray restarting a worker that can never start.
    """

    def __init__(self, spec: ModelSpec, cache: bool, verbose: bool = False):
        from summarizer.logs import configure

        configure(verbose)
        started = time.perf_counter()
        rss_before = _rss_mib()
        self.error: BaseException | None = None
        self.process: RecordProcessor | None = None
        cpus = _assigned_cpus()
        if spec.kind == "embedded":
            spec = dataclasses.replace(spec, n_threads=worker_threads(spec.n_threads, cpus))
        threads: dict[str, int] | None = None
        try:
            from summarizer.cache import ResponseCache

            model = spec.build()
            if isinstance(getattr(type(model.backend), "llama", None), property):
                llama = model.backend.llama  # an embedded model: load the weights now, once, not at the first article
                threads = {"generation": llama.n_threads, "prompt": llama.n_threads_batch}
            self.process = RecordProcessor(
                model, prompt=spec.prompt, cache=ResponseCache() if cache else None, reading=spec.reading,
                brief=spec.brief, config=spec.config(),
            )
        except Exception as exc:  # reported by ready()
            self.error = exc if isinstance(exc, SummarizerError) else RuntimeError(f"{type(exc).__name__}: {exc}")
        rss_after = _rss_mib()
        self.info = {
            "pid": os.getpid(),
            "load_seconds": round(time.perf_counter() - started, 3),
            "rss_mib": rss_after,
            "model_rss_mib": None if rss_before is None or rss_after is None else round(rss_after - rss_before, 1),
            "reading": self.process.reading if self.process else None,
            "cpus": cpus,
            "threads": threads,  # an embedded model's llama.cpp threads, as the loaded model has them
        }

    def ready(self) -> dict[str, Any]:
        """What the worker costs (pid, load seconds, resident memory), or ``{"error": exc}``."""
        return {"error": self.error} if self.error else self.info

    def stats(self) -> dict[str, Any]:
        """The worker's resident memory now (after some articles: the model, spaCy, caches)."""
        return {"pid": os.getpid(), "rss_mib": _rss_mib()}

    def run(self, item: BatchItem) -> dict[str, Any]:
        assert self.process is not None
        return self.process(item)


# --------------------------------------------------------------------------------------------- the output


def part_paths(out_dir: Path) -> list[Path]:
    """The JSONL parts in ``out_dir``, in the order they were written."""
    if not out_dir.is_dir():
        return []
    parts = [(int(m.group(1)), p) for p in out_dir.iterdir() if (m := PART.match(p.name))]
    return [p for _, p in sorted(parts)]


class _PartWriter:
    """Appends records to ``part-NNNNN.jsonl`` files (a new one after ``limit`` records), each call's
    records flushed and fsync'd before it returns."""

    def __init__(self, out_dir: Path, limit: int):
        existing = part_paths(out_dir)
        self._dir = out_dir
        self._next = int(PART.match(existing[-1].name).group(1)) + 1 if existing else 0  # type: ignore[union-attr]
        self._limit = max(1, limit)
        self._fh: Any = None
        self._count = 0
        self.parts: list[str] = []

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            if self._fh is None or self._count >= self._limit:
                self._sync_close()
                name = f"part-{self._next:05d}.jsonl"
                self._next += 1
                self._fh = (self._dir / name).open("w", encoding="utf-8")
                self._count = 0
                self.parts.append(name)
            self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._count += 1
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def _sync_close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def close(self) -> None:
        self._sync_close()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    manifest = {**manifest, "parts": [p.name for p in part_paths(out_dir)]}
    write_atomically(out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _start_over(out_dir: Path) -> None:
    """A run without --resume: remove the parts and manifest of an earlier run (nothing else)."""
    for path in part_paths(out_dir):
        path.unlink()
    (out_dir / MANIFEST).unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------- the batch


def run_ray_batch(
    items: Iterable[BatchItem],
    spec: ModelSpec,
    out_dir: Path,
    *,
    workers: int = 1,
    jobs: int = 1,
    resume: bool = False,
    address: str | None = None,
    cache: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
    source: str | None = None,
    max_deaths: int = 3,
    part_records: int = 100_000,
    cpus_per_worker: float = 1,
    verbose: bool = False,
    on_ready: Callable[[list[dict[str, Any]]], None] | None = None,
) -> BatchResult:
    """Summarise ``items`` (any iterable, read lazily as workers free up) into the directory ``out_dir``
    on Ray: ``workers`` actors of ``cpus_per_worker`` CPUs, ``jobs`` articles at once in each. Connects
    to the cluster at ``address`` (or the one Ray is already connected to), else starts a local one for
    the run (:mod:`summarizer.ray_local`). ``on_ready`` receives each worker's :meth:`BatchWorker.ready`
    answer once all have built their model. Returns the same counts as :func:`summarizer.batch.run_batch`.
    """
    check_threads(spec, cpus_per_worker)
    if not ray_available():
        raise InputError(INSTALL_HINT)
    import ray

    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    if resume:
        compact(part_paths(out_dir))  # drops a part's truncated last line and any superseded record
        done = scan(part_paths(out_dir))
    else:
        _start_over(out_dir)
        done = Done()
    feed = TodoFeed(items, done, result.counts)
    manifest: dict[str, Any] = {
        "engine": "ray",
        "input": source,
        "ids": None,
        "model": spec.public(),
        "workers": workers,
        "jobs": jobs,
        "cpus_per_worker": cpus_per_worker,
        "worker_threads": None,
        "started": _now(),
        "finished": None,
    }
    _write_manifest(out_dir, manifest)

    def ready(infos: list[dict[str, Any]]) -> None:
        manifest["worker_threads"] = [info.get("threads") for info in infos]
        if on_ready:
            on_ready(infos)

    if feed.total != 0:
        layout = _Layout(spec, max(1, workers), max(1, jobs), cpus_per_worker, address, cache, verbose)
        with _cluster(ray, layout) as actors:
            writer = _PartWriter(out_dir, part_records)
            try:
                _drive(ray, actors, feed, layout.jobs, max_deaths, writer, result, progress, ready)
            finally:
                writer.close()
    if resume:
        compact(part_paths(out_dir))
    manifest["ids"] = result.counts["ok"] + result.counts["failed"] + result.counts["skipped"]
    manifest["finished"] = _now()
    manifest["counts"] = dict(result.counts)
    _write_manifest(out_dir, manifest)
    return result


@dataclasses.dataclass(frozen=True)
class _Layout:
    """Where and how the workers run: the model spec, how many, articles at once in each, CPUs each, and
    the cluster (``address`` None: the one Ray is connected to, ``RAY_ADDRESS``, or a local one)."""

    spec: ModelSpec
    workers: int
    jobs: int
    cpus_per_worker: float
    address: str | None
    cache: bool
    verbose: bool


@contextmanager
def _cluster(ray: Any, layout: _Layout) -> Iterator[list[Any]]:
    """Connect (or start a local Ray for the run), start the workers; stop them (and that Ray) however it ends."""
    from summarizer.ray_local import local_ray

    needed = layout.workers * layout.cpus_per_worker
    with ExitStack() as stack:
        if not ray.is_initialized() and not (layout.address or os.environ.get("RAY_ADDRESS")):
            cores = os.cpu_count() or 1
            if layout.spec.kind == "embedded" and needed > cores:
                warn(
                    f"{layout.workers} worker(s) x {layout.cpus_per_worker:g} CPUs is more than the {cores} cores "
                    "here: their llama.cpp threads will share cores and slow each other"
                )
            # a local cluster gets a CPU per worker at least: endpoint workers mostly wait on the network
            stack.enter_context(local_ray(ray, max(cores, math.ceil(needed)), layout.verbose))
        elif not ray.is_initialized():
            ray.init(
                address=layout.address, include_dashboard=False, log_to_driver=layout.verbose, logging_level="ERROR"
            )
            stack.callback(ray.shutdown)  # disconnects; the cluster goes on
        cpus = ray.cluster_resources().get("CPU", 0)
        if cpus < needed:
            warn(f"{layout.workers} worker(s) need {needed:g} CPUs and the cluster has {cpus:g}: some wait for CPUs")
        remote = ray.remote(BatchWorker).options(
            max_restarts=-1, max_task_retries=0, max_concurrency=layout.jobs, num_cpus=layout.cpus_per_worker
        )
        actors = [remote.remote(layout.spec, layout.cache, layout.verbose) for _ in range(layout.workers)]
        try:
            yield actors
        finally:
            for actor in actors:
                ray.kill(actor, no_restart=True)


def _drive(
    ray: Any,
    actors: list[Any],
    feed: TodoFeed,
    jobs: int,
    max_deaths: int,
    writer: _PartWriter,
    result: BatchResult,
    progress: Callable[[int, int | None], None] | None,
    on_ready: Callable[[list[dict[str, Any]]], None] | None,
) -> None:
    """The driver's loop: keep each live worker at ``jobs`` articles (pulled from the feed as it frees
    up), write records as they come, wait out a worker's restart, redo its articles alone."""
    from ray.exceptions import RayActorError, RayTaskError

    written = IdIndex()
    suspects: deque[BatchItem] = deque()  # in flight on a worker that died: redone alone
    deaths: dict[str, int] = {}
    inflight: dict[Any, tuple[int, BatchItem, bool]] = {}  # task -> (worker, item, alone)
    load = [0] * len(actors)
    alone = [False] * len(actors)
    waiting: dict[Any, int] = {actors[w].ready.remote(): w for w in range(len(actors))}  # not ready yet
    infos: dict[int, dict[str, Any]] = {}
    live: set[int] = set()
    unready: dict[int, int] = {}  # worker -> failed ready() calls in a row
    announced = False

    def submit(w: int, item: BatchItem, lone: bool) -> None:
        inflight[actors[w].run.remote(item)] = (w, item, lone)
        load[w] += 1
        alone[w] = lone

    def dispatch() -> None:
        for w in sorted(live):
            if alone[w]:
                continue
            if suspects:  # a suspect waits for an idle worker, and has it to itself
                if load[w] == 0:
                    submit(w, suspects.popleft(), True)
                continue
            while load[w] < jobs and (item := feed.next()) is not None:
                submit(w, item, jobs == 1)

    while True:
        dispatch()
        if not inflight and not suspects and feed.empty():
            break  # every item has its record
        if not inflight and not waiting:
            raise SummarizerError("every Ray worker is gone; resume the batch to finish it")
        ready, _ = ray.wait([*inflight, *waiting], num_returns=1)
        ready, _ = ray.wait([*inflight, *waiting], num_returns=len(inflight) + len(waiting), timeout=0)
        records: list[dict[str, Any]] = []
        for ref in ready:
            if ref in waiting:
                w = waiting.pop(ref)
                try:
                    info = ray.get(ref)
                except RayActorError:  # still restarting; gone for good after about a minute
                    unready[w] = unready.get(w, 0) + 1
                    if unready[w] < 120:
                        time.sleep(0.5)
                        waiting[actors[w].ready.remote()] = w
                    continue
                unready.pop(w, None)
                if "error" in info:
                    raise info["error"]
                infos[w] = info
                live.add(w)
                if on_ready and len(infos) == len(actors) and not announced:
                    announced = True  # once: a restarted worker's ready() is not news
                    on_ready([infos[i] for i in sorted(infos)])
                continue
            w, item, lone = inflight.pop(ref)
            load[w] -= 1
            alone[w] = False
            try:
                record = ray.get(ref)
            except RayActorError as exc:  # the worker died: wait for its restart, redo the article alone
                if w in live:
                    live.discard(w)
                    waiting[actors[w].ready.remote()] = w
                if lone:
                    deaths[item.id] = deaths.get(item.id, 0) + 1
                    if deaths[item.id] >= max_deaths:
                        message = f"the Ray worker died {deaths[item.id]} times on this article ({type(exc).__name__})"
                        records.append(error_record(item.id, RuntimeError(message), deaths[item.id]))
                        continue
                suspects.append(item)
                continue
            except RayTaskError as exc:  # the per-record function never raises; an item that does not pickle may
                record = error_record(item.id, exc.cause if getattr(exc, "cause", None) else exc, 0)
            records.append(record)
        dispatch()  # the workers go on while the records are written
        fresh = []
        for record in records:
            if written.add(record["id"]):  # a task re-run after its worker died: keep the first record
                fresh.append(record)
                result.counts["ok" if "summary" in record else "failed"] += 1
        if fresh:
            writer.write(fresh)
            if progress:
                progress(len(written), feed.total)


def report_line(info: dict[str, Any]) -> str:
    """A worker's cost, one line: ``worker pid 123: model built in 4.2 s, 610 MiB resident``."""
    rss = f", {info['rss_mib']:.0f} MiB resident" if info.get("rss_mib") else ""
    return f"worker pid {info['pid']}: model built in {info['load_seconds']:.1f} s{rss}"


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
