"""Protocol models: read, verify and tabulate the BPMN files in models/protocols."""

from __future__ import annotations

from pathlib import Path

from models.checks.verify import verify, verify_model
from models.data.bpmn_xml import parse_model, read_model
from models.data.errors import (
    DataError,
    MissingsimError,
    ModelError,
    ScenarioError,
    did_you_mean,
)
from models.data.findings import Finding, Report
from models.data.model import ProtocolModel

__all__ = [
    "MODEL_NAMES", "DataError", "Finding", "MissingsimError", "ModelError", "ProtocolModel",
    "Report", "ScenarioError", "load_all", "load_model", "model_path", "parse_model",
    "read_model", "verify", "verify_model",
]

PROTOCOLS = Path(__file__).with_name("protocols")
MODEL_NAMES: tuple[str, ...] = (
    "lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington",
)


def model_path(name_or_path: str | Path) -> Path:
    """The file of a shipped model by name (``lambeth``), or the path given."""
    if isinstance(name_or_path, str) and name_or_path in MODEL_NAMES:
        return PROTOCOLS / f"{name_or_path}.bpmn"  # a shipped name wins over a local folder
    p = Path(name_or_path)
    if p.suffix == ".bpmn" or p.exists():
        return p
    if (PROTOCOLS / f"{name_or_path}.bpmn").is_file():
        return PROTOCOLS / f"{name_or_path}.bpmn"
    shown = str(name_or_path) if len(str(name_or_path)) <= 60 else str(name_or_path)[:57] + "..."
    raise ModelError(shown, "no shipped model of that name, and no such file; expected one of "
                     f"{', '.join(MODEL_NAMES)}, or the path of a .bpmn file"
                     + did_you_mean(str(name_or_path), MODEL_NAMES))


def load_model(name_or_path: str | Path) -> ProtocolModel:
    """Read a shipped model by name, or any `.bpmn` file by path."""
    return read_model(model_path(name_or_path))


def load_all() -> dict[str, ProtocolModel]:
    """The shipped models that exist, by name."""
    return {n: load_model(n) for n in MODEL_NAMES if model_path(n).exists()}
