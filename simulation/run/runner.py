"""Runs as functions of (models, scenario, seed): scripted episodes, one replication, many.

Replication ``r`` always draws from streams keyed by (seed, r), whichever worker runs it, so the
results are identical for any number of worker processes. A run compiles its plans once
(:func:`plan_run`) from the models the scenario read on load, and ships them to the workers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from models import ProtocolModel, load_model
from simulation.run.engine import Calendars, Simulation
from simulation.run.interrupts import worker_initializer
from simulation.run.plan import Plan, compile_plan
from simulation.run.records import Episode, RunResult
from simulation.run.staffing import RoleSpec

if TYPE_CHECKING:
    from simulation.run.placements import HostPlans

__all__ = ["ReplicationPool", "RunPlans", "plan_run", "replicate", "run_episodes",
           "run_replication", "staffing_specs", "trace"]

STREAM_POPULATION = 1


def run_episodes(model: ProtocolModel | str, episodes: Sequence[Episode], *,
                 epoch: dt.datetime, horizon_hours: float,
                 staffing: Mapping[str, RoleSpec] | None = None, seed: int = 0,
                 overrides: Sequence[Any] = (), warmup_hours: float = 0.0,
                 school_holidays: Sequence[tuple[dt.date, dt.date]] = (),
                 immediate_tolerance: str | None = None) -> RunResult:
    """Run the given episodes through a model in virtual time and return what happened.

    This is the scripted run for tests: give one or a few episodes and the staffing, read the
    timed trace (`trace`) and the deadline outcomes (``result.deadlines``).
    """
    m = load_model(model) if isinstance(model, str) else model
    sim = Simulation(compile_plan(m, overrides, immediate_tolerance), epoch=epoch,
                     horizon_hours=horizon_hours,
                     warmup_hours=warmup_hours, staffing=staffing or {},
                     calendars=Calendars.england(school_holidays), seed=seed)
    return sim.run(episodes)


def trace(result: RunResult) -> list[tuple[float, str, str, str]]:
    """The timed trace: (hours, case, element id, lifecycle) in time order."""
    rows = [(round(e.time_hours, 6), e.case_id, e.element_id, e.lifecycle) for e in result.events]
    return sorted(rows, key=lambda r: r[0])


def staffing_specs(scenario: Any) -> dict[str, RoleSpec]:
    """The scenario's staffing as engine role specs."""
    specs: dict[str, RoleSpec] = {}
    for role, s in scenario.staffing.items():
        shifts = tuple((frozenset(sh.days), sh.start_minute, sh.end_minute, sh.count)
                       for sh in s.shifts)
        specs[role] = RoleSpec(role, "always" if shifts else s.calendar, s.count, shifts)
    return specs


def population_for(scenario: Any, replication: int, authority: str) -> list[Episode]:
    """The episodes of one replication, drawn from their own stream."""
    rng = np.random.default_rng([scenario.seed, replication, STREAM_POPULATION])
    horizon = scenario.horizon_days * 24
    if getattr(scenario, "ssda903", None):
        from simulation.run.ssda903 import scenario_episodes

        return scenario_episodes(scenario, rng)  # the table the scenario read once
    from simulation.run.population import generate_episodes

    return generate_episodes(scenario.population, authority=authority, epoch=scenario.epoch,
                             horizon_hours=horizon, rng=rng)


@dataclass(frozen=True)
class RunPlans:
    """What every replication of a scenario runs through, compiled once per run (by
    :func:`plan_run`) and shipped to the workers: the plan of the scenario's model with its
    overrides, the combined plans of its out-of-area hosts, and the staffing of both."""

    plan: Plan
    staffing: dict[str, RoleSpec]
    hosts: HostPlans | None = None


