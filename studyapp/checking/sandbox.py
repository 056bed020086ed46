"""A warm pool of killable worker processes that run checks under a hard wall-clock cap.

Student input can make a CAS run for minutes (``simplify`` on a nasty expression, a huge
power that slipped through). Every check therefore runs in a child process; when it
overruns its cap the parent kills the child with SIGKILL and starts a replacement, so
one bad answer never freezes the app. Not ``signal.alarm`` (main thread only, cannot
interrupt C code) and not threads (cannot be killed).

Workers start lazily from a ``forkserver`` that has already imported sympy and the
checkers, so the first check pays one start-up and a replacement is ready in tens of
milliseconds. The pool is thread-safe (the TUI calls it from a worker thread; the batch
CLI from several threads) and shuts down at interpreter exit.

A worker function may call :func:`report_progress` (e.g. "parsed") before its expensive
part; a timeout then says how far the check got, which lets graders answer "undecided"
(the answer was read, the CAS ran out of time) rather than "invalid".
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Self, TypeVar

DEFAULT_TIMEOUT_S = 2.0
_STARTUP_TIMEOUT_S = 120.0  # importing sympy on a loaded machine can take a while
_PRELOAD = ["sympy", "mpmath", "studyapp.checking.exercises.judge"]
_MEMORY_LIMIT_BYTES = 4 * 1024**3
_current_connection: Connection | None = None  # set inside a worker while it runs a task
T = TypeVar("T")


class SandboxError(Exception):
    """A check did not produce a result."""


class CheckTimeout(SandboxError):
    """The check overran its wall-clock cap; its worker was killed."""

    def __init__(self, seconds: float, progress: str | None) -> None:
        super().__init__(f"the check took longer than {seconds:g} s")
        self.seconds = seconds
        self.progress = progress


class WorkerCrashed(SandboxError):
    """The worker died (killed for memory, a crash in C code); it has been replaced."""


class TaskFailed(SandboxError):
    """The function raised an exception in the worker (the worker lives on)."""


def report_progress(stage: str) -> None:
    """Tell the parent how far the current task got (no-op outside a worker)."""
    if _current_connection is not None:
        _current_connection.send(("progress", stage))


def _target(function: Callable[..., Any]) -> str:
    """``module:qualname``: what the worker imports (the allow-list is checked there)."""
    return f"{function.__module__}:{function.__qualname__}"


def _resolve(target: str, allowed: tuple[str, ...] = ("studyapp.",)) -> Any:
    module_name, _, attribute = target.partition(":")
    if not module_name.startswith(allowed) or not attribute:
        raise ValueError(f"not a sandbox task: {target!r}")
    return getattr(importlib.import_module(module_name), attribute)


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT_BYTES, _MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # not available on this platform: the wall-clock cap still applies


def _worker_main(connection: Connection, warmup: str | None, allowed: tuple[str, ...]) -> None:
    global _current_connection
    _limit_memory()
    if warmup:
        with contextlib.suppress(Exception):  # a failed warm-up only costs speed
            _resolve(warmup, allowed)()
    connection.send(("ready", None))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        target, args, kwargs = message
        _current_connection = connection
        try:
            result = ("ok", _resolve(target, allowed)(*args, **kwargs))
        except MemoryError:
            result = ("error", "the check ran out of memory")
        except Exception as exc:  # noqa: BLE001 - reported to the parent, worker lives on
            result = ("error", f"{type(exc).__name__}: {exc}")
        finally:
            _current_connection = None
        try:
            connection.send(result)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
            connection.send(("error", f"cannot return the result: {exc}"))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class SandboxPool:
    """``size`` worker processes; ``call`` runs a named function in one of them."""

    def __init__(
        self,
        size: int | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        warmup: str | None = "studyapp.checking.exercises.judge:warm_up",
        allowed: tuple[str, ...] = ("studyapp.",),
    ) -> None:
        self.size = size or max(1, min(2, os.cpu_count() or 1))
        self.timeout = timeout
        self.warmup = warmup
        self.allowed = allowed  # module prefixes a task may come from
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False
        self._context: multiprocessing.context.BaseContext | None = None

    def call(
        self, function: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """Run ``function(*args, **kwargs)`` in a worker; return its result.

        The worker imports the function by its module and qualified name (as pickle does),
        so it must be a module-level function of an allowed module.

        Raises CheckTimeout after ``timeout`` seconds (the worker is killed and replaced),
        WorkerCrashed if the worker died, TaskFailed if the function raised.
        """
        limit = self.timeout if timeout is None else timeout
        worker = self._acquire()
        try:
            worker.connection.send((_target(function), args, kwargs))
            kind, payload = self._receive(worker, limit)
        except BaseException:
            self._discard(worker)
            raise
        self._idle.put(worker)
        if kind == "error":
            raise TaskFailed(payload)
        return payload

    def _receive(self, worker: _Worker, limit: float) -> tuple[str, Any]:
        deadline = time.monotonic() + limit
        progress: str | None = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.connection.poll(remaining):
                raise CheckTimeout(limit, progress)
            try:
                kind, payload = worker.connection.recv()
            except (EOFError, OSError) as exc:
                raise WorkerCrashed("the checking process died") from exc
            if kind != "progress":
                return kind, payload
            progress = payload

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker that timed out or broke; the next call starts a replacement."""
        with self._lock:
            self._started -= 1
        worker.kill()

    def _acquire(self) -> _Worker:
        """An idle worker, a newly started one if the pool has room, else wait for one."""
        while True:
            with self._lock:
                if self._closed:
                    raise SandboxError("the sandbox pool is closed")
                try:
                    return self._idle.get_nowait()
                except queue.Empty:
                    pass
                start = self._started < self.size
                if start:
                    self._started += 1
            if start:
                try:
                    return self._start_worker()
                except BaseException:
                    with self._lock:
                        self._started -= 1
                    raise
            # Poll: a worker killed elsewhere frees a start slot instead of returning here.
            try:
                return self._idle.get(timeout=0.05)
            except queue.Empty:
                continue

    def _start_worker(self) -> _Worker:
        if self._context is None:
            self._context = _context()
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.warmup, self.allowed),
            daemon=True,
            name="studyapp-check",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        # The per-check cap starts only once the worker has imported and warmed up.
        try:
            ready = parent.poll(_STARTUP_TIMEOUT_S) and parent.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.kill()
            raise WorkerCrashed("the checking process did not start")
        return worker

    def warm(self) -> None:
        """Start every worker now (e.g. while the learner reads the prompt)."""
        workers = [self._acquire() for _ in range(self.size)]
        for worker in workers:
            self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                worker.connection.send(None)
            except OSError:
                pass
            worker.process.join(timeout=1)
            worker.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: SandboxPool | None = None
_default_lock = threading.Lock()


def default_pool(timeout: float | None = None) -> SandboxPool:
    """The process-wide pool, started on first use and closed at exit."""
    global _default
    with _default_lock:
        if _default is None:
            _default = SandboxPool(timeout=timeout or DEFAULT_TIMEOUT_S)
            atexit.register(_default.close)
        elif timeout is not None:
            _default.timeout = timeout
        return _default


def run(function: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
    """Run ``function`` in the default pool (see :meth:`SandboxPool.call`)."""
    return default_pool().call(function, *args, timeout=timeout, **kwargs)
