"""site/reuse.py: a run that takes back the previous run's parts gives exactly what a fresh run gives, after any edit.

Every value of the fixture's records is changed in turn (a word added, a digit changed); each change that still
validates is rendered twice, reusing the unchanged parts and from nothing, and the two must be equal. An edit that
concerns one commune's kit alone must render that kit alone, or reuse would be an empty promise.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE
from generator import pipeline
from generator.errors import ContentErrors
from generator.site import plan
from generator.state import BuildState

_VALUE = re.compile(r"^(\s*(?:- )?[a-z_]+: |\s*- )(.+)$")


def _variants(value: str) -> list[str]:
    """Other values a field could take: a digit changed, a word added (inside the quotes, if any), an address changed."""
    out = []
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if digits:
        i = digits[-1]
        out.append(value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:])
    if "@" in value:
        out.append("z" + value)
    elif value.startswith("https://"):
        out.append(value.rstrip("/") + "/z")
    elif value[:1] in "'\"" and value[-1:] == value[:1]:
        out.append(value[:-1] + " Zed" + value[-1])
    elif not value.startswith(("[", "{", "|", ">", "&", "*", "!")):
        out.append(value + " Zed")
    return out


def _mutations(content: Path) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(content.rglob("*.yml")):
        if path.parent.name == "audit":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            m = _VALUE.match(line)
            if m and not line.lstrip().startswith("#"):
                for value in _variants(m[2]):
                    found.append((path.relative_to(content).as_posix(), n, m[1] + value))
    return found


def _render(content: Path, state: BuildState) -> dict:
    return plan.render_site(pipeline.validate(content), "https://exemple.fr/boite/", state)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildState, dict]:
    content = tmp_path_factory.mktemp("reuse") / "content"
    shutil.copytree(FIXTURE, content)
    state = BuildState()
    outputs = _render(content, state)
    return content, state, outputs


def test_a_run_without_change_renders_nothing_again(base: tuple[Path, BuildState, dict]) -> None:
    content, state, outputs = base
    again = BuildState(parts=dict(state.parts))
    assert _render(content, again) == outputs
    assert all(again.parts[name][1] is part for name, (_key, part) in state.parts.items())
    assert {kind for kind, _name in state.parts} == {"commune", "element"}


def test_every_edit_of_a_record_gives_what_a_fresh_run_gives(base: tuple[Path, BuildState, dict]) -> None:
    content, state, _outputs = base
    tried = kept_others = 0
    alone: dict[str, set[tuple[str, str]]] = {}
    for rel, n, line in _mutations(content):
        path = content / rel
        original = path.read_text(encoding="utf-8")
        lines = original.splitlines()
        lines[n] = line
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            reusing = BuildState(state.templates, state.copies, parts=dict(state.parts))
            try:
                incremental = _render(content, reusing)
            except ContentErrors:
                continue
            rendered = {name for name, (_key, part) in reusing.parts.items() if state.parts.get(name, (0, None))[1] is not part}
            tried += 1
            if len(rendered) == len(reusing.parts):
                continue  # nothing taken back: the fresh run's code path
            kept_others += 1
            fresh = _render(content, BuildState(state.templates, state.copies))
            assert incremental == fresh, f"{rel}, ligne {n + 1} : « {line.strip()} »"
            if rel == "communes/sains-en-gohelle.yml" and line.strip().startswith(("telephone:", "courriel:")):
                alone[line.strip()] = rendered
        finally:
            path.write_text(original, encoding="utf-8")
    assert tried >= 150, tried
    assert kept_others >= 15, kept_others
    # The mairie's phone and e-mail are said in that commune's kit only: no other page is rendered again.
    assert alone and all(rendered == {("commune", "sains-en-gohelle")} for rendered in alone.values()), alone


def test_one_photo_in_two_elements_is_planned_once(tmp_path: Path) -> None:
    """Two records may name the same photo: its derivatives are the same files, as they were before parts existed."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    record = content / "communes" / "sains-en-gohelle.yml"
    text = record.read_text(encoding="utf-8")
    photo = text[text.index("  photos:\n"):text.index("- code: 87C")]
    record.write_text(text.rstrip("\n") + "\n" + photo.rstrip("\n") + "\n", encoding="utf-8")
    site = pipeline.validate(content)
    assert [e.code for e in site.elements.values() if e.photos] == ["87B", "87C"]
    outputs = _render(content, BuildState())
    assert sum(1 for p in outputs if "image-de-test" in str(p)) > 0
