"""Protocol models: read, verify and tabulate the BPMN files in models/protocols."""

from __future__ import annotations

from pathlib import Path

from models.checks.verify import verify, verify_model
from models.data.bpmn_xml import parse_model, read_model
from models.data.errors import DataError, MissingsimError, ModelError, ScenarioError
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
    return PROTOCOLS / f"{name_or_path}.bpmn"


def load_model(name_or_path: str | Path) -> ProtocolModel:
    """Read a shipped model by name, or any `.bpmn` file by path."""
    return read_model(model_path(name_or_path))


def load_all() -> dict[str, ProtocolModel]:
    """The shipped models that exist, by name."""
    return {n: load_model(n) for n in MODEL_NAMES if model_path(n).exists()}
