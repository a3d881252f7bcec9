"""`--scheduler`: replications on a Dask distributed cluster give exactly what the local process
pool gives; an unreachable scheduler is one line and exit status 2."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from simulation.commands.cli import main  # noqa: E402
from simulation.results.compare import ReplicationPool  # noqa: E402
from simulation.results.kpis import write_tables  # noqa: E402
from simulation.run import cluster  # noqa: E402
from simulation.run.runner import replicate  # noqa: E402
from simulation.run.scenario import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local two-worker cluster (separate processes), closed afterwards."""
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None)
    try:
        yield local.scheduler_address
    finally:
        local.close()


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Lambeth, 45 days with a week's warm-up, 3 replications."""
    path = tmp_path_factory.mktemp("scenario") / "short_lambeth.yaml"
    path.write_text(f"base: {ROOT / 'scenarios' / 'lambeth.yaml'}\nhorizon_days: 45\n"
                    "warmup_days: 7\nreplications: 3\n", encoding="utf-8")
    return path


def tables(results: list, out: Path) -> dict[str, bytes]:
    out.mkdir()
    return {p.name: p.read_bytes() for p in write_tables(results, out)}


def test_cluster_gives_the_local_pool_results(scheduler, short, tmp_path) -> None:
    scenario = load_scenario(short)
    local = replicate(scenario, jobs=2)
    ticks: list[int] = []
    remote = replicate(scenario, scheduler=scheduler, progress=ticks.append)
    assert ticks == [1, 1, 1]
    assert [r.replication for r in remote] == [0, 1, 2]
    assert tables(remote, tmp_path / "remote") == tables(local, tmp_path / "local")
    assert [r.deadlines for r in remote] == [r.deadlines for r in local]


def test_a_sweep_pool_on_the_cluster_keeps_task_order(scheduler, short) -> None:
    scenario = load_scenario(short)
    other = dataclasses.replace(scenario, seed=scenario.seed + 1)
    tasks = [(other, 1), (scenario, 0), (other, 0)]
    with ReplicationPool(jobs=1) as pool:
        local = pool.run(tasks)
    with ReplicationPool(jobs=1, scheduler=scheduler) as pool:
        remote = pool.run(tasks)
        assert pool.run([]) == []
    assert [r.deadlines for r in remote] == [r.deadlines for r in local]


def test_cli_on_the_cluster_writes_the_same_compliance(scheduler, short, tmp_path) -> None:
    one, dask = tmp_path / "one", tmp_path / "dask"
    assert main(["simulate", str(short), "--out", str(one), "--jobs", "1", "--quiet"]) == 0
    assert main(["simulate", str(short), "--out", str(dask), "--scheduler", scheduler,
                 "--quiet"]) == 0
    assert (dask / "compliance.csv").read_bytes() == (one / "compliance.csv").read_bytes()


def test_unreachable_scheduler_is_one_line_exit_2(short, tmp_path, capsys,
                                                  monkeypatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    out = tmp_path / "out"
    code = main(["simulate", str(short), "--out", str(out), "--scheduler", address, "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"missingsim: error: --scheduler {address}: cannot reach"), err
    assert not out.exists()
    assert main(["simulate", str(short), "--out", str(out), "--scheduler", "no-port",
                 "--quiet"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["simulate", "compare", "staffing"])
def test_unreachable_scheduler_is_said_before_any_progress(command, short, tmp_path, capsys,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    argv = {"simulate": ["simulate", str(short)],
            "compare": ["compare", str(short), str(short)],
            "staffing": ["staffing", str(short), "--role", "social_worker", "--target",
                         "return_interview:0.9", "--max", "2"]}[command]
    out = tmp_path / "out"
    code = main([*argv, "--out", str(out), "--scheduler", "tcp://127.0.0.1:1"])  # no --quiet
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("missingsim: error: --scheduler tcp://127.0.0.1:1: cannot reach"), err
    assert not out.exists()
