"""``missingsim serve``: a local web app for policy leads who do not write YAML.

Pick a protocol, see its diagram (roles are its lanes) and its deadlines, read its rules with
citations (the rows of ``missingsim rules``), save a named variant (a deadline, a branch
probability or a team size changed) and compare it with the protocol's baseline scenario
(common random numbers, the code of ``missingsim compare``), with a progress bar; then read and
download the comparison report (compare.html, compare.csv, compare.xlsx).

Everything the app writes is inside the folder the user names (``--dir``):

- ``<model>.yaml``: a copy of the shipped baseline scenario (written once, never replaced);
- ``<variant>.yaml``: one file per variant (``base: <model>.yaml`` plus its changes), so
  ``missingsim compare DIR/lambeth.yaml DIR/<variant>.yaml`` runs the same comparison;
- ``results/<variant>/``: the comparison, written by
  :func:`simulation.results.publish.publish_directory` (which never replaces a folder missingsim did
  not write).

A variant is checked by :func:`simulation.run.scenario.load_scenario` (the CLI's input contract)
before it is kept; a refused one is shown as that one line and no file is left. The server binds
127.0.0.1 by default, needs no network and serves every asset inline. One comparison runs at a
time, in a background thread; the page polls its progress.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import html
import math
import re
import secrets
import shutil
import socket
import socketserver
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, Response, abort, jsonify, redirect, request, send_from_directory

from models import MODEL_NAMES, MissingsimError, ProtocolModel, load_model
from models.analyses.rules import rule_table
from simulation.results.deadline_labels import limit_words
from simulation.results.html_report import CSS, DIAGRAM_SCRIPT, diagram_box, diagram_svg
from simulation.results.publish import publish_directory, shown

__all__ = ["DEFAULT_DAYS", "DEFAULT_REPLICATIONS", "ComparisonRunner", "ServeError", "create_app",
           "serve"]

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"  # the shipped baselines
DEFAULT_DAYS = 60          # a short run by default: a policy lead wants an answer in a minute
DEFAULT_REPLICATIONS = 3
MAX_DAYS = 730
MAX_REPLICATIONS = 200
MAX_NAME = 80
_STEM = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
_DAY_CALENDARS = ("working_days", "school_days")
_RESULT_FILES = ("compare.html", "compare.csv", "compare.xlsx", "compare.md", "compare.png")
_PAGE_CSS = CSS + """
nav{margin-bottom:1em}nav a{margin-right:1em}
label{font-weight:600}input[type=text],input[type=number]{font-size:15px;padding:3px 6px}
input[type=number]{width:7em}button.primary{font-size:16px;padding:6px 16px;cursor:pointer}
.error{border:2px solid #b2182b;background:#fdecea;padding:.6em 1em}
.ok{border:2px solid #1a7f37;background:#eaf6ec;padding:.6em 1em}
progress{width:100%;height:1.6em}
"""


class ServeError(MissingsimError):
    """``--dir``, ``--host`` or ``--port`` cannot be used; one line naming the option."""

    def __init__(self, option: str, value: object, message: str) -> None:
        self.message = message
        super().__init__(f"{option} {shown(value)}: {message}")


def _check_address(host: str, port: int) -> None:
    """Refuse, before the server starts, an address that cannot be listened on (werkzeug
    would print several lines and exit 1)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ServeError("--host", host, "is not an address of this computer; expected e.g. "
                                         "127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError("--port", port, f"cannot listen on {host} ("
                             f"{exc.strerror or exc}: another program may use it); expected a "
                             "free port, e.g. --port 8766") from None


# --------------------------------------------------------------------------- what a model offers


@dataclass(frozen=True, slots=True)
class DeadlineChoice:
    """Deadlines of one duty and name (the same text in several elements is one choice)."""

    duty: str
    name: str
    limit: str
    calendar: str
    elements: tuple[str, ...]

    @property
    def unit(self) -> str:
        """The unit the page asks for: days on day calendars, hours otherwise."""
        return "days" if self.calendar in _DAY_CALENDARS else "hours"


@dataclass(frozen=True, slots=True)
class BranchChoice:
    """A sequence flow with a branch probability."""

    flow: str
    gateway: str
    label: str
    probability: float


@functools.lru_cache(maxsize=16)
def shipped_model(name: str) -> ProtocolModel:
    """A shipped model, read once per process (the pages show it often)."""
    return load_model(name)


def deadline_choices(model: ProtocolModel) -> list[DeadlineChoice]:
    """Every deadline with a limit, grouped by (duty, name, limit, calendar)."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for el in model.elements.values():
        for d in el.deadlines:
            if d.limit and d.duty:
                groups.setdefault((d.duty, d.name, d.limit, d.calendar), []).append(el.id)
    return [DeadlineChoice(duty, name, limit, cal, tuple(ids))
            for (duty, name, limit, cal), ids in groups.items()]


def branch_choices(model: ProtocolModel) -> list[BranchChoice]:
    """Every sequence flow with a branch probability, with its gateway's name."""
    out = []
    for f in model.flows.values():
        if f.kind == "sequence" and f.probability is not None:
            gateway = model.elements.get(f.source)
            target = model.elements.get(f.target)
            label = f.name or (target.name if target else f.target)
            out.append(BranchChoice(f.id, gateway.name if gateway else f.source, label,
                                    f.probability))
    return out


# --------------------------------------------------------------------------- the folder


class Workspace:
    """The user's folder: baselines, variants and results; every path checked to be inside."""

    def __init__(self, folder: str | Path) -> None:
        self.root = Path(folder).resolve()

    def inside(self, *parts: str) -> Path:
        """A path inside the folder, or a ValueError (no ``..``, no absolute parts)."""
        path = self.root.joinpath(*parts).resolve()
        if path != self.root and self.root not in path.parents:
            raise ValueError("outside the folder")
        return path

    def baseline(self, model: str) -> Path:
        """The folder's copy of the shipped baseline scenario of ``model`` (copied once)."""
        if model not in MODEL_NAMES:
            raise ValueError(f"unknown protocol {shown(model, 30)}")
        target = self.inside(f"{model}.yaml")
        if not target.exists():
            source = SCENARIOS / f"{model}.yaml"
            if not source.is_file():
                raise ValueError(f"no baseline scenario for {model} in {SCENARIOS}")
            self.root.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        return target

    def variants(self) -> list[Path]:
        """Scenario files in the folder that are not a baseline copy."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.glob("*.yaml")
                      if p.stem not in MODEL_NAMES and _STEM.fullmatch(p.stem))

    def results(self, stem: str) -> Path:
        """The results folder of a variant."""
        return self.inside("results", stem)


def _slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60]
    return text or "variant"


def _yaml_staffing(staffing: Mapping[str, Any]) -> dict[str, Any]:
    """A scenario's staffing (``RoleStaffing``) back as scenario YAML."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    out: dict[str, Any] = {}
    for role, s in staffing.items():
        if s.calendar == "roster":
            out[role] = {"roster": [
                {"days": [days[d] for d in sorted(sh.days)],
                 "start": f"{sh.start_minute // 60:02d}:{sh.start_minute % 60:02d}",
                 "end": f"{sh.end_minute // 60:02d}:{sh.end_minute % 60:02d}",
                 "count": sh.count} for sh in s.shifts]}
        else:
            out[role] = {"count": s.count, "calendar": s.calendar}
    return out


def _limit_text(value: float, unit: str) -> str:
    """A number of hours or days as an ISO 8601 duration."""
    if unit == "days":
        return f"P{int(value)}D"
    if value == int(value):
        return f"PT{int(value)}H"
    return f"PT{round(value * 60)}M"


# --------------------------------------------------------------------------- the background run


@dataclass
class Job:
    """One comparison: its progress, and where its results go."""

    title: str
    stem: str
    total: int
    done: int = 0
    stage: str = "Running replications"
    error: str | None = None
    finished: bool = False
    id: str = field(default_factory=lambda: secrets.token_hex(6))


class ComparisonRunner:
    """Runs one comparison at a time in a background thread; refuses a second while busy."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.job: Job | None = None

    @property
    def busy(self) -> bool:
        """A comparison is running."""
        return self.job is not None and not self.job.finished

    def start(self, baseline: Path, variant: Path, out: Path, days: int,
              replications: int) -> Job | None:
        """Start a comparison, or None when one is already running."""
        with self._lock:
            if self.busy:
                return None
            job = Job(f"{baseline.stem} against {variant.stem}", variant.stem,
                      total=2 * replications)
            self.job = job
        thread = threading.Thread(target=self._run, daemon=True, name="missingsim-compare",
                                  args=(job, baseline, variant, out, days, replications))
        thread.start()
        return job

    @staticmethod
    def _run(job: Job, baseline: Path, variant: Path, out: Path, days: int,
             replications: int) -> None:
        from simulation.results.compare import check_common_random_numbers, compare
        from simulation.results.compare_report import write_comparison
        from simulation.run.scenario import load_scenario

        def tick(n: int = 1) -> None:
            job.done += n

        try:
            job.stage = "Checking the scenarios"
            scenarios = [dataclasses.replace(load_scenario(p), horizon_days=float(days),
                                             replications=replications)
                         for p in (baseline, variant)]
            check_common_random_numbers(scenarios)
            job.stage = "Running replications"
            with publish_directory(out, force=True, command="compare") as tmp:
                arms, rows = compare(scenarios, progress=tick)
                job.stage = "Writing the report"
                write_comparison(scenarios, arms, rows, tmp)
            job.stage = "Done"
        except MissingsimError as exc:
            job.error = _one_line(str(exc))
        except Exception as exc:  # shown to the user as one line, never a traceback page
            job.error = _one_line(f"{type(exc).__name__}: {exc}")
        finally:
            job.finished = True


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else f"{flat[:limit - 1]}…"


# --------------------------------------------------------------------------- pages


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, script: str = "") -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{_e(title)} - missingsim</title><style>{_PAGE_CSS}</style></head><body>"
            '<nav aria-label="Main"><a href="/">All protocols and variants</a></nav>'
            f"<main><h1>{_e(title)}</h1>{body}</main>"
            f"<script>{DIAGRAM_SCRIPT}{script}</script></body></html>\n")


def _table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A table; cells are HTML already escaped by the caller."""
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _error(message: str) -> str:
    return f'<p class="error" role="alert"><strong>Not saved:</strong> {_e(message)}</p>'


def _number(form: Mapping[str, str], key: str, label: str, low: float, high: float,
            whole: bool = False) -> float | None:
    """A number from the form, None when blank; ValueError in plain words when unusable."""
    raw = (form.get(key) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{label}: {shown(raw, 20)} is not a number") from None
    if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"{label}: {shown(raw, 20)} is out of range; expected {kind} from "
                         f"{low:g} to {high:g}")
    return value


LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(folder: str | Path, host: str = "127.0.0.1") -> Flask:
    """The web app, working in ``folder`` (made when the first file is written); it answers
    requests addressed to this computer's loopback names or to ``host``."""
    app = Flask("missingsim.serve")
    allowed = {*LOCAL_NAMES, host}
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    work = Workspace(folder)
    runner = ComparisonRunner()
    app.extensions["missingsim_runner"] = runner

    @app.before_request
    def same_origin() -> Response | None:
        """Refuse a request addressed to another host name (a web page rebinding its own name
        to 127.0.0.1) and a form posted from another site: the app has no login."""
        name = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") \
            else request.host
        if name not in allowed and host not in ("0.0.0.0", "::"):  # noqa: S104 (user's choice)
            return Response("Refused: this app answers only to its own address", status=403)
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and origin != request.host_url.rstrip("/"):
                return Response("Refused: a form from another site", status=403)
        return None

    @app.errorhandler(OSError)
    def os_error(exc: OSError) -> tuple[str, int]:
        """A file the app cannot read or write (disk full, permissions): one line, no trace."""
        where = f": {shown(exc.filename)}" if exc.filename else ""
        return _page("Something could not be saved or read",
                     _error(f"{exc.strerror or type(exc).__name__}{where}")
                     .replace("Not saved:", "Problem:")), 500

    @app.get("/")
    def index() -> str:
        protocols = []
        for name in MODEL_NAMES:
            if (SCENARIOS / f"{name}.yaml").is_file():
                model = shipped_model(name)
                protocols.append(f'<li><a href="/protocol/{_e(name)}">{_e(model.authority)}</a>'
                                 f' <span class="note">({_e(model.document)})</span></li>')
        variants = [f'<li><a href="/variant/{_e(p.stem)}">{_e(p.stem)}</a></li>'
                    for p in work.variants()]
        body = ("<p>Choose a protocol to see its diagram, deadlines and rules, and to try a "
                "change as a named variant.</p><h2>Protocols</h2><ul>" + "".join(protocols)
                + "</ul><h2>Saved variants</h2>"
                + (f"<ul>{''.join(variants)}</ul>" if variants else "<p>None yet.</p>")
                + f'<p class="note">Folder: <code>{_e(work.root)}</code>. Variants are scenario '
                "files: <code>missingsim compare</code> runs them from the command line too.</p>")
        return _page("Protocols", body)

    def protocol_page(name: str, message: str = "", form: Mapping[str, str] | None = None
                      ) -> str:
        from simulation.run.scenario import load_scenario

        form = form or {}
        model = shipped_model(name)
        baseline = load_scenario(work.baseline(name))
        deadlines = deadline_choices(model)
        branches = branch_choices(model)
        roles = {lane.role: lane.name for lane in model.lanes.values()}
        fields = [f'<p><label for="variant_name">Name of the variant</label><br>'
                  f'<input type="text" id="variant_name" name="variant_name" required '
                  f'maxlength="{MAX_NAME}" size="50" value="{_e(form.get("variant_name", ""))}">'
                  "</p>"]
        rows = []
        for i, d in enumerate(deadlines):
            key = f"deadline_{i}"
            rows.append([
                f'<label for="{key}">{_e(d.name)}</label>', _e(d.duty),
                _e(limit_words(d.limit, d.calendar)), _e(", ".join(d.elements)),
                f'<input type="number" id="{key}" name="{key}" min="0" step="any" '
                f'data-duty="{_e(d.duty)}" value="{_e(form.get(key, ""))}"> {_e(d.unit)}'])
        fields.append("<h3>Deadlines</h3>" + _table(
            ["Deadline", "Duty", "Limit now", "Elements", "New limit"], rows,
            "Leave a box empty to keep the protocol's limit."))
        rows = []
        for i, b in enumerate(branches):
            key = f"branch_{i}"
            rows.append([
                f'<label for="{key}">{_e(b.label)}</label>', _e(b.gateway), f"{b.probability:g}",
                _e(b.flow), f'<input type="number" id="{key}" name="{key}" min="0" max="1" '
                f'step="any" value="{_e(form.get(key, ""))}">'])
        fields.append("<h3>Branch probabilities</h3>" + (_table(
            ["Branch", "Decision", "Probability now", "Flow", "New probability"], rows,
            "A decision without a default branch needs its branches to add up to 1.")
            if rows else "<p>This protocol has no branch probabilities.</p>"))
        rows = []
        for role, staff in sorted(baseline.staffing.items()):
            key = f"team_{role}"
            if staff.calendar == "roster":
                box = "on a roster (change it in the scenario file)"
            else:
                box = (f'<input type="number" id="{key}" name="{key}" min="0" step="1" '
                       f'value="{_e(form.get(key, ""))}">')
            rows.append([f'<label for="{key}">{_e(roles.get(role, role))}</label>', _e(role),
                         str(staff.count), _e(staff.calendar.replace("_", " ")), box])
        fields.append("<h3>Team sizes</h3>" + _table(
            ["Team", "Role", "Staff now", "Hours", "New staff count"], rows,
            "Staff on duty when their hours are open. Roles not listed are unconstrained."))
        rules = [[_e(r.kind), _e(r.duty), _e(r.trigger), _e(r.deadline), _e(r.owner),
                  _e(r.conditions), f"§{_e(r.section)}", f"<q>{_e(r.quote)}</q>"]
                 for r in rule_table(model)]
        lanes = [[_e(lane.name), _e(lane.role), str(len(lane.nodes))]
                 for lane in model.lanes.values()]
        body = (
            (_error(message) if message else "")
            + f"<p>{_e(model.document)}. Baseline scenario: <code>{_e(baseline.name)}</code> "
            f"(<code>{_e(work.baseline(name))}</code>).</p>"
            + "<h2>Diagram</h2><p class=\"note\">Drag to move, wheel or buttons to zoom.</p>"
            + diagram_box(diagram_svg(model, {}))
            + "<h2>Roles</h2>" + _table(["Lane", "Role", "Steps"], lanes)
            + '<h2>Make a variant</h2><form method="post" action="/protocol/'
            + _e(name) + '/variant">' + "".join(fields)
            + '<p><button class="primary" type="submit">Save variant</button></p></form>'
            + "<h2>Rules, with citations</h2>"
            + _table(["Kind", "Duty", "Trigger", "Deadline", "Owner", "Conditions", "Section",
                      "Quote"], rules, f"Rules of {model.authority} (missingsim rules {name})"))
        return _page(model.authority, body)

    @app.get("/protocol/<name>")
    def protocol(name: str) -> str:
        if name not in MODEL_NAMES:
            abort(404)
        return protocol_page(name)

    @app.post("/protocol/<name>/variant")
    def save_variant(name: str) -> Any:
        from simulation.run.scenario import load_scenario

        if name not in MODEL_NAMES:
            abort(404)
        form = {k: v for k, v in request.form.items() if isinstance(v, str)}
        try:
            path = _write_variant(work, name, form)
        except (ValueError, MissingsimError) as exc:
            return protocol_page(name, _one_line(str(exc)), form), 400
        try:
            load_scenario(path)  # the CLI's contract: refused, the file is not kept
        except MissingsimError as exc:
            path.unlink(missing_ok=True)
            return protocol_page(name, _one_line(str(exc)), form), 400
        return redirect(f"/variant/{path.stem}", code=303)

    def variant_path(stem: str) -> Path:
        if not _STEM.fullmatch(stem) or stem in MODEL_NAMES:
            abort(404)
        path = work.inside(f"{stem}.yaml")
        if not path.is_file():
            abort(404)
        return path

    @app.get("/variant/<stem>")
    def variant(stem: str) -> Any:
        path = variant_path(stem)
        text = path.read_text(encoding="utf-8")
        try:
            changes = _changes(work, path)
        except (ValueError, MissingsimError) as exc:
            return _page(f"Variant {stem}", _error(_one_line(str(exc)))
                         .replace("Not saved:", "This file cannot be run:")
                         + f"<pre>{_e(text)}</pre>"), 400
        results = work.results(stem)
        done = (f'<p><a href="/results/{_e(stem)}/">Results of the last comparison</a></p>'
                if (results / "compare.csv").is_file() else "")
        body = ("<h2>Changes from the baseline</h2><ul>"
                + "".join(f"<li>{_e(c)}</li>" for c in changes) + "</ul>"
                f"<p>Scenario file <code>{_e(path)}</code>:</p><pre>{_e(text)}</pre>{done}"
                f'<h2>Compare with the baseline</h2><form method="post" action="/variant/'
                f'{_e(stem)}/run"><p><label for="days">Days simulated</label><br>'
                f'<input type="number" id="days" name="days" min="30" max="{MAX_DAYS}" '
                f'step="1" value="{DEFAULT_DAYS}"></p><p><label for="replications">'
                "Replications (repeat runs with different random children)</label><br>"
                f'<input type="number" id="replications" name="replications" min="1" '
                f'max="{MAX_REPLICATIONS}" step="1" value="{DEFAULT_REPLICATIONS}"></p>'
                '<p class="note">A short run answers in under a minute; make it longer for '
                "narrower intervals.</p>"
                '<p><button class="primary" type="submit">Run comparison</button></p></form>')
        return _page(f"Variant {stem}", body)

    @app.post("/variant/<stem>/run")
    def run(stem: str) -> Any:
        from simulation.run.scenario import load_scenario

        path = variant_path(stem)
        try:
            days = _number(request.form, "days", "Days simulated", 30, MAX_DAYS, whole=True)
            reps = _number(request.form, "replications", "Replications", 1, MAX_REPLICATIONS,
                           whole=True)
            scenario = load_scenario(path)
            model = scenario.models[0]
            baseline = work.baseline(model)
            if (days or DEFAULT_DAYS) <= scenario.warmup_days:
                raise ValueError(f"Days simulated: must be more than the warm-up of "
                                 f"{scenario.warmup_days:g} days")
        except (ValueError, MissingsimError) as exc:
            return _page(f"Variant {stem}", _error(_one_line(str(exc)))), 400
        job = runner.start(baseline, path, work.results(stem), int(days or DEFAULT_DAYS),
                           int(reps or DEFAULT_REPLICATIONS))
        if job is None:
            busy = runner.job.title if runner.job else "another comparison"
            return _page("Please wait", f'<p role="alert">A comparison is already running '
                         f'({_e(busy)}). Please wait for it to finish, then try again.</p>'
                         '<p><a href="/progress">See its progress</a></p>'), 409
        return redirect("/progress", code=303)

    @app.get("/progress")
    def progress() -> str:
        job = runner.job
        if job is None:
            return _page("Progress", "<p>No comparison has been started.</p>")
        body = (f"<p>{_e(job.title)}</p>"
                f'<label for="bar" id="stage">{_e(job.stage)}</label>'
                f'<progress id="bar" max="{job.total}" value="{job.done}">{job.done} of '
                f"{job.total}</progress>"
                '<p id="count" aria-live="polite"></p><div id="problem"></div>'
                '<noscript><meta http-equiv="refresh" content="2"></noscript>')
        script = f"""
(function(){{
  function poll(){{
    fetch('/status').then(function(r){{return r.json();}}).then(function(s){{
      var bar=document.getElementById('bar'); bar.max=s.total; bar.value=s.done;
      document.getElementById('stage').textContent=s.stage;
      document.getElementById('count').textContent=s.done+' of '+s.total+' replications';
      if(s.error){{var p=document.getElementById('problem'); p.className='error';
        p.setAttribute('role','alert'); p.textContent='The comparison failed: '+s.error; return;}}
      if(s.finished){{window.location='/results/'+s.stem+'/'; return;}}
      setTimeout(poll,400);
    }});
  }}
  poll();
}})();  // job {job.id}
"""
        return _page("Comparison running", body, script)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """No icon (the pages say so; compare.html, a file of its own, does not)."""
        return Response(status=204)

    @app.get("/status")
    def status() -> Response:
        job = runner.job
        if job is None:
            return jsonify({"running": False})
        return jsonify({"id": job.id, "title": job.title, "stem": job.stem, "done": job.done,
                        "total": job.total, "stage": job.stage, "finished": job.finished,
                        "error": job.error, "running": runner.busy})

    @app.get("/results/<stem>/")
    def results(stem: str) -> str:
        if not _STEM.fullmatch(stem):
            abort(404)
        folder = work.results(stem)
        table = folder / "compare.csv"
        if not table.is_file():
            abort(404)
        with table.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh)
                    if r["kpi"] == "compliance" and r["split"] == "all" and r["pairs"] != "0"]
        shown_rows = []
        for r in rows:
            limit = (r["baseline_limit"] if r["baseline_limit"] == r["variant_limit"]
                     else f"{r['baseline_limit']} → {r['variant_limit']}")
            low, high = _float(r["difference_ci_low"]), _float(r["difference_ci_high"])
            interval = ("no interval" if math.isnan(low)
                        else f"{100 * low:+.1f} to {100 * high:+.1f}")
            step = f'{_e(r["label"])} <span class="note">({_e(r["item"])})</span>'
            shown_rows.append([step, _e(r["deadline"]), _e(limit),
                               _pct(r["baseline_mean"]), _pct(r["variant_mean"]),
                               f"<strong>{_pp(r['difference_mean'])}</strong>",
                               _e(interval), _e(r["verdict"])])
        first = rows[0] if rows else {"baseline": "", "variant": ""}
        links = "".join(f'<li><a href="/results/{_e(stem)}/{f}" download>{f}</a></li>'
                        for f in _RESULT_FILES if (folder / f).is_file())
        body = (f"<p>Baseline: <strong>{_e(first['baseline'])}</strong>. Variant: <strong>"
                f"{_e(first['variant'])}</strong>. Paired replications (common random "
                "numbers): each difference is variant minus baseline, in percentage points "
                "(pp) of cases whose deadline was met.</p>"
                + _table(["Step", "Deadline (the protocol's words)", "Limit in force",
                          "Baseline met", "Variant met", "Difference", "95% interval",
                          "Verdict"], shown_rows,
                         "Deadlines met, variant against baseline")
                + f'<p><a href="/results/{_e(stem)}/compare.html">Open the full comparison '
                "report</a> (both arms' settings, diagrams coloured by the change)</p>"
                + f"<h2>Download</h2><ul>{links}</ul>"
                + f'<p><a href="/variant/{_e(stem)}">Back to the variant</a></p>')
        return _page("Comparison result", body)

    @app.get("/results/<stem>/<filename>")
    def result_file(stem: str, filename: str) -> Response:
        if not _STEM.fullmatch(stem) or filename not in _RESULT_FILES:
            abort(404)
        return send_from_directory(work.results(stem), filename)

    return app


def _changes(work: Workspace, path: Path) -> list[str]:
    """What a variant changes from its protocol's baseline, in words (checked by the contract).
    """
    from simulation.run.scenario import load_scenario

    scenario = load_scenario(path)
    base = load_scenario(work.baseline(scenario.models[0]))
    choices = deadline_choices(shipped_model(scenario.models[0]))
    out = []
    for o in scenario.overrides:
        where = o.deadline or o.element or o.duty
        if o.field == "limit":
            calendar = next((d.calendar for d in choices if d.name == o.deadline
                             or o.element in d.elements), "clock")
            out.append(f"'{where}': limit {limit_words(str(o.value), calendar)}")
        elif o.field == "probability":
            out.append(f"branch {where}: probability {o.value:g}")
        else:
            out.append(f"{where}: {o.field.replace('_', ' ')} {o.value}")
    for role, staff in scenario.staffing.items():
        before = base.staffing.get(role)
        if before != staff:
            was = "unconstrained" if before is None else f"{before.count}"
            out.append(f"team {role}: {was} -> {staff.count} staff")
    for role in base.staffing.keys() - scenario.staffing.keys():
        out.append(f"team {role}: {base.staffing[role].count} staff -> unconstrained")
    return out or ["none (the same settings as the baseline)"]


def _float(text: str) -> float:
    """A CSV number; NaN for an empty cell (no interval with one replication)."""
    return float(text) if text.strip() else math.nan


def _pp(value: str) -> str:
    number = _float(value)
    return "n/a" if math.isnan(number) else f"{100 * number:+.1f} pp"


def _pct(value: str) -> str:
    number = _float(value)
    return "n/a" if math.isnan(number) else f"{100 * number:.1f}%"


def _write_variant(work: Workspace, model_name: str, form: Mapping[str, str]) -> Path:
    """Write the variant the form describes as ``<slug>.yaml``; ValueError in plain words."""
    from simulation.run.scenario import load_scenario

    name = " ".join((form.get("variant_name") or "").split())
    if not name:
        raise ValueError("Name of the variant: is empty; expected a few words, e.g. "
                         "'Return interview within 48 hours'")
    if len(name) > MAX_NAME:
        raise ValueError(f"Name of the variant: longer than {MAX_NAME} characters")
    model = shipped_model(model_name)
    base_path = work.baseline(model_name)
    base = load_scenario(base_path)
    overrides: list[dict[str, Any]] = []
    for i, d in enumerate(deadline_choices(model)):
        value = _number(form, f"deadline_{i}", f"New limit of '{d.name}'", 0, 24 * 366,
                        whole=d.unit == "days")
        if value is not None:
            overrides.append({"duty": d.duty, "deadline": d.name, "field": "limit",
                              "value": _limit_text(value, d.unit)})
    for i, b in enumerate(branch_choices(model)):
        value = _number(form, f"branch_{i}", f"New probability of '{b.label}'", 0, 1)
        if value is not None:
            overrides.append({"element": b.flow, "field": "probability", "value": value})
    staffing = dict(base.staffing)
    changed_staff = False
    for role, staff in base.staffing.items():
        if staff.calendar == "roster":
            continue
        count = _number(form, f"team_{role}", f"New staff count of {role}", 0, 100_000,
                        whole=True)
        if count is not None and int(count) != staff.count:
            staffing[role] = dataclasses.replace(staff, count=int(count))
            changed_staff = True
    if not overrides and not changed_staff:
        raise ValueError("Nothing changed: fill in at least one new limit, probability or "
                         "staff count")
    data: dict[str, Any] = {"base": base_path.name, "name": name}
    if overrides:
        data["overrides"] = overrides
    if changed_staff:
        data["staffing"] = _yaml_staffing(staffing)
    stem = _slug(f"{model_name}_{name}")
    path = work.inside(f"{stem}.yaml")
    if path.exists():
        raise ValueError(f"Name of the variant: a variant file {path.name} exists already; "
                         "expected another name")
    text = ("# A variant written by missingsim serve; run it from the command line with\n"
            f"#   missingsim compare {base_path.name} {path.name}\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    with path.open("x", encoding="utf-8") as fh:  # never replaces a file
        fh.write(text)
    return path


def serve(folder: str | Path, *, host: str = "127.0.0.1", port: int = 8765) -> int:
    """Run the app until interrupted; returns the exit status."""
    from werkzeug.serving import make_server

    if Path(folder).exists() and not Path(folder).is_dir():
        raise ServeError("--dir", folder, "is a file; expected a folder for variants and "
                                          "results (made if missing)")
    _check_address(host, port)
    app = create_app(folder, host)
    server = make_server(host, port, app, threaded=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"missingsim: warning: serving on {host}, not only this computer; the app has no "
              "login", file=sys.stderr)
    print(f"missingsim serve: open http://{host}:{server.server_port}/ (folder "
          f"{Path(folder).resolve()}); Ctrl-C stops", flush=True)
    try:
        # socketserver's loop, not werkzeug's, which swallows the KeyboardInterrupt that
        # simulation.run.interrupts raises: the CLI then says how it stopped (exit 130 or 143).
        socketserver.BaseServer.serve_forever(server)
    finally:
        server.server_close()
        runner = app.extensions["missingsim_runner"]
        if runner.busy and runner.job is not None:  # stopped mid-run: keep no partial results
            results = Workspace(folder).results(runner.job.stem)
            for partial in results.parent.glob(f".{results.name}.*"):
                shutil.rmtree(partial, ignore_errors=True)
    return 0
