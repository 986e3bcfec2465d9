"""The local Ray a batch starts when it is given no cluster: started for the run, gone when the run ends.

* No dashboard: ``include_dashboard=False`` (Ray 2.x still runs its small API head, without the UI and
  its modules; it is one of the processes swept below).
* A fresh temp directory of its own (short: Ray's socket paths live under it), so the run's processes
  can be told from any other Ray on the machine.
* A guard process (:mod:`summarizer.ray_guard`) started before Ray: when the batch's process ends,
  even by SIGKILL, the guard ends every process of that Ray and removes the directory. A run that ends
  normally stops Ray, then has the guard sweep what is left (Ray's agents outlive ``ray.shutdown()``
  by a few seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MAX_BASE = 28  # a longer temp base would push Ray's socket paths past the 107-byte limit of AF_UNIX


def _temp_dir() -> str:
    base = tempfile.gettempdir()
    return tempfile.mkdtemp(prefix="sumray-", dir=base if len(base) <= MAX_BASE else "/tmp")


@contextmanager
def local_ray(ray: Any, num_cpus: int, verbose: bool = False) -> Iterator[str]:
    """Start a local Ray with ``num_cpus`` CPUs for the block; yields its temp directory."""
    temp_dir = _temp_dir()
    guard = None
    if sys.platform.startswith("linux"):
        guard = subprocess.Popen(
            [sys.executable, "-m", "summarizer.ray_guard", str(os.getpid()), temp_dir],
            start_new_session=True,  # a signal to the batch's process group is not the guard's
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        ray.init(
            address="local",
            num_cpus=num_cpus,
            include_dashboard=False,
            log_to_driver=verbose,
            logging_level="ERROR",
            _temp_dir=temp_dir,
        )
        yield temp_dir
    finally:
        try:
            ray.shutdown()
        finally:
            if guard is not None:
                guard.terminate()  # the guard sweeps what ray.shutdown() left, and removes the directory
                try:
                    guard.wait(timeout=30)
                except subprocess.TimeoutExpired:  # a process slow to die: the guard finishes the sweep alone
                    pass
