"""``missingsim serve``: the local web app (simulation/commands/serve.py).

The Flask test client checks the pages, the variant files and the refusals; a subprocess checks
that ``missingsim serve --port P`` answers on 127.0.0.1:P; and headless Debian Chromium, driven
by selenium through Debian's chromedriver, runs the policy lead's path end to end: Lambeth, the
return interview set to 48 hours, a short comparison, the difference on the result page.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulation.commands.serve import Job, create_app
from simulation.run.scenario import load_scenario

flask = pytest.importorskip("flask")


@pytest.fixture
def client(tmp_path: Path) -> Any:
    app = create_app(tmp_path / "work")
    app.testing = True
    return app.test_client()


def _rhi_fields(page: str) -> list[str]:
    """Names of the deadline boxes of the return interview duty."""
    return re.findall(r'name="(deadline_\d+)" min="0" step="any" data-duty="return_interview"',
                      page)


def test_protocol_page_shows_diagram_roles_deadlines_and_rules(client: Any) -> None:
    index = client.get("/").get_data(as_text=True)
    assert 'href="/protocol/lambeth"' in index
    page = client.get("/protocol/lambeth").get_data(as_text=True)
    assert '<svg class="diagram"' in page and "Return home interview within 72 hours" in page
    assert "72 hours" in page and "return_interview_provider" in page  # deadline, team
    assert "<q>" in page and "§" in page  # rules with their citations
    assert len(_rhi_fields(page)) == 1  # la_h_rhi and rhi_interview: one name, one box
    assert "https://" not in page.replace("http://www.w3.org", "")  # nothing fetched


def test_saved_variant_is_a_scenario_the_cli_loads(client: Any, tmp_path: Path) -> None:
    page = client.get("/protocol/lambeth").get_data(as_text=True)
    form = {"variant_name": "Return interview within 48 hours", _rhi_fields(page)[0]: "48",
            "team_social_worker": "30"}
    answer = client.post("/protocol/lambeth/variant", data=form)
    assert answer.status_code == 303
    work = tmp_path / "work"
    saved = work / "lambeth_return_interview_within_48_hours.yaml"
    assert answer.headers["Location"].endswith(f"/variant/{saved.stem}")
    assert sorted(p.name for p in work.iterdir()) == ["lambeth.yaml", saved.name]
    scenario = load_scenario(saved)
    assert scenario.name == "Return interview within 48 hours"
    assert [(o.duty, o.field, str(o.value)) for o in scenario.overrides] == [
        ("return_interview", "limit", "PT48H")]
    assert scenario.staffing["social_worker"].count == 30
    base = load_scenario(work / "lambeth.yaml")
    assert scenario.staffing["return_interview_provider"] == \
        base.staffing["return_interview_provider"]  # the roster is written back unchanged
    # The same name again is refused: a file is never replaced.
    again = client.post("/protocol/lambeth/variant", data=form)
    assert again.status_code == 400 and "exists already" in again.get_data(as_text=True)


@pytest.mark.parametrize(("protocol", "field", "value", "words"), [
    ("lambeth", "deadline", "soon", "is not a number"),
    ("lambeth", "team_social_worker", "-1", "out of range"),
    ("lambeth", "branch_0", "1.5", "out of range"),
    # 0.95 + 0.1 on one decision: refused by the scenario contract itself (load_scenario)
    ("childrens_home", "branch_1", "0.95", "would add up to 1.05 (more than 1)"),
])
def test_bad_input_is_one_line_and_nothing_is_kept(client: Any, tmp_path: Path, protocol: str,
                                                    field: str, value: str, words: str) -> None:
    page = client.get(f"/protocol/{protocol}").get_data(as_text=True)
    key = _rhi_fields(page)[0] if field == "deadline" else field
    answer = client.post(f"/protocol/{protocol}/variant",
                         data={"variant_name": "bad", key: value})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    alert = re.search(r'<p class="error" role="alert">(.*?)</p>', text)
    assert alert and words in alert.group(1) and "\n" not in alert.group(1)
    assert [p.name for p in (tmp_path / "work").iterdir()] == [f"{protocol}.yaml"]


def test_refusals(client: Any, tmp_path: Path) -> None:
    assert client.get("/protocol/nowhere").status_code == 404
    assert client.get("/variant/..%2F..%2Fetc").status_code == 404
    assert client.get("/results/x/..%2F..%2Fpyproject.toml").status_code == 404
    foreign = client.post("/protocol/lambeth/variant", data={"variant_name": "x"},
                          headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    rebound = client.get("/", headers={"Host": "evil.example:8765"})
    assert rebound.status_code == 403
    # A second comparison while one runs is refused politely.
    page = client.get("/protocol/lambeth").get_data(as_text=True)
    client.post("/protocol/lambeth/variant",
                data={"variant_name": "v", _rhi_fields(page)[0]: "48"})
    runner = client.application.extensions["missingsim_runner"]
    runner.job = Job("lambeth against other", "other", total=6)
    busy = client.post("/variant/lambeth_v/run", data={"days": "60", "replications": "3"})
    assert busy.status_code == 409 and "already running" in busy.get_data(as_text=True)
    runner.job.finished = True
    too_short = client.post("/variant/lambeth_v/run", data={"days": "20"})
    assert too_short.status_code == 400 and "out of range" in too_short.get_data(as_text=True)


def test_a_run_does_not_block_the_server(client: Any, tmp_path: Path) -> None:
    """A real (tiny) comparison in the background: the server answers at once while it runs,
    refuses a second one, and shows the result when it is done."""
    page = client.get("/protocol/lambeth").get_data(as_text=True)
    client.post("/protocol/lambeth/variant",
                data={"variant_name": "v", _rhi_fields(page)[0]: "48"})
    variant = client.get("/variant/lambeth_v").get_data(as_text=True)
    assert "limit 48 hours" in variant
    started = client.post("/variant/lambeth_v/run", data={"days": "30", "replications": "1"})
    assert started.status_code == 303 and started.headers["Location"].endswith("/progress")
    status = client.get("/status").get_json()  # answered while the comparison runs
    assert status["running"] and status["total"] == 2
    assert client.post("/variant/lambeth_v/run", data={}).status_code == 409
    deadline = time.monotonic() + 120
    while not status["finished"] and time.monotonic() < deadline:
        time.sleep(0.3)
        status = client.get("/status").get_json()
    assert status["finished"] and status["error"] is None and status["done"] == 2
    result = client.get("/results/lambeth_v/").get_data(as_text=True)
    assert "72 hours → 48 hours" in result
    assert sorted(p.name for p in (tmp_path / "work" / "results" / "lambeth_v").iterdir()) == [
        "compare.csv", "compare.html", "compare.md", "compare.png", "compare.xlsx",
        "missingsim-results.json"]
    assert client.get("/results/lambeth_v/compare.xlsx").status_code == 200
    assert [p.name for p in tmp_path.iterdir()] == ["work"]  # nothing written elsewhere


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``missingsim serve`` in a subprocess; yields its address."""
    port = _free_port()
    command = [sys.executable, "-c",
               "from simulation.commands.cli import main; raise SystemExit(main())",
               "serve", "--port", str(port), "--dir", str(tmp_path / "work")]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    assert answer.status == 200
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer in 15 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_answers_on_loopback(server: str) -> None:
    with urllib.request.urlopen(server, timeout=5) as answer:  # noqa: S310 (a local http URL)
        page = answer.read().decode()
    assert server.startswith("http://127.0.0.1:") and "Lambeth" in page


