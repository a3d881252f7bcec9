"""Replications on a Dask distributed cluster (``--scheduler ADDRESS``), for runs that outgrow
one machine.

The only module that touches ``distributed`` (an optional dependency: ``pip install
'missingsim[cluster]'``), imported only when a scheduler address is given. Each task is a call
of the function given (:class:`simulation.run.runner.ReplicationPool` gives
:func:`simulation.run.runner.run_replication` and ``(scenario, r, plans)``: the scenario carries its
models and ``plans`` the run's compiled plans, so a worker reads no model file), submitted with
``Client.submit``; results are gathered in task order. This module does not import the runner,
so the two do not import each other. Replication ``r`` is a pure function of
(scenario, r), so the results are identical to the local process pool's, whichever worker runs
what. Every worker needs the same version of missingsim installed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from models import MissingsimError

__all__ = ["CONNECT_TIMEOUT", "ClusterError", "ClusterRunner", "check_scheduler",
           "run_on_cluster"]

Progress = Callable[[int], None]
Result = TypeVar("Result")

# Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 10.0


class ClusterError(MissingsimError):
    """The scheduler cannot be reached or used; one line naming the address."""

    def __init__(self, address: str, message: str) -> None:
        self.address = address
        self.message = message
        super().__init__(f"--scheduler {address}: {message}")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


async def _probe(address: str, timeout: float) -> None:
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    await comm.close()


_NOT_INSTALLED = "needs the distributed package: pip install 'missingsim[cluster]'"


def check_scheduler(address: str, *, timeout: float | None = None) -> None:
    """Raise :class:`ClusterError` unless the distributed package is installed and a scheduler
    answers at ``address``: the command line asks before it shows any progress."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ClusterError(address, _NOT_INSTALLED) from exc
    try:
        asyncio.run(_probe(address, CONNECT_TIMEOUT if timeout is None else timeout))
    except Exception as exc:
        raise ClusterError(address, f"cannot reach the Dask scheduler "
                                    f"({_one_line(exc)})") from exc


class ClusterRunner:
    """Runs ``(scenario, replication)`` tasks on the scheduler at ``address``.

    Connects on the first :meth:`run` and keeps the client for the life of the runner (use it
    as a context manager). An exception raised while waiting (Ctrl-C, or from ``progress``)
    cancels the submitted tasks before it propagates.
    """

    def __init__(self, address: str, *, timeout: float | None = None) -> None:
        self.address = address
        self.timeout = CONNECT_TIMEOUT if timeout is None else timeout
        self._client: Any = None

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster itself is left running)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def connect(self) -> Any:
        """The ``distributed.Client``, connected; :class:`ClusterError` if it cannot be."""
        if self._client is not None:
            return self._client
        try:
            from distributed import Client
        except ImportError as exc:
            raise ClusterError(self.address, _NOT_INSTALLED) from exc
        # A bare connection first: it fails cleanly, where a Client that never connected
        # complains again when it is garbage-collected.
        check_scheduler(self.address, timeout=self.timeout)
        try:
            self._client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except Exception as exc:
            raise ClusterError(self.address, f"cannot reach the Dask scheduler "
                                             f"({_one_line(exc)})") from exc
        return self._client

    def run(self, function: Callable[..., Result], tasks: Sequence[tuple[Any, ...]],
            progress: Progress | None = None) -> list[Result]:
        """``function(*task)`` for every task (for replications ``run_replication`` and
        ``(scenario, r, plans)``), in task order; ``progress(1)`` after each one finishes."""
        if not tasks:
            return []
        client = self.connect()  # first: it says in one line when distributed is missing
        from distributed import as_completed

        # pure=False: the task keys need no hash of the scenario, and nothing is deduplicated.
        futures = [client.submit(function, *task, pure=False) for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        results: dict[int, Result] = {}
        try:
            for fut in as_completed(futures, loop=client.loop):
                results[index[fut.key]] = fut.result()
                if progress:
                    progress(1)
        except BaseException:
            client.cancel(futures)
            raise
        return [results[i] for i in range(len(tasks))]


def run_on_cluster(address: str, function: Callable[..., Result],
                   tasks: Sequence[tuple[Any, ...]],
                   progress: Progress | None = None) -> list[Result]:
    """``function(*task)`` for every task on the scheduler at ``address``, in task order."""
    with ClusterRunner(address) as runner:
        return runner.run(function, tasks, progress)
