"""The PDF worker processes: started early, warm for the whole life of the process that uses them."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from ...errors import PressgenError, Problem
from . import engine

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0


def pdf_pool(workers: int = 1) -> ProcessPoolExecutor:
    """The pool of PDF workers, created on first use with `workers` processes (PRESSGEN_PDF_WORKERS overrides).

    Forked rather than spawned: a fork starts at once and needs no importable __main__; each
    worker then loads WeasyPrint and its fonts by itself, while this process goes on working.
    """
    global _pool, _size
    with _lock:
        if _pool is not None and _pool._broken:  # a worker died (killed, out of memory): start afresh
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _size = _worker_count(workers)
            _pool = ProcessPoolExecutor(
                max_workers=_size, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(os.getpid(),)
            )
        return _pool


def start_pdf_workers(workers: int = 1) -> int:
    """Fork the workers now, so WeasyPrint loads while this process reads and renders the specs; how many there are.

    With the fork context the first task starts every worker of the pool.
    """
    pdf_pool(workers).submit(int)
    return _size


def stop_pdf_workers() -> None:
    """End the workers at once, busy or not: for a process that stops (the preview) and serves no render after.

    The standard library's exit would wait for each worker to take its next task, that is for its
    warm-up or render to finish (seconds under load, forever for a worker that hangs). A worker
    holds nothing to save (it hands back bytes and writes no file), so it is killed.
    """
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    for process in list(pool._processes.values()):  # no public way to reach the workers before Python 3.14
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """In each worker: end with the process that started it, then warm up.

    A worker waits for work on a pipe whose writing end it inherited itself, so the death of its
    parent (killed, out of memory) never reaches it as an end of file: it watches the parent instead.
    (PR_SET_PDEATHSIG would follow the thread that forked, and a pool is started again from any thread.)
    """
    threading.Thread(target=_end_with, args=(parent,), name="parent-watch", daemon=True).start()
    engine.warm_up()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _worker_count(requested: int) -> int:
    override = os.environ.get("PRESSGEN_PDF_WORKERS", "")
    if not override:
        return requested
    if not override.isdigit() or int(override) < 1:
        raise PressgenError([Problem("PRESSGEN_PDF_WORKERS", 1, 1, "", f"'{override}' is not a number of workers (1 or more)")])
    return int(override)
