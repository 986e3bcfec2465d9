"""The guard of a local Ray that a batch started: when the batch's process ends, however it ends (SIGKILL
included), every process of that Ray ends too.

Ray ties its head processes to the driver (on Linux they die with it), but not the agents and workers
the raylet starts: killed with SIGKILL, a batch used to leave Ray's dashboard agent and runtime-env
agent running. Every process of one Ray writes its logs under that Ray's temp directory, which the
batch makes fresh for the run; so the processes of the run are those whose command line names the
directory or that hold a file open in it (workers rename themselves ``ray::...``, but keep their logs
open). Started by :mod:`summarizer.ray_local` as ``python -m summarizer.ray_guard PARENT_PID TEMP_DIR``
in a session of its own; it polls its parent, then sweeps. Linux only (it reads ``/proc``); stdlib only,
so it starts in a few milliseconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.5


def processes_of(temp_dir: str, spare: frozenset[int] = frozenset()) -> list[int]:
    """The pids (but this one and ``spare``) whose command line names ``temp_dir`` or that hold a file open in it."""
    found: list[int] = []
    root = temp_dir.rstrip("/") + "/"
    skip = spare | {os.getpid()}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in skip:
            continue
        try:
            if root in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                found.append(int(entry.name))
                continue
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd).startswith(root):
                    found.append(int(entry.name))
                    break
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def sweep(temp_dir: str, spare: frozenset[int] = frozenset(), grace: float = 3.0) -> int:
    """End every process of the Ray under ``temp_dir`` but ``spare`` (the batch, which holds Ray's driver
    logs open): SIGTERM, then SIGKILL after ``grace`` seconds. Returns how many processes were found."""
    pids = processes_of(temp_dir, spare)
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and processes_of(temp_dir, spare):
        time.sleep(0.1)
    for pid in processes_of(temp_dir, spare):
        _signal(pid, signal.SIGKILL)
    return len(pids)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def main(argv: list[str]) -> int:
    parent, temp_dir = int(argv[0]), argv[1]
    stop = False

    def asked_to_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, asked_to_stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    while not stop and os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    # sweep until two looks in a row find nothing: a process Ray was still starting may appear late
    quiet = 0
    for _ in range(40):
        quiet = quiet + 1 if sweep(temp_dir, spare=frozenset({parent})) == 0 else 0
        if quiet == 2:
            break
        time.sleep(0.25)
    shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
