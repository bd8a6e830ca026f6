"""The package layout's rules, read from the imports (ast, nothing is imported or run).

- Nothing on the build path imports the visibility audit: `generator/audit/` is a command of its
  own, which may import the build's stages, never the other way round.
- Only `generator/hooks/` imports MkDocs.

The build path is every module of generator/ but the audit and the command line (__main__.py, which
dispatches `python -m generator audit` to the audit): pipeline.py, write.py, content/, site/,
make/, hooks/ and whatever module is added beside them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
NOT_BUILD = ("generator/audit/", "generator/__main__.py")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _build_path() -> list[Path]:
    return [p for p in _modules() if not _rel(p).startswith(NOT_BUILD)]


def _package_of(rel: str) -> list[str]:
    """generator/site/plan.py → ["generator", "site"]; generator/site/__init__.py → ["generator", "site"]."""
    parts = rel.removesuffix(".py").split("/")
    return parts[:-1]


def imported(source: str, rel: str) -> list[tuple[int, str]]:
    """Every module `source` (the file `rel`) imports, absolute and dotted, with its line.

    `from a import b` counts as both a and a.b (b may be a module); relative imports are resolved;
    importlib.import_module("…") and __import__("…") with a literal name count too."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, rel)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(rel)[: len(_package_of(rel)) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__"):
                found.append((node.lineno, node.args[0].value))
    return found


def _is(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def audit_imports(source: str, rel: str) -> list[str]:
    return [f"{rel}:{line}: {m}" for line, m in imported(source, rel) if _is(m, "generator.audit")]


def mkdocs_imports(source: str, rel: str) -> list[str]:
    return [f"{rel}:{line}: {m}" for line, m in imported(source, rel) if _is(m, "mkdocs")]


def test_the_build_path_is_what_the_layout_says() -> None:
    rels = {_rel(p) for p in _build_path()}
    for expected in ("generator/pipeline.py", "generator/write.py", "generator/content/load.py",
                     "generator/site/plan.py", "generator/site/audit_page.py", "generator/make/cache.py",
                     "generator/hooks/site_in_place.py", "generator/content/licensees.py",
                     "generator/content/audit_results.py"):
        assert expected in rels, expected
    assert not any(r.startswith("generator/audit/") for r in rels)


def test_nothing_on_the_build_path_imports_the_audit() -> None:
    found = [hit for p in _build_path() for hit in audit_imports(p.read_text(encoding="utf-8"), _rel(p))]
    assert found == [], "the build path imports generator.audit (move what it needs into content/ or site/):\n" + "\n".join(found)


def test_only_the_hooks_import_mkdocs() -> None:
    found = [hit for p in _modules() if not _rel(p).startswith("generator/hooks/")
             for hit in mkdocs_imports(p.read_text(encoding="utf-8"), _rel(p))]
    assert found == [], "only generator/hooks/ may import mkdocs:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    "from generator.audit import results",
    "from generator.audit.report import audit_page",
    "import generator.audit.sites",
    "import generator.audit as a",
    "from generator import audit",
    "from .. import audit",
    "from ..audit.results import load_audits",
    "def f():\n    from generator.audit import cli\n",
    "import importlib\nimportlib.import_module('generator.audit.report')",
])
def test_the_audit_rule_catches_every_form_of_import(source: str) -> None:
    assert audit_imports(source, "generator/site/plan.py"), source


@pytest.mark.parametrize("source", [
    "from generator.content import audit_results",
    "from generator.site import audit_page",
    "from generator import auditing",
    "import generator.auditor",
    "from . import audit_page",
])
def test_the_audit_rule_leaves_other_modules_alone(source: str) -> None:
    assert not audit_imports(source, "generator/site/plan.py"), source


@pytest.mark.parametrize("source", ["import mkdocs", "import mkdocs.utils", "from mkdocs.config import Config",
                                    "from mkdocs import plugins"])
def test_the_mkdocs_rule_catches_every_form_of_import(source: str) -> None:
    assert mkdocs_imports(source, "generator/pipeline.py"), source


# --- Data flows one way: content → site → make → write ------------------------------------------

STAGES = {"generator.content": 0, "generator.site": 1, "generator.make": 2}
"""A stage may import an earlier one, never a later one. write.py, errors.py, colours.py, jobs.py and
state.py are shared by every stage; pipeline.py and the hooks chain the stages."""

AGAINST_THE_FLOW = {
    # Planning must know each lockup's pixel size (the pages give it) and each photo derivative's width
    # (srcset): both come from the drawing code's layout, measured once per build (state.lockup_sizes).
    ("generator/site/image_jobs.py", "generator.make.drawing.lockup"),
    ("generator/site/image_jobs.py", "generator.make.drawing.photos"),
    ("generator/site/plan.py", "generator.make.drawing.lockup"),
}
"""The imports that still go against the flow, each with its reason; a new one fails the test."""


def _stage(module: str) -> int | None:
    return next((rank for package, rank in STAGES.items() if _is(module, package)), None)


def against_the_flow(source: str, rel: str) -> list[tuple[str, str]]:
    here = _stage(rel.removesuffix(".py").replace("/", "."))
    if here is None:
        return []
    return [(rel, _module_of(m)) for _line, m in imported(source, rel)
            if (there := _stage(m)) is not None and there > here]


def _module_of(name: str) -> str:
    """The module a dotted import names: `a.b.func` → `a.b` when a/b.py exists (packages count as their modules)."""
    parts = name.split(".")
    while parts:
        path = ROOT.joinpath(*parts)
        if path.with_suffix(".py").is_file():
            return ".".join(parts)
        if path.is_dir():
            return ".".join(parts)
        parts.pop()
    return name


def test_data_flows_one_way_between_the_stages() -> None:
    found = {hit for p in _modules() for hit in against_the_flow(p.read_text(encoding="utf-8"), _rel(p))}
    # `from generator.make.drawing import lockup` names the package and the module: the module says more.
    found = {(rel, m) for rel, m in found if not any(other[1].startswith(m + ".") for other in found if other[0] == rel)}
    assert found - AGAINST_THE_FLOW == set(), "an earlier stage imports a later one:\n" + "\n".join(
        f"{rel}: {m}" for rel, m in sorted(found - AGAINST_THE_FLOW))
    assert AGAINST_THE_FLOW - found == set(), "an exception no longer needed: remove it from AGAINST_THE_FLOW"


@pytest.mark.parametrize("rel, source", [
    ("generator/content/validate.py", "from generator.site.urls import photo_stem"),
    ("generator/content/model.py", "from generator.make.drawing.photos import output_stem"),
    ("generator/site/snippets.py", "from generator.make import cache"),
    ("generator/site/plan.py", "def f():\n    from generator.make.word import press_release_docx\n"),
])
def test_the_flow_rule_catches_a_backward_import(rel: str, source: str) -> None:
    assert against_the_flow(source, rel), source


@pytest.mark.parametrize("rel, source", [
    ("generator/site/urls.py", "from generator.content.assets import photo_key"),
    ("generator/make/word.py", "from generator.site import copies, wording"),
    ("generator/site/plan.py", "from generator.jobs import Job, job"),
    ("generator/site/plan.py", "from generator.errors import BuildError"),
])
def test_the_flow_rule_allows_what_flows_forward(rel: str, source: str) -> None:
    assert not against_the_flow(source, rel), source
