"""The package's layout: folders by stage, no import cycles, a docstring for every module, the public API's short paths."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "pressgen"
# The modules at the package root, each a concern of the whole pipeline rather than of one stage (the README says why).
ROOT_MODULES = {"__init__", "cli", "build", "errors", "output", "doctor", "tokens"}
STAGES = ("spec", "render", "writers", "review", "distribution", "newsroom", "preview", "webapp")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every pressgen module `path` imports: at module level, inside functions and under TYPE_CHECKING alike."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
    return {m for m in found if m in modules and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_import_cycles() -> None:
    modules = {module_name(p) for p in source_files()}
    graph = {module_name(p): imports_of(p, modules) for p in source_files()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_and_package_says_what_it_owns_in_one_line() -> None:
    missing = []
    for path in source_files():
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []


def test_the_root_holds_only_whole_pipeline_concerns_and_the_stages() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert modules == ROOT_MODULES
    assert packages == set(STAGES)


def test_the_readme_layout_section_matches_the_tree() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    layout = readme[readme.index("\n## Layout\n") :].split("\n## ", 2)[1]
    for path in sorted(PACKAGE.rglob("__init__.py"))[1:]:
        folder = path.parent.relative_to(PACKAGE).as_posix() + "/"
        assert re.search(rf"^ +{re.escape(folder)} ", layout, re.M), f"README's Layout section has no line for {folder}"
    for module in ROOT_MODULES - {"__init__"}:
        assert re.search(rf"^ +{module}\.py ", layout, re.M), f"README's Layout section does not say why {module}.py is at the root"
    # The core stages name each of their modules; the later stages are described as wholes.
    for stage in ("spec", "render", "review", "writers", "writers/pdf", "writers/docx"):
        for path in (PACKAGE / stage).glob("*.py"):
            if path.stem != "__init__":
                assert re.search(rf"\b{path.stem}\b", layout), f"README's Layout section does not name {stage}/{path.name}"


PUBLIC_API = {
    "pressgen.build": ["build", "load_all"],
    "pressgen.spec": ["load_release", "LoadedRelease", "find_project", "Project", "Release", "Organization", "load_registry",
                      "content_hash", "short_hash", "json_schema", "new_release", "new_organization", "init_project"],
    "pressgen.render": ["render_page", "Page"],
    "pressgen.writers": ["WRITERS"],
    "pressgen.review": ["check_release", "Finding", "diff_files", "diff_since", "approve", "final_problems", "verdict", "Verdict",
                        "import_review", "ImportResult"],
    "pressgen.distribution": ["Request", "prepare", "deliver", "write_outbox", "ledger_status", "read_mailbox", "Maildir", "Mbox", "Imap"],
    "pressgen.newsroom": ["build_site"],
    "pressgen.errors": ["PressgenError", "Problem"],
}


@pytest.mark.parametrize("package", sorted(PUBLIC_API))
def test_the_public_api_is_importable_from_its_short_path(package: str) -> None:
    module = importlib.import_module(package)
    for name in PUBLIC_API[package]:
        assert callable(getattr(module, name)) or isinstance(getattr(module, name), dict), f"{package}.{name}"
        assert name in dir(module)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        module.nothing_here  # noqa: B018


def test_the_readme_names_every_public_path() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("\n## Library API\n") :].split("\n## ", 2)[1]
    rows = {row.split("|")[1].strip(" `"): row for row in section.splitlines() if row.startswith("| `pressgen")}
    assert set(rows) == set(PUBLIC_API)
    for package, names in PUBLIC_API.items():
        assert {n for n in re.findall(r"`(\w+)`", rows[package].split("|")[2])} == set(names), package
