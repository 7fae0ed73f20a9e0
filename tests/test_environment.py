"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import yaml

from newslens import __version__, paths

ROOT = paths.PROJECT_ROOT
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_and_pyproject_agree():
    conda = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    assert python == "python=3.11"
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert "-e .[dev]" in [p.replace('"', "") for p in pip]
    declared = {_name(d) for d in PYPROJECT["project"]["dependencies"]}
    declared |= {_name(d) for d in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    others = {_name(d) for d in conda if not d.startswith(("python", "pip"))}
    others |= {_name(p) for p in pip if not p.startswith("-e")}
    assert others <= declared, f"environment.yml lists packages pyproject.toml lacks: {others - declared}"


def test_dependencies_have_lower_bounds_and_the_design_card_packages():
    dependencies = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
    assert all(">=" in d for d in dependencies), [d for d in dependencies if ">=" not in d]
    names = {_name(d) for d in dependencies}
    assert {"jupyterlab", "pandas", "matplotlib", "nltk", "pytest", "vadersentiment", "pyarrow"} <= names


def test_version_is_declared_once():
    assert PYPROJECT["project"]["version"] == __version__


def test_readme_first_screen_gives_the_two_commands_and_ci_runs_the_tests():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "make report" in first_screen and "make test" in first_screen
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_makefile_has_the_documented_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("help", "setup", "report", "test", "lint", "lab", "bench", "clean"):
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target
