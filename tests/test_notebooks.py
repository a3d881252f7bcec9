"""The notebooks in notebooks/ run from top to bottom and reach the answers they state.

Each notebook is executed with nbclient on a kernel of this Python (the venv's ipykernel), in a
temporary copy of the notebook so that nothing is written into the repository; it finds the
repository through MISSINGSIM_REPO. Each notebook ends with a cell that prints its ``RESULT``
dict as JSON, which is parsed here and checked.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT_SECONDS = 120  # per cell; each notebook takes well under a minute in all


def run_notebook(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    copy = tmp_path / name
    shutil.copyfile(NOTEBOOKS / name, copy)
    notebook = nbformat.read(copy, as_version=4)
    monkeypatch.setenv("MISSINGSIM_REPO", str(ROOT))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the notebooks' scenario files land here
    client = nbclient.NotebookClient(notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    last = [c for c in notebook.cells if c.cell_type == "code"][-1]
    text = "".join(o.get("text", "") for o in last.outputs
                   if o.output_type == "stream" and o.name == "stdout")
    return json.loads(text)


def test_notebooks_are_committed_without_outputs() -> None:
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == ["01_compare_protocol_variants.ipynb",
                     "02_size_missing_coordinator_staffing.ipynb",
                     "03_import_ssda903_return_interviews.ipynb"]
    for name in names:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(notebook)
        assert notebook.cells[0].cell_type == "markdown", name
        assert "Who this is for" in notebook.cells[0].source, name
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, name


def test_01_48_hour_return_interview_is_missed_more_often(tmp_path, monkeypatch) -> None:
    result = run_notebook("01_compare_protocol_variants.ipynb", tmp_path, monkeypatch)
    # The variant's limit is the one in force (48 hours), not the model's name (72 hours).
    assert (result["baseline_limit"], result["variant_limit"]) == ("72 hours", "48 hours")
    assert result["pairs"] >= 3
    assert result["difference"] < 0
    assert result["difference_ci_low"] <= result["difference_ci_high"] < 0
    assert result["verdict"] == "lower"
    assert result["compliance_48h"] < result["compliance_72h"]
    assert result["difference"] == pytest.approx(
        result["compliance_48h"] - result["compliance_72h"], abs=1e-3)


def test_02_staffing_answer_holds_at_n_and_fails_at_n_minus_1(tmp_path, monkeypatch) -> None:
    result = run_notebook("02_size_missing_coordinator_staffing.ipynb", tmp_path, monkeypatch)
    n = result["answer"]
    assert isinstance(n, int) and n >= 2
    assert result["meets_at_n"] is True
    assert result["meets_at_n_minus_1"] is False
    target = float(result["target"].rpartition(":")[2])
    assert result["worst_at_n"] >= target > result["worst_at_n_minus_1"]
    assert result["monotone"] is True
    curve = {int(k): v for k, v in result["curve"].items()}
    assert sorted(curve) == [1, 2, 3, 4, 5]
    assert curve[n] == result["worst_at_n"] and curve[n - 1] == result["worst_at_n_minus_1"]


def test_03_ssda903_import_counts_are_consistent(tmp_path, monkeypatch) -> None:
    result = run_notebook("03_import_ssda903_return_interviews.ipynb", tmp_path, monkeypatch)
    with (ROOT / "tests" / "data" / "ssda903" / "missing_sample.csv").open(
            encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert result["csv_rows"] == len(rows)
    assert result["episodes_imported"] == len(rows)
    assert result["recorded"] > 0
    assert result["met"] + result["missed"] + result["pending"] == result["recorded"]
    assert result["table_totals"] == {k: result[k] for k in ("met", "missed", "pending")}
    assert result["missed"] > 0  # the scarce interviewer makes some interviews late
    share = result["met"] / (result["met"] + result["missed"])
    assert result["share_met_72h"] == pytest.approx(share, abs=1e-4)
    assert 0 < share < 1


def test_notebooks_write_nothing_into_the_repository() -> None:
    # Runs last in this file: the executions above used temporary copies and folders only,
    # so notebooks/ holds the committed notebooks and nothing else.
    assert {p.suffix for p in NOTEBOOKS.iterdir()} == {".ipynb"}
