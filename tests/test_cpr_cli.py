"""`adoption-audit cpr check`: the contract's JSON, HTML, and exit codes 0 / 1 / 2."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from adoption_audit.nlp.cpr.model import ISSUE_CODES, SECTION_IDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cprs"


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "adoption_audit", "cpr", "check", *args], capture_output=True, check=False,
                          text=True, cwd=cwd, timeout=300)


def test_ready_cpr_exits_0_with_contract_json(tmp_path):
    shutil.copy(FIXTURES / "complete_docx_styles.docx", tmp_path / "child_a.docx")
    result = cli("child_a.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    (cpr,) = document["documents"]
    assert cpr["path"] == "child_a.docx" and cpr["ready_for_adm"] is True
    assert [s["id"] for s in cpr["sections"]] == list(SECTION_IDS)
    for section in cpr["sections"]:
        assert set(section) >= {"id", "status", "heading", "line", "words"}
        assert section["status"] in ("present", "thin", "missing")
    run = document["run"]
    assert run["tool"] == "adoption-audit" and run["inputs"][0]["path"] == "child_a.docx"
    assert len(run["inputs"][0]["sha256"]) == 64


def test_not_ready_exits_1_and_issues_follow_the_contract(tmp_path):
    out = tmp_path / "qa.json"
    result = cli(str(FIXTURES / "missing_parents_wishes.txt"), str(FIXTURES / "placeholder_insert.txt"),
                 "--out", str(out))
    assert result.returncode == 1, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [d["ready_for_adm"] for d in document["documents"]] == [False, False]
    issues = [i for d in document["documents"] for i in d["issues"]]
    assert {"missing_section", "placeholder_text"} <= {i["code"] for i in issues}
    for issue in issues:
        assert issue["code"] in ISSUE_CODES
        assert set(issue) >= {"code", "severity", "section", "message", "line", "quote"}
    missing = next(i for i in issues if i["code"] == "missing_section")
    assert missing["section"] == "birth_parents_wishes" and missing["severity"] == "error"
    assert missing["quote"] is None and missing["line"] is None


def test_folder_paths_are_relative_to_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("complete_caps.txt", "thin_health.txt"):
        shutil.copy(FIXTURES / name, inbox / name)
    result = cli(str(inbox))
    assert result.returncode == 1
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["complete_caps.txt", "thin_health.txt"]


def test_missing_and_unreadable_inputs_exit_2_and_others_go_on(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    good = tmp_path / "good.txt"
    shutil.copy(FIXTURES / "complete_colon.txt", good)
    result = cli(str(tmp_path / "absent.txt"), str(broken), str(good))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "absent.txt" in lines[0] and "broken.docx" in lines[1]
    assert "Traceback" not in result.stderr
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["good.txt"]  # no absolute paths


def test_html_page_is_self_contained(tmp_path):
    out = tmp_path / "qa.html"
    result = cli(str(FIXTURES / "other_child_name.txt"), "--format", "html", "--out", str(out))
    assert result.returncode == 1
    page = out.read_text(encoding="utf-8")
    assert "Not ready for the ADM" in page and "name_inconsistency" in page
    assert "class=\"boundary" in page and "<mark" in page  # section boundaries and highlighted issue lines
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")


def test_logs_at_info_carry_no_cpr_text(tmp_path):
    result = subprocess.run([sys.executable, "-m", "adoption_audit", "--log-level", "INFO", "cpr", "check",
                             str(FIXTURES / "complete_numbered.txt")], capture_output=True, text=True, timeout=300,
                            check=False)
    assert "checked CPR" in result.stderr
    for name in ("Poppy", "Hargreaves", "Kayleigh", "14/03/2021"):
        assert name not in result.stderr