def plan_run(scenario: Any) -> RunPlans:
    """Compile the scenario's model (with its overrides and immediate-duty tolerance) and, when
    it places children out of area, each host's combined model, from the models the scenario
    read on load."""
    model = _model(scenario)
    staffing = staffing_specs(scenario)
    placed = getattr(scenario, "out_of_area", None)
    hosts = None
    if placed is not None:
        from simulation.run.placements import host_plans

        hosts = host_plans(model, placed.hosts, overrides=scenario.overrides,
                           latency=placed.latency,
                           immediate_tolerance=scenario.immediate_tolerance,
                           models=getattr(scenario, "loaded", None))
        staffing = {**hosts.staffing, **staffing}
    return RunPlans(compile_plan(model, scenario.overrides, scenario.immediate_tolerance),
                    staffing, hosts)


def _model(scenario: Any, name: str | None = None) -> ProtocolModel:
    """A model of the scenario as it read it on load (read from its file for a scenario-like
    object without them)."""
    if hasattr(scenario, "model"):
        return scenario.model(name)
    return load_model(name or scenario.models[0])


def _without_models(scenario: Any) -> Any:
    """The scenario as a worker needs it next to its plans: without the models it read (they
    are in the plans), so each task ships less."""
    if getattr(scenario, "loaded", None) and dataclasses.is_dataclass(scenario) \
            and not isinstance(scenario, type):
        return dataclasses.replace(scenario, loaded={})
    return scenario


def run_replication(scenario: Any, replication: int,
                    plans: RunPlans | None = None) -> RunResult:
    """One replication of a scenario: its population through its first model, and each
    out-of-area child's episodes through the combined model of that model and its host's
    (`simulation.run.placements`) when the scenario places children out of area. ``plans`` is the
    run's :func:`plan_run` (compiled here when not given)."""
    if plans is None:
        plans = plan_run(scenario)
    plan, hosts = plans.plan, plans.hosts
    episodes = population_for(scenario, replication, plan.authority)
    sim = Simulation(plan, epoch=scenario.epoch,
                     horizon_hours=scenario.horizon_days * 24,
                     warmup_hours=scenario.warmup_days * 24, staffing=plans.staffing,
                     calendars=Calendars.england(scenario.school_holidays), seed=scenario.seed,
                     replication=replication, placements=hosts.plans if hosts else None)
    result = sim.run(episodes)
    if hosts is None:
        return result
    from simulation.run.placements import map_back

    host_of_case = {ep.id: ep.child.host_authority for ep in episodes
                    if ep.child.out_of_area and ep.child.host_authority in hosts.plans}
    return map_back(result, hosts.hosts, host_of_case)


def replicate(scenario: Any, *, replications: int | None = None, jobs: int = 1,
              progress: Callable[[int], None] | None = None,
              scheduler: str | None = None) -> list[RunResult]:
    """Every replication of a scenario, in parallel processes when ``jobs`` > 1, or on the Dask
    scheduler at ``scheduler`` (:mod:`simulation.run.cluster`; ``jobs`` is then ignored).

    The results are in replication order and do not depend on ``jobs`` or ``scheduler``.
    """
    n = replications if replications is not None else scenario.replications
    with ReplicationPool(jobs, scheduler) as pool:
        return pool.run([(scenario, r) for r in range(n)], progress)


Progress = Callable[[int], None]


class _WorkerContext:
    """The ``spawn`` multiprocessing context, keeping a handle on every process it starts: the
    pool kills and joins its workers by these handles, not by the executor's own table of
    them, which its management thread may empty first (when it takes the pool for broken, it
    only sends SIGTERM, which the workers ignore)."""

    def __init__(self) -> None:
        self._context = get_context("spawn")
        self.started: list[Any] = []

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # the name of the context API
        process = self._context.Process(*args, **kwargs)
        self.started.append(process)
        return process

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


