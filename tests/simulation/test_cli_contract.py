"""The command line's input contract (README, "Input contract"): every bad command-line value is
one line on stderr naming the option, what is wrong and what is expected (values quoted short),
exit status 2, no traceback and nothing written; `--help` and `--version` work; `--out` never
destroys what the user has (a folder missingsim did not write is refused, `--force` replaces
only missingsim's own marked results), results get ordinary permissions, and two runs into one
folder end with one complete result.

The scenario, model and data-file catalogue is tests/simulation/test_bad_inputs.py; signals are
in tests/simulation/test_signals.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tqdm

from models import MODEL_NAMES
from simulation.commands.cli import MAX_JOBS, MAX_REPLICATIONS, MAX_SEED, build_parser, main
from simulation.results.publish import MARKER, OutputError, publish_directory

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "scenarios" / "lambeth.yaml"
HUGE = "9" * 5000
LONG_TEXT = "x" * 3000


# ------------------------------------------------------------------------------- the workspace

@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding what the bad cases point at: a file, a user's folder with a
    file in it, a link, missingsim's own earlier results, a model with a bad timer, a scenario
    on that model and a short valid scenario. The command runs with this as its current folder,
    so a default results folder would appear here too."""
    (tmp_path / "afile.txt").write_text("the user's file\n", encoding="utf-8")
    user = tmp_path / "thesis"
    user.mkdir()
    (user / "chapter1.md").write_text("months of work\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(user)
    with publish_directory(tmp_path / "previous", command="test") as d:
        (d / "compliance.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with publish_directory(tmp_path / "edited", command="test") as d:
        (d / "report.md").write_text("results\n", encoding="utf-8")
    (tmp_path / "edited" / "report.md").write_text("results, with my notes\n", encoding="utf-8")
    with publish_directory(tmp_path / "added", command="test") as d:
        (d / "report.md").write_text("results\n", encoding="utf-8")
    (tmp_path / "added" / "notes.txt").write_text("mine\n", encoding="utf-8")
    bpmn = (ROOT / "models" / "protocols" / "lambeth.bpmn").read_text(encoding="utf-8")
    timer = 'id="p_t24_dur" xsi:type="bpmn:tFormalExpression">PT24H<'
    assert timer in bpmn
    (tmp_path / "BROKEN.bpmn").write_text(
        bpmn.replace(timer, timer.replace("PT24H", "banana")), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        f"base: {LAMBETH}\nmodels: [{tmp_path / 'BROKEN.bpmn'}]\nhorizon_days: 30\n"
        "warmup_days: 0\nreplications: 1\n", encoding="utf-8")
    (tmp_path / "short.yaml").write_text(
        f"base: {LAMBETH}\nhorizon_days: 30\nwarmup_days: 0\nreplications: 1\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry under ``root`` with its mode, size and (for files) content."""
    out: dict[str, tuple[int, int, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            st = path.lstat()
            data = path.read_bytes() if stat.S_ISREG(st.st_mode) else b""
            out[str(path.relative_to(root))] = (st.st_mode, st.st_size, data)
    return out


# ----------------------------------------------------------------- the table of bad command lines

SIM = ["simulate", "short.yaml", "--quiet"]
CMP = ["compare", "short.yaml", "short.yaml", "--quiet"]
STAFF = ["staffing", "short.yaml", "--role", "return_interview_provider", "--quiet"]
TARGET = ["--target", "return_interview:0.95"]
PAIR = ["gaps", "--responsible", "lambeth", "--host", "darlington"]

# (case id, argv, what the one line must say)
BAD_COMMAND_LINES: list[tuple[str, list[str], list[str]]] = [
    # the command itself
    ("no command", [], ["required", "COMMAND"]),
    ("unknown command", ["bogus"], ["invalid choice", "bogus"]),
    ("unknown top option", ["--bogus"], ["required", "COMMAND"]),
    ("unknown command, long", [LONG_TEXT], ["invalid choice", "…"]),
    # simulate: seed
    ("seed negative", [*SIM, "--seed", "-1"], ["--seed", "'-1' is out of range", "0 to"]),
    ("seed not a number", [*SIM, "--seed", "banana"], ["--seed", "'banana'", "whole number"]),
    ("seed fraction", [*SIM, "--seed", "1.5"], ["--seed", "'1.5'", "whole number"]),
    ("seed beyond the limit", [*SIM, "--seed", str(MAX_SEED + 1)], ["--seed", "out of range",
                                                                   str(MAX_SEED)]),
    ("seed 5000 digits", [*SIM, "--seed", HUGE], ["--seed", "out of range", "…"]),
    ("seed empty", [*SIM, "--seed", ""], ["--seed", "''", "whole number"]),
    # simulate: jobs
    ("jobs 0", [*SIM, "--jobs", "0"], ["--jobs", "'0' is out of range", f"1 to {MAX_JOBS}"]),
    ("jobs -1", [*SIM, "--jobs", "-1"], ["--jobs", "'-1' is out of range"]),
    ("jobs above limit", [*SIM, "--jobs", str(MAX_JOBS + 1)], ["--jobs", f"1 to {MAX_JOBS}"]),
    ("jobs absurd", [*SIM, "--jobs", "100000000"], ["--jobs", f"1 to {MAX_JOBS}"]),
    ("jobs word", [*SIM, "--jobs", "two"], ["--jobs", "'two'", "whole number"]),
    ("jobs fraction", [*SIM, "--jobs", "1.5"], ["--jobs", "whole number"]),
    # simulate: replications
    ("replications 0", [*SIM, "--replications", "0"],
     ["--replications", "'0' is out of range", f"1 to {MAX_REPLICATIONS}"]),
    ("replications negative", [*SIM, "--replications", "-3"], ["--replications", "out of range"]),
    ("replications above limit", [*SIM, "--replications", str(MAX_REPLICATIONS + 1)],
     ["--replications", f"1 to {MAX_REPLICATIONS}"]),
    ("replications absurd", [*SIM, "--replications", "1000000000000"],
     ["--replications", f"1 to {MAX_REPLICATIONS}"]),
    ("replications float", [*SIM, "--replications", "1e3"], ["--replications", "whole number"]),
    # simulate: --out
    ("out empty", [*SIM, "--out", ""], ["--out", "empty", "folder path"]),
    ("out is a file", [*SIM, "--out", "afile.txt"], ["--out 'afile.txt'", "is a file"]),
    ("out under a file", [*SIM, "--out", "afile.txt/results"],
     ["--out 'afile.txt/results'", "is a file", "no folder can be made"]),
    ("out deep under a file", [*SIM, "--out", "afile.txt/a/b/c"], ["is a file"]),
    ("out in /proc", [*SIM, "--out", "/proc/missingsim_results"],
     ["--out '/proc/missingsim_results'", "no folder can be made", "writable"]),
    ("out deep in /proc", [*SIM, "--out", "/proc/missingsim/a/b"], ["no folder can be made"]),
    ("out is /proc", [*SIM, "--out", "/proc"], ["not written by missingsim", MARKER]),
    ("out is a user's folder", [*SIM, "--out", "thesis"],
     ["--out 'thesis'", "not written by missingsim", "new or empty folder"]),
    ("out is a user's folder, --force", [*SIM, "--out", "thesis", "--force"],
     ["not written by missingsim"]),
    ("out is a link", [*SIM, "--out", "link"], ["symbolic link"]),
    ("out holds earlier results", [*SIM, "--out", "previous"],
     ["earlier missingsim run", "--force"]),
    ("out edited since, --force", [*SIM, "--out", "edited", "--force"],
     ["'report.md'", "did not write or which changed"]),
    ("out with a user's file added, --force", [*SIM, "--out", "added", "--force"],
     ["'notes.txt'", "did not write"]),
    ("out path very long", [*SIM, "--out", "afile.txt/" + LONG_TEXT], ["is a file", "…"]),
    # simulate: other
    ("unknown simulate option", [*SIM, "--bogus"], ["unrecognized", "--bogus"]),
    ("no scenario", ["simulate"], ["required", "scenario"]),
    ("scenario on a model with a bad timer", ["simulate", "broken.yaml", "--quiet"],
     ["BROKEN.bpmn", "p_t24", "'banana'", "missingsim verify"]),
    # compare
    ("compare jobs 0", [*CMP, "--jobs", "0"], ["--jobs", "out of range"]),
    ("compare replications 0", [*CMP, "--replications", "0"], ["--replications"]),
    ("compare replications absurd", [*CMP, "--replications", "999999999"],
     [f"1 to {MAX_REPLICATIONS}"]),
    ("compare out is a file", [*CMP, "--out", "afile.txt"], ["is a file"]),
    ("compare out is a user's folder", [*CMP, "--out", "thesis"], ["not written by missingsim"]),
    ("compare has no --seed", [*CMP, "--seed", "1"], ["unrecognized", "--seed"]),
    ("compare on a model with a bad timer", ["compare", "broken.yaml", "broken.yaml", "--quiet"],
     ["BROKEN.bpmn", "'banana'"]),
    # staffing
    ("staffing min 0", [*STAFF, *TARGET, "--min", "0"], ["--min", "1 to 4096"]),
    ("staffing max 0", [*STAFF, *TARGET, "--max", "0"], ["--max", "1 to 4096"]),
    ("staffing max absurd", [*STAFF, *TARGET, "--max", "5000"], ["--max", "1 to 4096"]),
    ("staffing max below min", [*STAFF, *TARGET, "--min", "3", "--max", "2"],
     ["--max", "below --min"]),
    ("staffing target not DUTY:SHARE", [*STAFF, "--target", "banana"],
     ["--target", "DUTY:SHARE"]),
    ("staffing target share above 1", [*STAFF, "--target", "return_interview:1.5"],
     ["--target", "at most 1"]),
    ("staffing target share 0", [*STAFF, "--target", "return_interview:0"],
     ["--target", "above 0"]),
    ("staffing target unknown duty", [*STAFF, "--target", "tea_making:0.5"],
     ["--target", "unknown duty"]),
    ("staffing target long", [*STAFF, "--target", LONG_TEXT + ":0.5"], ["--target", "…"]),
    ("staffing no role", ["staffing", "short.yaml", *TARGET], ["required", "--role"]),
    ("staffing no target", ["staffing", "short.yaml", "--role", "x"], ["required", "--target"]),
    ("staffing jobs -1", [*STAFF, *TARGET, "--jobs", "-1"], ["--jobs"]),
    ("staffing calendar unknown", [*STAFF, *TARGET, "--calendar", "weekends"],
     ["--calendar", "invalid choice"]),
    ("staffing out is a file", [*STAFF, *TARGET, "--out", "afile.txt"], ["is a file"]),
    ("staffing on a model with a bad timer",
     ["staffing", "broken.yaml", "--role", "return_interview_provider", *TARGET, "--quiet"],
     ["BROKEN.bpmn", "'banana'"]),
    # gaps
    ("gaps latency banana", [*PAIR, "--latency", "banana"],
     ["--latency", "'banana'", "ISO 8601"]),
    ("gaps latency negative", [*PAIR, "--latency", "P-1D"], ["--latency", "'P-1D'", "ISO 8601"]),
    ("gaps latency empty", [*PAIR, "--latency", ""], ["--latency", "ISO 8601"]),
    ("gaps latency PT", [*PAIR, "--latency", "PT"], ["--latency", "ISO 8601"]),
    ("gaps latency over a year", [*PAIR, "--latency", "P2Y"], ["--latency", "P1Y"]),
    ("gaps latency absurd", [*PAIR, "--latency", "P99999999Y"], ["--latency", "P1Y"]),
    ("gaps latency long", [*PAIR, "--latency", "P" + HUGE], ["--latency", "…"]),
    ("gaps without a pair", ["gaps"], ["--responsible", "--matrix"]),
    ("gaps without host", ["gaps", "--responsible", "lambeth"], ["--host"]),
    ("gaps same model twice", ["gaps", "--responsible", "lambeth", "--host", "lambeth"],
     ["--host", "different"]),
    ("gaps same model by name and path", ["gaps", "--responsible", "lambeth", "--host",
                                          str(ROOT / "models" / "protocols" / "lambeth.bpmn")],
     ["--host", "different"]),
    ("verify placed in its own area", ["verify", "--placed", "lambeth:lambeth"],
     ["--placed", "names one model twice"]),
    ("verify placed by name and path", ["verify", "--placed",
                                        "somerset:" + str(ROOT / "models" / "protocols" /
                                                          "somerset.bpmn")],
     ["--placed", "different"]),
    ("gaps --out without --matrix", [*PAIR, "--out", "g"], ["--out", "--matrix"]),
    ("gaps format unknown", [*PAIR, "--format", "xml"], ["--format", "invalid choice"]),
    ("gaps matrix out is a file", ["gaps", "--matrix", "--out", "afile.txt"], ["is a file"]),
    ("gaps matrix out is a user's folder", ["gaps", "--matrix", "--out", "thesis"],
     ["not written by missingsim"]),
    ("gaps matrix out in /proc", ["gaps", "--matrix", "--out", "/proc/x/y"],
     ["no folder can be made"]),
    ("gaps on a model with a bad timer", ["gaps", "--responsible", "BROKEN.bpmn", "--host",
                                          "darlington"], ["BROKEN.bpmn", "p_t24", "'banana'"]),
    ("gaps host with a bad timer", ["gaps", "--responsible", "darlington", "--host",
                                    "BROKEN.bpmn"], ["BROKEN.bpmn", "'banana'"]),
    # deadlines, rules, verify
    ("deadlines on a model with a bad timer", ["deadlines", "BROKEN.bpmn"],
     ["BROKEN.bpmn", "p_t24", "timer", "'banana'", "missingsim verify BROKEN.bpmn"]),
    ("deadlines format unknown", ["deadlines", "lambeth", "--format", "xml"], ["--format"]),
    ("deadlines no model", ["deadlines"], ["required", "model"]),
    ("deadlines missing file", ["deadlines", "no_such_model.bpmn"], ["no_such_model"]),
    ("rules format unknown", ["rules", "lambeth", "--format", "yaml"], ["--format"]),
    ("rules no model", ["rules"], ["required", "model"]),
    ("verify placed without colon", ["verify", "--placed", "somerset"],
     ["--placed", "RESPONSIBLE:HOST"]),
    ("verify placed without responsible", ["verify", "--placed", ":lambeth"],
     ["--placed", "RESPONSIBLE:HOST"]),
    ("verify placed without host", ["verify", "--placed", "somerset:"],
     ["--placed", "RESPONSIBLE:HOST"]),
    ("verify placed long", ["verify", "--placed", LONG_TEXT], ["--placed", "…"]),
]


@pytest.mark.parametrize(("argv", "says"), [pytest.param(a, s, id=i)
                                            for i, a, s in BAD_COMMAND_LINES])
def test_bad_command_line_is_one_line_exit_2_and_nothing_written(argv, says, workspace,
                                                                 capsys) -> None:
    before = snapshot(workspace)
    status = main(argv)
    captured = capsys.readouterr()
    err = captured.err
    assert status == 2, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("missingsim"), err
    assert "Traceback" not in err and "Error:" not in err
    assert len(err) < 500, "values are quoted short, never whole"
    assert HUGE not in err and LONG_TEXT[:200] not in err
    for text in says:
        assert text in err, (text, err)
    assert captured.out == ""
    assert snapshot(workspace) == before, "nothing written, nothing moved"


def test_the_table_has_the_cases_of_the_issue() -> None:
    assert len(BAD_COMMAND_LINES) >= 50
    ids = [i for i, _, _ in BAD_COMMAND_LINES]
    assert len(ids) == len(set(ids))


def test_a_bad_value_is_refused_before_any_work(workspace, monkeypatch) -> None:
    """A bad --out is refused before a replication runs (not after an hour of simulation)."""
    import simulation.run.runner as runner

    def no_work(*args, **kwargs):
        raise AssertionError("work started")

    monkeypatch.setattr(runner, "replicate", no_work)
    assert main([*SIM, "--out", "thesis"]) == 2


# -------------------------------------------------------------------------- help and version

def test_help_and_version_work_for_every_command(capsys) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    commands = ["verify", "rules", "deadlines", "simulate", "compare", "staffing", "gaps"]
    for command in commands:
        assert command in text
    assert "95% intervals" in text
    for command in commands:
        assert main([command, "--help"]) == 0, command
        assert f"usage: missingsim {command}" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("missingsim ")


def test_every_help_string_formats() -> None:
    """A stray % in any help text breaks --help (argparse %-formats help strings)."""
    parser = build_parser()
    parser.format_help()
    sub = next(a for a in parser._actions if a.dest == "command")
    for choice in sub.choices.values():  # type: ignore[union-attr]
        choice.format_help()


def test_the_installed_command_prints_help_and_version() -> None:
    exe = Path(sys.executable).with_name("missingsim")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "simulation.commands.cli"]
    done = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and "usage: missingsim" in done.stdout, done.stderr
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and done.stdout.startswith("missingsim "), done.stderr


# ------------------------------------------------------------ models that fail verification

def test_rules_on_a_model_failing_verification_warns_on_one_line(workspace, capsys) -> None:
    assert main(["rules", "BROKEN.bpmn", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("missingsim: warning: "), captured.err
    assert "fails verification" in lines[0] and "p_t24" in lines[0]
    assert captured.out.startswith("kind,") or "," in captured.out.splitlines()[0]


def test_rules_on_a_sound_model_has_no_warning(capsys) -> None:
    assert main(["rules", "lambeth", "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""


def test_verify_placed_fails_when_a_part_fails_alone(workspace, capsys) -> None:
    assert main(["verify", "--placed", "BROKEN.bpmn:lambeth"]) == 1
    out = capsys.readouterr().out
    assert "PASS" not in out
    assert out.startswith("FAIL ")
    assert "part: lambeth (BROKEN.bpmn): this part fails verification on its own" in out
    assert "0/1 models pass" in out


# ------------------------------------------------------------------- never destroy user files

def run_short(out: Path, *extra: str) -> int:
    return main(["simulate", "short.yaml", "--out", str(out), "--quiet", *extra])


def test_a_users_folder_as_out_keeps_its_files(workspace, capsys) -> None:
    before = snapshot(workspace / "thesis")
    assert run_short(workspace / "thesis") == 2
    assert run_short(workspace / "thesis", "--force") == 2
    assert snapshot(workspace / "thesis") == before
    assert (workspace / "thesis" / "chapter1.md").read_text(encoding="utf-8") == "months of work\n"
    assert not [p for p in workspace.iterdir() if p.name.startswith(".")]


def test_a_file_as_out_is_never_moved_aside(workspace) -> None:
    names = sorted(p.name for p in workspace.iterdir())
    assert run_short(workspace / "afile.txt") == 2
    assert (workspace / "afile.txt").read_text(encoding="utf-8") == "the user's file\n"
    assert sorted(p.name for p in workspace.iterdir()) == names


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
            for p in [root, *root.rglob("*")]}


@pytest.mark.usefixtures("umask")
def test_results_are_marked_and_readable_by_colleagues(workspace) -> None:
    out = workspace / "results" / "short"
    assert run_short(out) == 0
    assert modes(out) == {("dir", 0o755), ("file", 0o644)}
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["written_by"] == "missingsim" and marker["command"] == "simulate"
    assert set(marker["files"]) == {p.name for p in out.iterdir()} - {MARKER}
    assert {"report.md", "compliance.csv", "event_log.csv"} <= set(marker["files"])
    os.umask(0o027)
    other = workspace / "results" / "other"
    assert run_short(other) == 0
    assert modes(other) == {("dir", 0o750), ("file", 0o640)}


def test_earlier_results_are_replaced_only_with_force(workspace, capsys) -> None:
    out = workspace / "out"
    assert run_short(out, "--seed", "1") == 0
    first = snapshot(out)
    capsys.readouterr()
    assert run_short(out, "--seed", "2") == 2
    assert "--force" in capsys.readouterr().err
    assert snapshot(out) == first
    assert run_short(out, "--seed", "2", "--force") == 0
    assert snapshot(out) != first
    assert (out / MARKER).is_file()
    assert not [p for p in workspace.iterdir() if p.name.startswith(".")]


def test_force_never_replaces_results_a_user_added_to(workspace, capsys) -> None:
    out = workspace / "out"
    assert run_short(out) == 0
    (out / "my_notes.txt").write_text("keep me\n", encoding="utf-8")
    capsys.readouterr()
    assert run_short(out, "--force") == 2
    assert "'my_notes.txt'" in capsys.readouterr().err
    assert (out / "my_notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_empty_folder_is_used(workspace) -> None:
    out = workspace / "empty"
    out.mkdir()
    assert run_short(out) == 0
    assert (out / "report.md").is_file() and (out / MARKER).is_file()


def test_gaps_matrix_marks_its_folder_and_refuses_a_users(workspace, capsys) -> None:
    out = workspace / "gaps"
    assert main(["gaps", "--matrix", "--out", str(out)]) == 0
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["command"] == "gaps"
    assert main(["gaps", "--matrix", "--out", str(out)]) == 2
    assert main(["gaps", "--matrix", "--out", str(out), "--force"]) == 0
    assert (out / "gaps_matrix.csv").is_file()


def test_an_interrupted_run_leaves_earlier_results_and_no_partial_folder(workspace,
                                                                        monkeypatch,
                                                                        capsys) -> None:
    out = workspace / "out"
    assert run_short(out) == 0
    first = snapshot(out)

    def interrupt(self, n=1):
        raise KeyboardInterrupt

    monkeypatch.setattr(tqdm.tqdm, "update", interrupt)
    assert run_short(out, "--force") == 130
    assert "interrupted" in capsys.readouterr().err
    assert snapshot(out) == first
    assert not [p for p in workspace.iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------- two runs into one folder

def test_a_run_finishing_second_is_refused_with_one_line(tmp_path) -> None:
    out = tmp_path / "out"
    slow = publish_directory(out, command="test")
    slow_dir = slow.__enter__()
    (slow_dir / "report.md").write_text("slow\n", encoding="utf-8")
    with publish_directory(out, command="test") as fast:
        (fast / "report.md").write_text("fast\n", encoding="utf-8")
    with pytest.raises(OutputError) as refused:
        slow.__exit__(None, None, None)
    message = str(refused.value)
    assert "\n" not in message and "another run" in message and "discarded" in message
    assert (out / "report.md").read_text(encoding="utf-8") == "fast\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_forced_run_finishing_second_replaces_the_first(tmp_path) -> None:
    out = tmp_path / "out"
    slow = publish_directory(out, force=True, command="test")
    slow_dir = slow.__enter__()
    (slow_dir / "report.md").write_text("slow\n", encoding="utf-8")
    with publish_directory(out, force=True, command="test") as fast:
        (fast / "report.md").write_text("fast\n", encoding="utf-8")
    slow.__exit__(None, None, None)
    assert (out / "report.md").read_text(encoding="utf-8") == "slow\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_a_user_makes_during_a_run_is_kept(tmp_path) -> None:
    out = tmp_path / "out"
    run = publish_directory(out, force=True, command="test")
    run_dir = run.__enter__()
    (run_dir / "report.md").write_text("results\n", encoding="utf-8")
    out.mkdir()
    (out / "mine.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by missingsim"):
        run.__exit__(None, None, None)
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_two_real_runs_into_one_folder_end_with_one_result(workspace) -> None:
    """Two `missingsim simulate` processes started together into one --out: one publishes,
    the other ends with one line and exit status 2 (whether it loses the race at the start or
    at the end), and the folder holds one complete, marked result."""
    command = [sys.executable, "-m", "simulation.commands.cli", "simulate", "short.yaml",
               "--out", "out", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen(command, cwd=workspace, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    done = [(p.wait(timeout=600), *p.communicate()) for p in runs]
    statuses = sorted(status for status, _, _ in done)
    assert statuses == [0, 2], done
    loser = next(err for status, _, err in done if status == 2)
    assert len(loser.splitlines()) == 1 and "Traceback" not in loser, loser
    assert "--out 'out'" in loser
    marker = json.loads((workspace / "out" / MARKER).read_text(encoding="utf-8"))
    assert set(marker["files"]) == {p.name for p in (workspace / "out").iterdir()} - {MARKER}
    assert not [p for p in workspace.iterdir() if p.name.startswith(".")]


def test_every_shipped_model_is_analysable(capsys) -> None:
    """The refusal of unusable models does not refuse the shipped ones."""
    for name in MODEL_NAMES:
        assert main(["gaps", "--responsible", name, "--host",
                     "lambeth" if name != "lambeth" else "somerset", "--format", "json"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_one_line(workspace, capsys) -> None:
    locked = workspace / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert run_short(locked / "out") == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no folder can be made" in err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_deadlines_on_a_model_failing_verification_warns_and_answers(workspace,
                                                                     capsys) -> None:
    """A finding that does not stop the analysis (here a quote not in its document) gives one
    warning line, and the deadlines are still printed."""
    bpmn = (ROOT / "models" / "protocols" / "lambeth.bpmn").read_text(encoding="utf-8")
    quote = "Carry out investigations of missing children;"
    assert quote in bpmn
    (workspace / "MISQUOTED.bpmn").write_text(
        bpmn.replace(quote, "Carry out investigations of all children;"), encoding="utf-8")
    assert main(["deadlines", "MISQUOTED.bpmn", "--format", "json"]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("missingsim: warning: "), captured.err
    assert "MISQUOTED.bpmn fails verification" in lines[0] and "citation" in lines[0]
    assert json.loads(captured.out)["deadlines"]


def test_a_full_disk_is_one_line_and_leaves_nothing(workspace, monkeypatch, capsys) -> None:
    import errno

    import simulation.results.eventlog as eventlog

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "event_log.csv")

    monkeypatch.setattr(eventlog, "write_event_log", full)
    before = snapshot(workspace)
    assert run_short(workspace / "results" / "out") == 2
    err = capsys.readouterr().err
    assert err == "missingsim: error: No space left on device: 'event_log.csv'\n"
    assert snapshot(workspace) == before


def test_scheduler_without_the_cluster_extra_is_one_line(tmp_path: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`--scheduler` where the distributed package is not installed (no missingsim[cluster]):
    one line saying how to install it, exit 2, nothing written; found on a fresh install."""
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    out = tmp_path / "out"
    code = main(["simulate", str(LAMBETH), "--out", str(out), "--scheduler",
                 "tcp://127.0.0.1:1"])  # no --quiet: the line comes before any progress bar
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == ("missingsim: error: --scheduler tcp://127.0.0.1:1: needs the distributed "
                   "package: pip install 'missingsim[cluster]'")
    assert not out.exists()
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "meant"), [
    (["verfy", "lambeth"], "verify"), (["Simulate", "x.yaml"], "simulate"),
    (["rules", "lambeth", "--format", "jsn"], "json")])
def test_a_mistyped_choice_suggests_the_one_meant(argv: list[str], meant: str, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"; did you mean {meant}? (see missingsim" in err, err


def test_no_suggestion_for_a_choice_nothing_is_close_to(capsys) -> None:
    assert main(["rules", "lambeth", "--format", "xml"]) == 2
    assert "did you mean" not in capsys.readouterr().err
