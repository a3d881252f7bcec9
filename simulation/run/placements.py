"""Out-of-area children in a run: the combined models they run through, and their records.

For a scenario with ``out_of_area`` hosts, each host's combined model
(`models.analyses.composition`) is compiled once. The host's staff are not the responsible
authority's: a host task's role ``front_door`` becomes ``front_door@<host>``, staffed as the
catalogue says that role works and unconstrained (the scenario staffs its own authority only). The
scenario's overrides are the responsible authority's protocol variant, so they apply to its side of
each combined model only.

After the run, records are mapped back for the KPI tables: the responsible side's element ids
lose their prefix (so an out-of-area child's 72-hour interview is the same row as an in-area
child's, in its own split), and the host side's deadlines and events keep the host's element id
prefixed by the host model's name, with the host's authority on event rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from models import ProtocolModel, load_model
from models.analyses.composition import HOST_PREFIX, RESPONSIBLE_PREFIX, compose, verify_composition
from simulation.run.plan import Plan, compile_plan
from simulation.run.records import DeadlineOutcome, EventRow, RunResult
from simulation.run.staffing import RoleSpec, default_spec

__all__ = ["HostPlans", "host_plans", "host_role", "map_back", "never_done"]


def host_role(role: str, host: str) -> str:
    """The staffing key of a host authority's role."""
    return f"{role}@{host}"


@dataclasses.dataclass(frozen=True)
class HostPlans:
    """The compiled combined model per host, and the host roles' staffing."""

    plans: dict[str, Plan]
    staffing: dict[str, RoleSpec]
    hosts: dict[str, ProtocolModel]


def _responsible_overrides(model: ProtocolModel, overrides: Sequence[Any]) -> list[Any]:
    """Overrides re-aimed at the responsible side's (prefixed) element ids."""
    out: list[Any] = []
    for o in overrides:
        if getattr(o, "element", None):
            out.append(dataclasses.replace(o, element=RESPONSIBLE_PREFIX + o.element))
            continue
        duty = getattr(o, "duty", None)
        for el in model.elements.values():
            if el.id.startswith(RESPONSIBLE_PREFIX) and el.task is not None and (
                    el.task.duty == duty or any(d.duty == duty for d in el.deadlines)):
                out.append(dataclasses.replace(o, element=el.id))
    return out


def _host_model(host: str, models: Mapping[str, ProtocolModel] | None) -> ProtocolModel:
    """The host's model from ``models`` (those a scenario read on load), else from its file."""
    found = models.get(host) if models is not None else None
    return found if found is not None else load_model(host)


def host_plans(responsible: ProtocolModel, hosts: Sequence[str], *,
               overrides: Sequence[Any] = (), latency: str | None = None,
               immediate_tolerance: str | None = None,
               models: Mapping[str, ProtocolModel] | None = None) -> HostPlans:
    """Compile the combined model of ``responsible`` with each host (names or paths; their
    models taken from ``models`` when given there)."""
    plans: dict[str, Plan] = {}
    staffing: dict[str, RoleSpec] = {}
    read: dict[str, ProtocolModel] = {}
    for host in hosts:
        host_model = _host_model(host, models)
        combined = compose(responsible, host_model, latency=latency).model
        plan = compile_plan(combined, _responsible_overrides(combined, overrides),
                            immediate_tolerance)
        for el in plan.elements.values():
            if el.role and el.id.startswith(HOST_PREFIX):
                base = el.role
                el.role = host_role(base, host_model.name)
                spec = default_spec(base)
                staffing[el.role] = dataclasses.replace(spec, role=el.role)
        plans[host] = plan
        read[host] = host_model
    return HostPlans(plans, staffing, read)


def map_back(result: RunResult, hosts: Mapping[str, ProtocolModel],
             host_of_case: Mapping[str, str]) -> RunResult:
    """The run's records with combined-model ids mapped back (see the module docstring).

    ``host_of_case`` gives, for each case that ran through a combined model, its host key (a
    key of ``hosts``).
    """
    cache: dict[tuple[str, str], tuple[str, str | None]] = {}

    def where(host: str, el_id: str) -> tuple[str, str | None]:
        """(element id for the tables, host authority or None) of a host's case."""
        key = (host, el_id)
        if key not in cache:
            if el_id.startswith(RESPONSIBLE_PREFIX):
                cache[key] = (el_id[len(RESPONSIBLE_PREFIX):], None)
            elif el_id.startswith(HOST_PREFIX):
                m = hosts[host]
                cache[key] = (f"{m.name}:{el_id[len(HOST_PREFIX):]}", m.authority)
            else:
                cache[key] = (el_id, None)
        return cache[key]

    if not host_of_case:
        return result

    def event(host: str, e: EventRow) -> EventRow:
        el, authority = where(host, e.element_id)
        return e if el == e.element_id else dataclasses.replace(
            e, element_id=el, authority=authority or e.authority)

    def deadline(host: str, d: DeadlineOutcome) -> DeadlineOutcome:
        el, authority = where(host, d.element_id)
        if el == d.element_id:
            return d
        if authority is None:
            return dataclasses.replace(d, element_id=el)
        return dataclasses.replace(d, element_id=el, name=f"{authority} (host): {d.name}")

    def renamed(host: str, record: Any) -> Any:
        el = where(host, record.element_id)[0]
        return record if el == record.element_id else dataclasses.replace(record, element_id=el)

    host = host_of_case.get
    return dataclasses.replace(
        result, events=result.events.relabelled(host, event),
        deadlines=result.deadlines.relabelled(host, deadline),
        resources=result.resources.relabelled(host, renamed),
        triggers=[renamed(host_of_case[t.case_id], t) if t.case_id in host_of_case else t
                  for t in result.triggers])


def never_done(responsible: ProtocolModel, hosts: Sequence[str], *,
               latency: str | None = None,
               models: Mapping[str, ProtocolModel] | None = None) -> list[str]:
    """For each host, the responsible side's duties that are never done for a child placed
    there, because the combined model can never reach their task (a run has no record of them,
    and no row for their deadlines): one sentence per host, naming the duties, their deadlines
    and the waits no message from the host ends. Host models are taken from ``models`` when
    given there."""
    lines: list[str] = []
    memo: dict[object, Any] = {}
    for host in hosts:
        host_model = _host_model(host, models)
        comp = compose(responsible, host_model, latency=latency)
        report = verify_composition(comp, cache=memo)
        dead = set(report.properties.get("dead_activities", ())) | report.ids("dead_activity")
        tasks = [el for el in sorted(comp.model.elements.values(), key=lambda e: e.line)
                 if el.id in dead and el.id.startswith(RESPONSIBLE_PREFIX)
                 and el.task is not None]
        if not tasks:
            continue
        named = [f"'{el.label}'" + (" (" + "; ".join(d.name for d in el.deadlines) + ")"
                                     if el.deadlines else "") for el in tasks]
        waits = ", ".join(f"'{comp.model.label_of(u)}'" for u in comp.unlinked)
        lines.append(
            f"Placed in {host_model.authority}: {len(tasks)} of {responsible.authority}'s "
            f"duties are never done: {', '.join(named)}. {responsible.authority}'s {waits} "
            f"{'waits' if len(comp.unlinked) == 1 else 'wait'} for a message "
            f"{host_model.authority}'s protocol does not send (missingsim gaps --responsible "
            f"{responsible.name} --host {host_model.name}).")
    return lines
