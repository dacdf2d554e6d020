"""The layers of the application and the absence of import cycles, as pyproject.toml declares
them ([tool.importlinter]): a new import that reaches up a layer, or closes a cycle between
two packages (or two modules of one package), fails the suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert exit_code == 0, capsys.readouterr().out
