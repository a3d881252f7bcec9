"""Unusable model files give one line naming the file and element, exit status 2, no traceback."""

from __future__ import annotations

import pytest
from model_fixtures import base

from models import ModelError, read_model
from simulation.commands.cli import main


def _base_xml() -> str:
    b, _ = base("errors")
    return b.to_xml()


def _cases() -> dict[str, tuple[str, str, str | None]]:
    xml = _base_xml()
    return {
        "malformed": (xml[: len(xml) // 2], "not well-formed XML", None),
        "entity bomb": (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
            + xml.split("?>", 1)[1].replace('name="Search"', 'name="&lol3;"'),
            "DOCTYPE", None),
        "external entity": (
            '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            + xml.split("?>", 1)[1].replace('name="Search"', 'name="&xxe;"'),
            "DOCTYPE", None),
        "unknown element type": (
            xml.replace('<bpmn:exclusiveGateway id="g_merge"',
                        '<bpmn:inclusiveGateway id="g_merge"').replace(
                "</bpmn:exclusiveGateway>\n    <bpmn:intermediateCatchEvent",
                "</bpmn:inclusiveGateway>\n    <bpmn:intermediateCatchEvent"),
            "unknown element type 'bpmn:inclusiveGateway'", "g_merge"),
        "wrongly typed extension value": (
            xml.replace('calendar="clock" modality="must"', 'calendar="fortnightly" '
                        'modality="must"', 1),
            "invalid extension value", "t_grade"),
        "duration not a duration": (
            xml.replace('<ms:processingTime distribution="ConstantParameter" value="PT1H"/>',
                        '<ms:processingTime distribution="ConstantParameter" value="an hour"/>',
                        1),
            "invalid extension value", "t_search"),
    }


@pytest.mark.parametrize("case", sorted(_cases()))
def test_unusable_file_is_one_line_error(case: str, tmp_path, capsys) -> None:
    text, expected, element_id = _cases()[case]
    path = tmp_path / "bad.bpmn"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        read_model(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    if element_id:
        assert f"element '{element_id}'" in message
    assert "\n" not in message

    status = main(["verify", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err


def test_entities_are_never_expanded(tmp_path) -> None:
    text = _cases()["external entity"][0]
    path = tmp_path / "xxe.bpmn"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        read_model(path)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize(("typed", "meant"), [
    ("Lambeth", "lambeth"), ("derby", "derby_derbyshire"), ("somerst", "somerset"),
    ("childrens home", "childrens_home"), ("Derby-Derbyshire", "derby_derbyshire")])
def test_a_mistyped_model_name_suggests_the_shipped_one(typed: str, meant: str,
                                                          capsys: pytest.CaptureFixture[str],
                                                          tmp_path: object,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.chdir(tmp_path)  # no file of that name beside the command
    assert main(["rules", typed]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.endswith(f"did you mean {meant}?"), err


@pytest.mark.parametrize("typed", ["d", "nowhere", "x" * 80])
def test_no_suggestion_when_no_one_model_is_meant(typed: str,
                                                  capsys: pytest.CaptureFixture[str],
                                                  tmp_path: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rules", typed]) == 2
    err = capsys.readouterr().err.strip()
    assert "no shipped model of that name" in err
    assert "did you mean" not in err