def _serve_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from simulation.commands.cli import main; "
                           "raise SystemExit(main())", "serve", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def test_stopped_mid_run_keeps_no_partial_results(tmp_path: Path) -> None:
    """SIGTERM while a comparison runs: one line, exit status 143, no partial results folder."""
    import json
    import signal
    import urllib.parse

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c",
                             "from simulation.commands.cli import main; raise "
                             "SystemExit(main())", "serve", "--port", str(port), "--dir",
                             str(tmp_path / "work")], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"

    def post(path: str, form: dict[str, str]) -> None:
        data = urllib.parse.urlencode(form).encode()
        with urllib.request.urlopen(url + path, data=data, timeout=30):  # noqa: S310 (local)
            pass

    try:
        for _ in range(150):
            try:
                post("/protocol/lambeth/variant",
                     {"variant_name": "v", "team_social_worker": "20"})
                break
            except urllib.error.URLError:  # not listening yet
                time.sleep(0.1)
        post("/variant/lambeth_v/run", {"days": "365", "replications": "50"})
        for _ in range(300):
            with urllib.request.urlopen(url + "/status", timeout=10) as answer:  # noqa: S310
                if json.load(answer)["done"] >= 1:
                    break
            time.sleep(0.1)
        results = tmp_path / "work" / "results"
        assert [p.name.startswith(".lambeth_v.") for p in results.iterdir()] == [True]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143 and "interrupted by SIGTERM" in err, err
    assert list(results.iterdir()) == []


