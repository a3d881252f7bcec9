"""Real signals to a real `missingsim simulate --jobs 2`: SIGTERM (from a scheduler or
`timeout`) and SIGINT (Ctrl-C) stop the workers, remove the partial results and exit with one
line (status 143 and 130); no process of the run is left, and none outlives a parent killed
outright (SIGKILL). Processes are found by scanning /proc for the run's process group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="needs /proc to list processes")

ROOT = Path(__file__).resolve().parents[2]


def group_members(pgid: int) -> dict[int, str]:
    """Live (not zombie) processes of a process group: pid -> command line."""
    members: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            members[int(entry.name)] = cmdline
    return members


def workers(pgid: int) -> list[int]:
    return [pid for pid, cmd in group_members(pgid).items() if "spawn_main" in cmd]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(test, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def start_run(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """A year of Lambeth, 6 replications on 2 workers, in its own process group; returns once
    both workers are busy simulating (2 s of CPU each, past their start-up) and the hidden
    partial folder exists."""
    scenario = tmp_path / "year.yaml"
    scenario.write_text(f"base: {ROOT / 'scenarios' / 'lambeth.yaml'}\nhorizon_days: 365\n"
                        "replications: 6\n", encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "simulation.commands.cli", "simulate", str(scenario), "--out",
         str(tmp_path / "out"), "--jobs", "2", "--quiet"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(workers(run.pid)) >= 2 or run.poll() is not None, 180,
                 "two workers")
        wait_for(lambda: any(p.name.startswith(".out.") for p in tmp_path.iterdir()), 30,
                 "the partial folder")
        wait_for(lambda: all(cpu_seconds(w) >= 2.0 for w in workers(run.pid)), 180,
                 "the workers to be simulating")
        assert run.poll() is None, run.communicate()
    except BaseException:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        raise
    return run, scenario


@pytest.mark.parametrize(("signum", "to_group", "status", "name"), [
    (signal.SIGTERM, False, 143, "SIGTERM"),
    (signal.SIGTERM, True, 143, "SIGTERM"),   # what `timeout` and job schedulers do
    (signal.SIGINT, False, 130, "SIGINT"),
    (signal.SIGINT, True, 130, "SIGINT"),     # Ctrl-C in a terminal reaches the whole group
], ids=["sigterm", "sigterm-group", "sigint", "sigint-group"])
def test_a_signal_stops_the_run_cleanly(signum, to_group, status, name, tmp_path) -> None:
    run, scenario = start_run(tmp_path)
    seen = workers(run.pid)
    try:
        if to_group:
            os.killpg(run.pid, signum)
        else:
            os.kill(run.pid, signum)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == status, err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"missingsim: interrupted by {name}"), err
    assert "no partial results were kept" in err and "Traceback" not in err
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [scenario.name], \
        "no results folder, no hidden partial folder"
    assert len(seen) >= 2
    wait_for(lambda: not group_members(run.pid), 15, "every process of the run to end")


def test_no_worker_outlives_a_parent_killed_outright(tmp_path) -> None:
    run, _ = start_run(tmp_path)
    seen = workers(run.pid)
    assert len(seen) >= 2
    try:
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        wait_for(lambda: not group_members(run.pid), 15, "the workers to die with the parent")
    finally:
        if group_members(run.pid):
            os.killpg(run.pid, signal.SIGKILL)
        run.communicate(timeout=30)


def test_a_signal_during_publishing_waits_for_the_rename(tmp_path) -> None:
    """The renames that put a finished folder in place are never cut in half: a signal arriving
    then is acted on right after them."""
    from simulation.run.interrupts import Interrupted, deferred, stop_on_signals

    reached_end_of_block = False
    with pytest.raises(Interrupted) as stopped, stop_on_signals():
        with deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)  # the handler runs here, and must not raise yet
            reached_end_of_block = True
    assert reached_end_of_block
    assert stopped.value.signum == signal.SIGTERM and stopped.value.exit_status == 143


def test_outside_a_run_the_previous_handlers_are_back() -> None:
    from simulation.commands.cli import main

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    assert main(["--version"]) == 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
