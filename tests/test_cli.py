"""The CLI's contract: help for every command, one-line errors with exit 2 for missing input."""

import subprocess
import sys

import pytest

COMMANDS = [["run"], ["reports", "claims"], ["reports", "audit"], ["cpr", "check"], ["sources", "validate"],
            ["metrics", "compute"], ["metrics", "explain"], ["fixtures", "generate"]]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "adoption_audit", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_top_level_help_lists_every_group():
    result = cli("--help")
    assert result.returncode == 0
    for group in ("run", "reports", "cpr", "sources", "metrics", "fixtures"):
        assert group in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_command_has_help(command):
    result = cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


@pytest.mark.parametrize("command", [["reports", "claims"], ["reports", "audit"], ["cpr", "check"],
                                     ["sources", "validate"], ["metrics", "compute"]], ids=" ".join)
def test_missing_input_is_one_line_and_exit_2(command, tmp_path):
    missing = tmp_path / "no-such-input"
    result = cli(*command, str(missing))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no-such-input" in lines[0] and "Traceback" not in result.stderr


def test_missing_config_for_run_is_one_line(tmp_path):
    result = cli("run", "--config", str(tmp_path / "absent.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "absent.yaml" in result.stderr


def test_version():
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("adoption-audit ")
