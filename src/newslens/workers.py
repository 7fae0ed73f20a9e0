"""Work split into chunks and run in worker processes, the results handed back as each is done.

Used by :func:`newslens.ingest.ingest` (a chunk of articles into the tables
of a part) and :func:`newslens.load_corpus` (a chunk of articles into their
rows). Workers are spawned, not forked (a fork of a process holding threads,
as Jupyter's kernel does, can hang), end with the main process however it
ends, and leave Ctrl-C to it: the main process ends them at once on an error
or an interrupt instead of waiting for their chunks.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import TypeVar

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may run on: its CPU affinity where the system tells it (a container's
    or a job's share, not the machine's), and at most 61 on Windows, whose pools allow no more."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        count = os.cpu_count() or 1
    return min(count, 61) if sys.platform == "win32" else count


def in_pool(
    function: Callable[..., Result], chunks: Sequence[Chunk], *args: object, jobs: int | None = None
) -> Iterator[tuple[int, Result]]:
    """``(number, function(chunk, *args))`` for each chunk, in the order they finish.

    In this process when ``jobs`` is 1 or there is one chunk; otherwise in
    ``jobs`` worker processes (default: :func:`cores`), two chunks a worker in
    flight, so that memory follows the chunks, not the whole input.
    ``function`` and its arguments must be picklable (a module's function).
    """
    jobs = jobs or cores()
    if jobs == 1 or len(chunks) <= 1:
        yield from ((number, function(chunk, *args)) for number, chunk in enumerate(chunks))
        return
    spawn, parent = get_context("spawn"), os.getpid()
    pool = ProcessPoolExecutor(jobs, mp_context=spawn, initializer=_worker_start, initargs=(parent,))
    queue, pending = iter(enumerate(chunks)), {}

    def submit(count: int) -> None:
        with _sigint_held():  # submit spawns the workers
            for number, chunk in itertools.islice(queue, count):
                pending[pool.submit(function, chunk, *args)] = number

    try:
        submit(2 * jobs)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
                submit(1)
    except BaseException:  # Ctrl-C, or an error: end the workers now, not after their chunks
        for process in list((pool._processes or {}).values()):  # no public way before Python 3.14
            process.terminate()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back from this thread while it spawns workers, which inherit the blocked signal.

    Ctrl-C reaches every process of the terminal's group: a worker still
    starting would print a traceback of its own. Blocked, SIGINT waits until
    the worker ignores it (:func:`_worker_start`); this process receives it
    when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    # Another thread (a progress bar's, say) may still take the signal, and Python would raise it
    # here mid-spawn, the new worker left reading a pipe no one writes: it waits for the end instead.
    received: list[int] = []
    handler = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if received and callable(handler):
            handler(signal.SIGINT, None)
        elif received and handler == signal.SIG_DFL:
            raise KeyboardInterrupt


def _worker_start(parent: int) -> None:
    """Run in each worker process as it starts: end with the main process, and leave Ctrl-C to it.

    A worker whose main process is killed (``kill``, the OOM killer) would
    otherwise wait for chunks forever. On Linux the kernel sends it SIGTERM as
    the main process dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a thread
    also ends it once its parent is no longer ``parent``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and ends the workers
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by _sigint_held
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