def test_bad_port_dir_or_busy_port_is_one_line(tmp_path: Path) -> None:
    run = _serve_command("--port", "70000")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "--port" in run.stderr
    (tmp_path / "a_file").write_text("keep me", encoding="utf-8")
    run = _serve_command("--dir", str(tmp_path / "a_file"), "--port", str(_free_port()))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "is a file" in run.stderr
    assert (tmp_path / "a_file").read_text(encoding="utf-8") == "keep me"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = _serve_command("--dir", str(tmp_path / "w"), "--port",
                             str(taken.getsockname()[1]))
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert "in use" in run.stderr and not (tmp_path / "w").exists()


def _driver(tmp_path: Path) -> Any:
    """Selenium on Debian's chromium and chromedriver (skip when missing; fail in CI)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    binary = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are required in CI")
        pytest.skip("chromium or chromium-driver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                 "--window-size=1400,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    from selenium.webdriver.chrome.service import Service

    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def _not_blank(shot: Path) -> None:
    from matplotlib import image

    assert shot.is_file() and shot.stat().st_size > 20_000
    pixels = image.imread(str(shot))
    flat = pixels[..., :3].reshape(-1, 3)
    assert len({tuple(p) for p in flat[:: 97].tolist()}) > 20


def test_policy_lead_path_in_headless_chromium(server: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _driver(tmp_path)
    try:
        driver.set_page_load_timeout(30)
        driver.get(server)
        driver.find_element(By.PARTIAL_LINK_TEXT, "Lambeth").click()
        WebDriverWait(driver, 15).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".diagram-box[data-zoom=ready]"))
        driver.save_screenshot(str(tmp_path / "protocol.png"))
        _not_blank(tmp_path / "protocol.png")
        driver.find_element(By.ID, "variant_name").send_keys("Return interview in 48 hours")
        boxes = driver.find_elements(By.CSS_SELECTOR, 'input[data-duty="return_interview"]')
        label = driver.find_element(By.CSS_SELECTOR,
                                    f'label[for="{boxes[0].get_attribute("id")}"]').text
        assert "Return home interview within 72 hours" in label
        for box in boxes:
            box.send_keys("48")
        driver.find_element(By.XPATH, "//button[text()='Save variant']").click()
        WebDriverWait(driver, 15).until(lambda d: "/variant/" in d.current_url)
        assert driver.find_element(By.ID, "days").get_attribute("value") == "60"
        assert driver.find_element(By.ID, "replications").get_attribute("value") == "3"
        driver.find_element(By.XPATH, "//button[text()='Run comparison']").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.TAG_NAME, "progress")
                                        or "/results/" in d.current_url)
        WebDriverWait(driver, 60, poll_frequency=0.5).until(
            lambda d: "/results/" in d.current_url)
        text = driver.find_element(By.TAG_NAME, "main").text
        driver.save_screenshot(str(tmp_path / "result.png"))
        _not_blank(tmp_path / "result.png")
        rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")
                if "72 hours → 48 hours" in r.text]
        assert rows, text
        for row in rows:  # baseline met, variant met, difference (pp)
            base, variant = (float(x) for x in re.findall(r"(\d+\.\d)%", row)[:2])
            difference = float(re.search(r"([+-]\d+\.\d) pp", row).group(1))  # type: ignore[union-attr]
            assert abs(variant - base - difference) <= 0.15
            assert difference <= 0  # a shorter deadline is never met more often (paired)
        assert any(float(re.search(r"([+-]\d+\.\d) pp", r).group(1)) < 0  # type: ignore[union-attr]
                   for r in rows), rows
        driver.find_element(By.LINK_TEXT, "Open the full comparison report").click()
        WebDriverWait(driver, 15).until(lambda d: "compare.html" in d.current_url)
        assert "48 hours" in driver.find_element(By.TAG_NAME, "body").text
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
    finally:
        driver.quit()
        if os.environ.get("MISSINGSIM_KEEP_SHOTS"):  # to look at them
            for shot in tmp_path.glob("*.png"):
                shutil.copy(shot, os.environ["MISSINGSIM_KEEP_SHOTS"])
