"""The PDF worker processes: started early, warm for the whole life of the process that uses them."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import pdf_engine

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def pdf_pool() -> ProcessPoolExecutor:
    """The pool of PDF workers (PRESSGEN_PDF_WORKERS, default 1), created on first use.

    Forked rather than spawned: a fork starts at once and needs no importable __main__; each
    worker then loads WeasyPrint and its fonts by itself, while this process goes on working.
    """
    global _pool
    with _lock:
        if _pool is None:
            workers = int(os.environ.get("PRESSGEN_PDF_WORKERS", "1"))
            _pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=pdf_engine.warm_up
            )
        return _pool


def start_pdf_workers() -> None:
    """Fork the workers now, so WeasyPrint loads while this process reads and renders the specs."""
    pdf_pool().submit(int)
