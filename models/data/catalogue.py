"""The canonical catalogue of roles, duties and condition attributes shared by all models."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from models.data.calendars import StaffHours, staff_hours

__all__ = ["Catalogue", "catalogue"]


class Catalogue:
    """Roles, duties and attributes, with the domains the condition checker enumerates."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.roles: dict[str, dict[str, Any]] = data.get("roles", {})
        self.duties: dict[str, dict[str, Any]] = data.get("duties", {})
        self.attributes: dict[str, dict[str, Any]] = data.get("attributes", {})

    def domains(self) -> dict[str, Any]:
        """Each attribute's values: a list, or ("int", lo, hi)."""
        out: dict[str, Any] = {}
        for name, spec in self.attributes.items():
            kind = spec.get("type")
            if kind == "enum":
                out[name] = list(spec["values"])
            elif kind == "bool":
                out[name] = [False, True]
            elif kind == "int":
                out[name] = ("int", int(spec.get("min", 0)), int(spec.get("max", 1000)))
        return out

    def role_hours(self, role: str) -> StaffHours:
        """The staff calendar of the hours a role keeps (``hours``: office, always,
        out_of_hours); office hours for a role or hours the catalogue does not name."""
        return staff_hours(str(self.roles.get(role, {}).get("hours", "office"))) \
            or StaffHours.OFFICE_HOURS

    def duty_label(self, duty: str) -> str:
        return str(self.duties.get(duty, {}).get("label", duty))

    def role_label(self, role: str) -> str:
        return str(self.roles.get(role, {}).get("label", role))


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue shipped in models/catalogue.yaml."""
    path = Path(__file__).resolve().parents[1] / "catalogue.yaml"
    return Catalogue(yaml.safe_load(path.read_text(encoding="utf-8")))
