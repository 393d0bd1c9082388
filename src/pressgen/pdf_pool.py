"""The PDF worker processes: started early, warm for the whole life of the process that uses them."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import pdf_engine

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
        if _pool is None:
            _size = int(os.environ.get("PRESSGEN_PDF_WORKERS", workers))
            _pool = ProcessPoolExecutor(
                max_workers=_size, mp_context=multiprocessing.get_context("fork"), initializer=pdf_engine.warm_up
            )
        return _pool


def start_pdf_workers(workers: int = 1) -> int:
    """Fork the workers now, so WeasyPrint loads while this process reads and renders the specs; how many there are."""
    pool = pdf_pool(workers)
    for _ in range(_size):
        pool.submit(int)  # each task that finds no idle worker forks one more
    return _size
