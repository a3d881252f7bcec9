"""What one protocol model says about a looked-after child placed out of area, as data.

The layer under both the combined model (`models.analyses.composition`) and the gap analysis
(`models.analyses.gaps`): which elements apply to such a child, which duty a task discharges, who
owns a task when the child of one authority is placed in another, what a notice carries and to whom,
and the document's provisions on the topics the gap analysis compares. Nothing here reads labels
or notes: a notice's subject and receiver are the model's ``ms:notice`` data, a provision is an
``ms:provision`` of the collaboration, eligibility is the guards' conditions.

Rules, explicitly:

- *Applicability*: an element applies to the child when its guard
  (`models.analyses.rules.path_guards`: the conditions on every path to it) is satisfiable with
  ``looked_after`` and ``out_of_area`` true, and it is reachable from a start event by flows each
  satisfiable for that child (a default flow taken as the negation of its siblings' conditions).
- *Effective duty*: a task's catalogue duty, except that a task whose notice (``ms:notice`` on
  the task or on its outgoing message flows) goes ``to="placing_authority"`` counts as
  ``notify_placing_authority`` and one going ``to="host_authority"`` as
  ``notify_host_authority``.
- *Ownership*: the responsible authority A owns its applicable tasks with side ``responsible``
  or ``both``, and those with no side done by a local-authority, return-interview or IRO role.
  The host B owns its applicable tasks with side ``host`` or ``both``, and those with no side
  done by a police or front-door role. Carer and home-manager tasks are the placement's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from models.analyses.rules import path_guards
from models.data.catalogue import catalogue
from models.data.conditions import ConditionError, condition_domains, parse_condition, satisfiable
from models.data.model import Citation, Element, Notice, ProtocolModel, Provision

__all__ = [
    "FRONT_DOOR_ROLES",
    "PLACEMENT_ROLES",
    "POLICE_ROLES",
    "RESPONSIBLE_ROLES",
    "Cite",
    "ModelFacts",
    "applicable",
    "compatible",
    "effective_duty",
    "model_facts",
    "notices_of",
    "placed_child_domains",
    "police_entry",
    "police_processes",
    "tells_return",
]

POLICE_ROLES = frozenset({"police_control_room", "police_supervisor", "police_officer",
                          "police_missing_coordinator"})
FRONT_DOOR_ROLES = frozenset({"front_door", "emergency_duty_team"})
RESPONSIBLE_ROLES = frozenset({"front_door", "emergency_duty_team", "social_worker",
                               "team_manager", "missing_coordinator", "iro", "senior_manager",
                               "return_interview_provider", "early_help_practitioner"})
PLACEMENT_ROLES = frozenset({"carer", "home_manager"})


# ------------------------------------------------------------------------------ citations
@dataclass(frozen=True, slots=True)
class Cite:
    """One document's word on a finding: the element and its citation, or its silence."""

    authority: str
    document: str
    section: str
    quote: str
    element: str = ""
    element_label: str = ""
    silent: bool = False
    note: str = ""

    def short(self) -> str:
        where = f"{self.document} §{self.section}" if self.section else self.document
        head = "SILENT; nearest: " if self.silent and self.section else (
            "SILENT" if self.silent else "")
        what = f" ({self.element_label})" if self.element_label else ""
        quote = f' "{self.quote}"' if self.quote else ""
        note = f" [{self.note}]" if self.note else ""
        sep = " " if head and not head.endswith(" ") else ""
        return f"{self.authority}: {head}{sep}{where}{what}{quote}{note}"


# ----------------------------------------------------------------------- conditions, guards
def placed_child_domains() -> dict[str, object]:
    """The catalogue's attribute domains with ``looked_after`` and ``out_of_area`` fixed true."""
    domains: dict[str, object] = dict(catalogue().domains())
    domains["looked_after"] = [True]
    domains["out_of_area"] = [True]
    return domains


def _holds(text: str, domains: Mapping[str, object]) -> bool:
    try:
        tree = parse_condition(text)
    except ConditionError:
        return True
    local = condition_domains(tree, domains)
    if local is None:  # an unknown attribute (a finding of verify): not taken to rule a child out
        return True
    try:
        return satisfiable(tree, local)
    except ConditionError:
        return True


def compatible(*guards: list[str], domains: Mapping[str, object] | None = None) -> bool:
    """Whether one child (default: looked after, placed out of area) passes all the guards."""
    texts = [g for guard in guards for g in guard]
    if not texts:
        return True
    return _holds(" and ".join(f"({t})" for t in texts),
                  placed_child_domains() if domains is None else domains)


def _open_flows(model: ProtocolModel, domains: Mapping[str, object]) -> set[str]:
    """Sequence flows the child can take: a conditional flow whose condition is satisfiable, a
    default flow whose siblings' conditions are not all certain."""
    out: set[str] = set()
    for el in model.elements.values():
        flows = [model.flows[f] for f in el.outgoing if f in model.flows]
        conds = [f.condition for f in flows if f.condition]
        for f in flows:
            if f.condition:
                ok = _holds(f.condition, domains)
            elif f.id == el.default_flow and conds:
                ok = _holds(" and ".join(f"not ({c})" for c in conds), domains)
            else:
                ok = True
            if ok:
                out.add(f.id)
    return out