class ReplicationPool:
    """Runs replications ``(scenario, r)`` in order-independent batches.

    With ``jobs`` <= 1 everything runs in this process; otherwise in one pool of ``jobs``
    spawned worker processes, kept for the life of the pool (use it as a context manager).
    Results are returned in task order and do not depend on ``jobs``. An exception raised while
    waiting (a ``KeyboardInterrupt`` from Ctrl-C, or from the ``progress`` callback) cancels
    what is queued and kills the workers before it propagates. The workers ignore SIGINT and
    SIGTERM (their parent stops them) and die with their parent
    (:func:`simulation.run.interrupts.worker_initializer`). With ``scheduler`` (a Dask scheduler
    address) the replications run on that cluster instead
    (:class:`simulation.run.cluster.ClusterRunner`, connected once for the life of the pool).
    """

    def __init__(self, jobs: int = 1, scheduler: str | None = None) -> None:
        self.jobs = max(1, int(jobs))
        self.scheduler = scheduler or None
        self._pool: ProcessPoolExecutor | None = None
        self._workers: _WorkerContext | None = None
        self._cluster: Any = None

    def __enter__(self) -> ReplicationPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(terminate=exc[0] is not None)

    def close(self, *, terminate: bool = False) -> None:
        """Shut the workers down (at once, abandoning running work, when ``terminate``)."""
        cluster, self._cluster = self._cluster, None
        if cluster is not None:
            cluster.close()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not terminate:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        # Our own worker processes, by the handles their context kept (the public API gains
        # terminate_workers() only in Python 3.14). Waiting on the executor after killing its
        # workers can hang, so it is told to stop without waiting and the processes are joined
        # here instead.
        processes = list(self._workers.started) if self._workers is not None else []
        writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
        call_queue = getattr(pool, "_call_queue", None)
        if call_queue is not None:
            # Tasks still buffered for the workers about to be killed are dropped: the queue's
            # feeder thread is not waited for at exit (it would wait on a pipe nobody reads).
            call_queue.cancel_join_thread()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()  # they ignore SIGTERM; they hold nothing to clean up
        for process in processes:
            process.join(timeout=10)
        # A worker killed while sending a result leaves half a message in the result pipe, and
        # the executor's manager thread would wait for the rest for ever (and the interpreter,
        # at exit, for that thread). With our end of the pipe closed too, it reads end-of-file,
        # takes the pool for broken, and stops.
        if writer is not None:
            writer.close()

    def run(self, tasks: Sequence[tuple[Any, int]],
            progress: Progress | None = None) -> list[RunResult]:
        """Run every ``(scenario, replication)``; ``progress(1)`` after each one finishes.

        Each scenario's plans are compiled once here (:func:`plan_run`), not per replication,
        and shipped with its replications to the workers."""
        compiled: dict[int, tuple[Any, RunPlans]] = {}
        for scenario, _ in tasks:
            if id(scenario) not in compiled:
                compiled[id(scenario)] = (_without_models(scenario), plan_run(scenario))
        planned: list[tuple[Any, int, RunPlans]] = []
        for scenario, r in tasks:
            shipped, plans = compiled[id(scenario)]
            planned.append((shipped, r, plans))
        if self.scheduler:
            if self._cluster is None:
                from simulation.run.cluster import ClusterRunner

                self._cluster = ClusterRunner(self.scheduler)
            return list(self._cluster.run(run_replication, planned, progress))
        if self.jobs <= 1 or len(tasks) <= 1:
            out = []
            for scenario, r, plans in planned:
                out.append(run_replication(scenario, r, plans))
                if progress:
                    progress(1)
            return out
        if self._pool is None:
            self._workers = _WorkerContext()
            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=cast(Any, self._workers),
                                             initializer=worker_initializer,
                                             initargs=(os.getpid(),))
        futures: dict[Future[RunResult], int] = {
            self._pool.submit(run_replication, scenario, r, plans): i
            for i, (scenario, r, plans) in enumerate(planned)}
        results: dict[int, RunResult] = {}
        try:
            for fut in as_completed(futures):
                results[futures[fut]] = fut.result()
                if progress:
                    progress(1)
        except BaseException:
            # close() cancels what is queued (in the executor's own thread: a future cancelled
            # from here while the executor finds its workers killed makes that thread fail)
            self.close(terminate=True)
            raise
        return [results[i] for i in range(len(tasks))]
