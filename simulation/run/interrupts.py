"""SIGINT and SIGTERM: how a run stops, and how its worker processes never outlive it.

The command line (:func:`stop_on_signals`) turns both signals into :class:`Interrupted`, a
``KeyboardInterrupt``, so the clean-up that Ctrl-C already triggers runs for a scheduler's or
``timeout``'s SIGTERM too: the replication pool kills its workers and the results directory
being written is removed (:mod:`simulation.results.publish`). The few statements that move a
finished results directory into place run inside :func:`deferred`, so a signal cannot cut them in
half.

Worker processes (:func:`worker_initializer`) ignore both signals, leaving the stop to their
parent, which kills them; and they ask the kernel (Linux) to kill them when their parent dies,
so none is left blocked for ever after the parent was killed outright (SIGKILL). The kernel
ties that request to the *thread* that started the worker: create and use a process pool in
one thread (as :class:`simulation.run.runner.ReplicationPool` is used), not from a thread that ends
while the pool lives on.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["EXIT_STATUS", "Interrupted", "deferred", "stop_on_signals", "worker_initializer"]

# Exit status for a run stopped by each signal: 128 + the signal number, as a shell reports it.
EXIT_STATUS: dict[int, int] = {int(signal.SIGINT): 130, int(signal.SIGTERM): 143}
_NAMES: dict[int, str] = {int(signal.SIGINT): "SIGINT (Ctrl-C)", int(signal.SIGTERM): "SIGTERM"}


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(_NAMES.get(signum, f"signal {signum}"))

    @property
    def name(self) -> str:
        """The signal's name as a user reads it."""
        return _NAMES.get(self.signum, f"signal {self.signum}")

    @property
    def exit_status(self) -> int:
        """130 for SIGINT, 143 for SIGTERM."""
        return EXIT_STATUS.get(self.signum, 128 + self.signum)


class _State:
    """What the handler needs: the first signal seen, and whether it must wait."""

    def __init__(self) -> None:
        self.stopping: int | None = None
        self.deferring = 0
        self.pending: int | None = None


_state = _State()


def _handle(signum: int, _frame: FrameType | None) -> None:
    if _state.stopping is not None:
        return  # already stopping: a second signal must not cut the clean-up short
    if _state.deferring:
        _state.pending = _state.pending or signum
        return
    _state.stopping = signum
    raise Interrupted(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM raise :class:`Interrupted` in the main thread
    (once; a repeated signal during the clean-up is ignored). The previous handlers are
    restored afterwards. Outside the main thread it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in EXIT_STATUS}
    _state.stopping = _state.pending = None
    _state.deferring = 0
    for s in EXIT_STATUS:
        signal.signal(s, _handle)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _state.stopping = _state.pending = None


@contextmanager
def deferred() -> Iterator[None]:
    """A signal arriving during the block is acted on when the block ends, not inside it (for
    the renames that publish a results directory: never half-done)."""
    _state.deferring += 1
    try:
        yield
    finally:
        _state.deferring -= 1
    if not _state.deferring and _state.pending is not None and _state.stopping is None:
        signum, _state.pending = _state.pending, None
        _state.stopping = signum
        raise Interrupted(signum)


def _parent_watch(parent: int) -> None:
    # Elsewhere than Linux: notice the parent's death by being re-parented, and leave.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def worker_initializer(parent: int | None = None) -> None:
    """Run first in every worker process: ignore SIGINT and SIGTERM (the parent stops the
    workers) and die with the parent, whose process id is ``parent`` (Linux
    ``PR_SET_PDEATHSIG``, elsewhere a watching thread)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid() if parent is None else parent
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_parent_watch, args=(parent,), daemon=True,
                     name="missingsim-parent-watch").start()
