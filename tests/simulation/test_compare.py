"""`missingsim compare`: paired differences with common random numbers, written atomically.

Short variants of scenarios/lambeth.yaml (60 days, 7 days warm-up, 4-8 replications).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import tqdm

from simulation.commands.cli import main
from simulation.results import kpis
from simulation.results.compare import COMPARE_COLUMNS, compare, paired_differences
from simulation.run.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "scenarios" / "lambeth.yaml"
PNG = b"\x89PNG\r\n\x1a\n"
# The return interview provider on three office days a week: scarce enough that the 72-hour
# deadline is sometimes missed.
SCARCE_PROVIDER = """staffing:
  return_interview_provider:
    roster:
      - {days: [mon, wed, fri], start: "09:00", end: "17:00", count: 1}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def short_lambeth(tmp_path: Path, name: str = "a.yaml", replications: int = 4,
                  extra: str = "") -> Path:
    return write(tmp_path / name, f"base: {LAMBETH}\nhorizon_days: 60\nwarmup_days: 7\n"
                                  f"replications: {replications}\n{extra}")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_a_scenario_against_itself_differs_by_exactly_zero(tmp_path, capsys) -> None:
    a = short_lambeth(tmp_path)
    out = tmp_path / "out"
    assert main(["compare", str(a), str(a), "--out", str(out), "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["compare.csv", "compare.html", "compare.md",
                                                     "compare.png", "compare.xlsx",
                                                     "missingsim-results.json"]
    assert (out / "compare.png").read_bytes().startswith(PNG)
    rows = read_csv(out / "compare.csv")
    assert list(rows[0]) == list(COMPARE_COLUMNS)
    assert {r["kpi"] for r in rows} == {"compliance", "utilisation", "mean_wait_hours"}
    paired = [r for r in rows if int(r["pairs"]) > 0]
    assert len(paired) > 10
    for r in paired:
        assert float(r["difference_mean"]) == 0.0, r
        assert r["baseline_mean"] == r["variant_mean"], r
        if int(r["pairs"]) > 1:
            assert float(r["difference_ci_low"]) == float(r["difference_ci_high"]) == 0.0, r
            assert r["verdict"] == "no clear difference"
    report = (out / "compare.md").read_text(encoding="utf-8")
    assert "common random numbers" in report and "![" in report
    assert "results in" in capsys.readouterr().out


def test_48_hour_return_interview_lowers_compliance_with_an_interval_below_zero(
        tmp_path) -> None:
    a = short_lambeth(tmp_path, replications=8, extra=SCARCE_PROVIDER)
    b = write(tmp_path / "b.yaml", "base: a.yaml\nname: 48 hours\noverrides:\n"
                                   "  - {duty: return_interview, field: limit, value: PT48H}\n")
    scenarios = [load_scenario(a), load_scenario(b)]
    arms, rows = compare(scenarios)
    deadlines = {r["item"]: r for r in rows if r["kpi"] == "compliance" and r["split"] == "all"}

    provider = deadlines["rhi_interview"]  # the independent interview, by the scarce provider
    assert provider["pairs"] == 8
    assert provider["baseline_mean"] < 1.0  # the 72-hour deadline is sometimes missed
    assert provider["difference_mean"] < 0
    assert provider["difference_ci_high"] < 0  # the paired 95% interval excludes zero
    assert provider["verdict"] == "lower"
    assert deadlines["la_h_rhi"]["difference_mean"] <= 0  # by the social worker: not scarce

    # Common random numbers: deadlines of other duties see the same episodes and staff.
    for r in rows:
        if r["kpi"] == "compliance" and r["duty"] != "return_interview" and r["pairs"]:
            assert r["difference_mean"] == 0.0, r

    # The interval is kpis.mean_ci over the per-replication differences.
    def per_replication(runs):
        return [next(r["compliance_mean"] for r in kpis.compliance_table([run])
                     if r["element_id"] == "rhi_interview" and r["split"] == "all")
                for run in runs]

    diffs = [b - a for a, b in zip(per_replication(arms[0]), per_replication(arms[1]),
                                   strict=True)]
    mean, low, high = kpis.mean_ci(diffs)
    assert provider["difference_mean"] == pytest.approx(mean, abs=1e-4)
    assert provider["difference_ci_low"] == pytest.approx(low, abs=1e-4)
    assert provider["difference_ci_high"] == pytest.approx(high, abs=1e-4)

    # The same results give the same table (and the order of arms flips the sign).
    again = paired_differences(arms[1], arms[0])
    flipped = next(r for r in again if r["kpi"] == "compliance" and r["item"] == "rhi_interview"
                   and r["split"] == "all")
    assert flipped["difference_mean"] == pytest.approx(-provider["difference_mean"], abs=1e-4)


@pytest.mark.parametrize(("change", "key"), [
    ("seed: 1", "seed"),
    ("horizon_days: 59", "horizon_days"),
    ("warmup_days: 14", "warmup_days"),
    ("population: {synthetic: {child_population: 40000}}", "population"),
    ("replications: 5", "replications"),
])
def test_arms_that_differ_in_seed_population_horizon_or_warmup_are_refused(
        change, key, tmp_path, capsys) -> None:
    a = short_lambeth(tmp_path)
    b = write(tmp_path / "b.yaml", f"base: a.yaml\n{change}\n")
    out = tmp_path / "results" / "out"
    status = main(["compare", str(a), str(b), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "b.yaml" in err and f": {key}: " in err and "common random numbers" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_interrupted_comparison_leaves_no_results(tmp_path, monkeypatch, capsys) -> None:
    a = short_lambeth(tmp_path)

    def interrupt(self, n=1):
        raise KeyboardInterrupt

    monkeypatch.setattr(tqdm.tqdm, "update", interrupt)
    out = tmp_path / "out"
    assert main(["compare", str(a), str(a), "--out", str(out), "--quiet"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_an_existing_results_directory_is_replaced_only_when_complete(tmp_path,
                                                                      monkeypatch) -> None:
    from simulation.results.publish import publish_directory

    a = short_lambeth(tmp_path)
    out = tmp_path / "out"
    with publish_directory(out, command="compare") as earlier:  # an earlier, marked result
        (earlier / "compare.md").write_text("old\n", encoding="utf-8")

    def interrupt(self, n=1):
        raise KeyboardInterrupt

    monkeypatch.setattr(tqdm.tqdm, "update", interrupt)
    assert main(["compare", str(a), str(a), "--out", str(out), "--quiet", "--force"]) == 130
    assert (out / "compare.md").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "out"]


def test_stopping_the_workers_mid_result_lets_the_pool_finish(tmp_path) -> None:
    """A worker killed while it sends a result leaves half a message in the result pipe; the
    executor's manager thread must not wait for the rest for ever (the interpreter waits for
    that thread at exit: the test run used to hang after its last test)."""
    import os
    import struct

    from simulation.run.runner import ReplicationPool

    scenario = load_scenario(short_lambeth(tmp_path, replications=4))
    pool = ReplicationPool(jobs=2)
    seen: dict[str, object] = {}

    def stop(_n: int = 1) -> None:
        executor = pool._pool
        assert executor is not None
        seen["manager"] = executor._executor_manager_thread  # type: ignore[attr-defined]
        writer = executor._result_queue._writer  # type: ignore[attr-defined]
        os.write(writer.fileno(), struct.pack("!i", 1000) + b"half")  # a message cut short
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pool.run([(scenario, r) for r in range(4)], progress=stop)
    manager = seen["manager"]
    manager.join(timeout=20)  # type: ignore[attr-defined]
    assert not manager.is_alive()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- compare.html


@pytest.fixture(scope="module")
def rhi48(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`missingsim compare` of a short Lambeth against its 48-hour variant."""
    tmp = tmp_path_factory.mktemp("rhi48")
    a = short_lambeth(tmp, replications=3, extra=SCARCE_PROVIDER)
    b = write(tmp / "b.yaml", "base: a.yaml\nname: 48 hours\noverrides:\n"
                              "  - {duty: return_interview, field: limit, value: PT48H}\n")
    out = tmp / "out"
    assert main(["compare", str(a), str(b), "--out", str(out), "--quiet"]) == 0
    return out


def test_compare_states_the_limit_in_force_in_each_arm(rhi48: Path) -> None:
    rows = [r for r in read_csv(rhi48 / "compare.csv")
            if r["kpi"] == "compliance" and r["item"] == "rhi_interview" and r["split"] == "all"]
    assert rows and {(r["baseline_limit"], r["variant_limit"]) for r in rows} == {
        ("72 hours", "48 hours")}
    sd = [r for r in read_csv(rhi48 / "compare.csv")
          if r["kpi"] == "compliance" and r["item"] == "la_c_sd"]
    assert sd and all(r["baseline_limit"] == r["variant_limit"] for r in sd)
    assert "72 hours \u2192 48 hours" in (rhi48 / "compare.md").read_text(encoding="utf-8")


def test_compare_html_is_self_contained_with_settings_and_both_diagrams(rhi48: Path) -> None:
    import re

    text = (rhi48 / "compare.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for link in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text, flags=re.I):
        assert link.startswith(("data:image/png;base64,", "#")), link[:60]
    stripped = re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", text)
    assert "http://" not in stripped and "https://" not in stripped
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, flags=re.I)
    assert text.count('src="data:image/png;base64,') == 1  # the differences chart
    # The differences table, with the limit in force in each arm.
    assert "Deadlines met (all children)" in text and "72 hours \u2192 48 hours" in text
    # Both arms' settings side by side, the overridden limit marked as a difference.
    settings = text[text.index("Settings side by side"):text.index("The protocols")]
    assert '<tr class="differs"><th>Overrides</th>' in settings
    assert "return_interview: limit = PT48H" in settings
    assert re.search(r'<tr class="differs"><th>Deadline limit: Return home interview within '
                     r"72 hours of return \[rhi_interview\]</th><td>72 hours</td>"
                     r"<td>48 hours</td>", settings)
    assert '<tr><th>Seed</th>' in settings  # the same in both arms: not marked
    # Each arm's diagram; the variant's tasks coloured by the change in breach rate.
    assert text.count('<svg class="diagram" data-model="lambeth" data-arm="0"') == 1
    assert text.count('<svg class="diagram" data-model="lambeth" data-arm="1"') == 1
    variant = text[text.index('data-arm="1"'):]
    variant = variant[:variant.index("</svg>")]
    assert re.search(r'data-id="rhi_interview" data-basis="change">', variant)
    assert "change in breach rate, variant - baseline" in variant
    ids = re.findall(r'(?<![\w-])id="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "element ids must be unique in the page"


def test_compare_html_renders_in_headless_chromium(rhi48: Path, tmp_path: Path) -> None:
    from headless_chromium import assert_not_blank, render

    shown = render(rhi48 / "compare.html", tmp_path)
    assert not shown.console, shown.console
    assert_not_blank(shown.screenshot)
    assert "Settings side by side" in shown.dom
    assert shown.dom.count('data-zoom="ready"') == 2


def test_compare_workbook_has_the_differences_and_each_arm(rhi48: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(rhi48 / "compare.xlsx", read_only=True)
    assert book.sheetnames == ["About", "differences", "arm 1 compliance", "arm 1 utilisation",
                               "arm 2 compliance", "arm 2 utilisation"]
    header = [c.value for c in next(book["differences"].iter_rows(max_row=1))]
    assert tuple(header) == COMPARE_COLUMNS
    rows = list(book["arm 2 compliance"].iter_rows(values_only=True))
    deadline = rows[0].index("deadline")
    assert any(r[deadline] and "within 48 hours" in r[deadline] for r in rows[1:])
    csv_rows = read_csv(rhi48 / "compare.csv")
    assert book["differences"].max_row == len(csv_rows) + 1