def applicable(model: ProtocolModel, domains: Mapping[str, object] | None = None
               ) -> dict[str, bool]:
    """Whether each element applies to a child of ``domains`` (default: a looked-after child
    placed out of area): its guard is satisfiable and a start reaches it by open flows."""
    doms = placed_child_domains() if domains is None else domains
    open_flows = _open_flows(model, doms)
    succ: dict[str, list[str]] = {e: [] for e in model.elements}
    for f in model.sequence_flows():
        if f.id in open_flows and f.source in succ:
            succ[f.source].append(f.target)
    for el in model.elements.values():
        if el.kind == "boundaryEvent" and el.attached_to in succ:
            succ[el.attached_to].append(el.id)
    seen = {e.id for e in model.elements.values() if e.kind == "startEvent"}
    stack = list(seen)
    while stack:
        cur = stack.pop()
        for n in succ.get(cur, []):
            if n not in seen:
                seen.add(n)
                stack.append(n)
    out: dict[str, bool] = {}
    for el_id, conds in path_guards(model).items():
        if el_id not in seen:
            out[el_id] = False
        elif not conds:
            out[el_id] = True
        else:
            out[el_id] = _holds(" and ".join(f"({c})" for c in conds), doms)
    return out


# -------------------------------------------------------------------------------- notices
def notices_of(model: ProtocolModel, el: Element) -> tuple[Notice, ...]:
    """The element's notices: its own ``ms:notice`` and those on its outgoing message flows."""
    flows = tuple(n for f in model.message_flows() if f.source == el.id for n in f.notices)
    return (*el.notices, *flows)


def effective_duty(el: Element, model: ProtocolModel | None = None) -> str:
    """The task's duty; a notice to the placing or host authority makes it that notice."""
    if el.task is None:
        return ""
    notices = notices_of(model, el) if model is not None else el.notices
    targets = {n.to for n in notices}
    if "placing_authority" in targets:
        return "notify_placing_authority"
    if "host_authority" in targets:
        return "notify_host_authority"
    return el.task.duty


def tells_return(model: ProtocolModel, el: Element) -> bool:
    """Whether the element's notice is of the child's return (``about="return"``)."""
    return any(n.about == "return" for n in notices_of(model, el))


def police_processes(model: ProtocolModel) -> set[str]:
    """Processes with a police lane."""
    return {lane.process for lane in model.lanes.values() if lane.role in POLICE_ROLES}


def police_entry(model: ProtocolModel) -> str | None:
    """The first message start outside the police whose message comes from the police: where
    the authority's social care hears of an episode from its own police."""
    police = police_processes(model)
    for el in sorted(model.elements.values(), key=lambda e: e.line):
        if el.kind == "startEvent" and el.event == "message" and el.process not in police:
            if any(model.elements.get(fl.source) is not None and
                   model.elements[fl.source].process in police
                   for fl in model.message_flows() if fl.target == el.id):
                return el.id
    return None


# ---------------------------------------------------------------------------- model facts
@dataclass
class ModelFacts:
    """One model, indexed for a placed child (built once per model)."""

    name: str
    model: ProtocolModel
    applies: dict[str, bool]
    tasks: list[Element]

    @property
    def authority(self) -> str:
        return self.model.authority

    def duty_of(self, el: Element) -> str:
        return effective_duty(el, self.model)

    def owned_responsible(self) -> list[Element]:
        """Tasks the model gives its own social care for its child placed elsewhere."""
        return self._owned("responsible", RESPONSIBLE_ROLES)

    def owned_host(self) -> list[Element]:
        """Tasks the model gives its own agencies for another authority's child placed here."""
        return self._owned("host", POLICE_ROLES | FRONT_DOOR_ROLES)

    def _owned(self, side: str, unmarked_roles: Collection[str]) -> list[Element]:
        """Tasks marked for ``side`` (or both sides), and unmarked tasks of ``unmarked_roles``;
        never the placement's carers, whose tasks go with the child."""
        out = []
        for el in self.tasks:
            assert el.task is not None
            if el.task.role in PLACEMENT_ROLES:
                continue
            if el.task.side in (side, "both") or (el.task.side is None
                                                   and el.task.role in unmarked_roles):
                out.append(el)
        return out

    def placement_tasks(self) -> list[Element]:
        return [el for el in self.tasks if el.task is not None
                and el.task.role in PLACEMENT_ROLES]

    def provisions(self, topic: str) -> list[Provision]:
        return [p for p in self.model.provisions if p.topic == topic]

    def cite(self, el_id: str, *, silent: bool = False, note: str = "",
             citation: Citation | None = None) -> Cite:
        c: Citation | None = citation or self.model.citation_of(el_id)
        return Cite(self.authority, c.document if c else self.model.document,
                    c.section if c else "", c.quote if c else "", el_id,
                    self.model.label_of(el_id), silent, note)

    def cite_provision(self, p: Provision, note: str = "") -> Cite:
        return Cite(self.authority, p.citation.document, p.citation.section, p.citation.quote,
                    f"provision:{p.topic}", "", False, note)

    def silent(self, note: str) -> Cite:
        """The document says nothing on the point."""
        return Cite(self.authority, self.model.document, "", "", silent=True, note=note)


def model_facts(name: str, model: ProtocolModel) -> ModelFacts:
    """Index ``model`` for a looked-after child placed out of area."""
    applies = applicable(model)
    tasks = [e for e in sorted(model.elements.values(), key=lambda e: e.line)
             if e.task is not None and applies.get(e.id, True)]
    return ModelFacts(name, model, applies, tasks)
