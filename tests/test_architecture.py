"""Which package may import which (docs/architecture.md, "Which may import which"), checked
over every module's imports: a package imports only the careerboard packages below it in the
docs' list, and of those only the ones the docs name.

Tests and migrations are left out (a test may set up any domain; a data migration runs the
code of its day). Lazy imports inside functions count like the others.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "careerboard"

# The docs' list, top to bottom: imports point down it, never up.
ORDER = [
    "config",
    "site",
    "staff",
    "employers",
    "consultant",
    "alerts",
    "applications",
    "guides",
    "billing",
    "demo",
    "jobs",
    "search",
    "companies",
    "accounts",
    "taxonomy",
    "core",
]
# What each package may import, as the docs' graph says.
ALLOWED: dict[str, set[str]] = {
    "config": set(ORDER) - {"config"},
    "site": set(ORDER) - {"config", "site"},  # the domains' selectors, demo (seed_demo)
    "employers": {"jobs", "companies", "taxonomy", "accounts", "core"},
    "staff": {"employers", "jobs", "companies", "taxonomy", "accounts", "core"},
    "consultant": {
        "guides",
        "jobs",
        "applications",
        "billing",
        "accounts",
        "taxonomy",
        "search",
        "core",
    },
    "alerts": {"jobs", "search", "billing", "companies", "accounts", "taxonomy", "core"},
    "applications": {"jobs", "billing", "companies", "accounts", "core"},
    "guides": {"jobs", "search", "taxonomy", "core"},
    "billing": {"jobs", "accounts", "core"},
    "demo": {"jobs", "companies", "accounts", "taxonomy", "core"},
    "jobs": {"search", "companies", "taxonomy", "accounts", "core"},
    "search": {"taxonomy", "core"},
    "companies": {"accounts", "taxonomy", "core"},
    "accounts": {"core"},
    "taxonomy": {"core"},
    "core": set(),  # infrastructure: Django and libraries only
}
# Imports that go against the list today, each with the reason it stays (module: imported).
KNOWN_EXCEPTIONS = {
    # An employer's sign-up creates their company in the same step.
    ("accounts/services/registration.py", "careerboard.companies.services"),
}


def _imports(module: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def _careerboard_imports(module: Path) -> list[str]:
    return [name for name in _imports(module) if name.split(".")[0] == "careerboard"]


def _imports_by_package() -> dict[str, list[tuple[str, str]]]:
    """package -> (module path, imported module) for every import of another package."""
    found: dict[str, list[tuple[str, str]]] = {}
    for module in sorted(ROOT.rglob("*.py")):
        path = module.relative_to(ROOT)
        if len(path.parts) < 2 or {"tests", "migrations"} & set(path.parts):
            continue
        package = path.parts[0]
        for name in _careerboard_imports(module):
            parts = name.split(".")
            if len(parts) > 1 and parts[1] != package:
                found.setdefault(package, []).append((path.as_posix(), name))
    return found


def test_the_allowed_imports_point_down_the_list():
    assert set(ALLOWED) == set(ORDER)
    upward = [
        f"{package} -> {target}"
        for package, targets in ALLOWED.items()
        for target in targets
        if ORDER.index(target) <= ORDER.index(package)
    ]
    assert upward == []


def test_every_package_imports_only_what_the_architecture_allows():
    imports = _imports_by_package()
    assert set(imports) <= set(ORDER), "a new package: add it to docs/architecture.md and here"
    forbidden = [
        f"{module}: {name}"
        for package, found in imports.items()
        for module, name in found
        if name.split(".")[1] not in ALLOWED[package] and (module, name) not in KNOWN_EXCEPTIONS
    ]
    assert forbidden == []


# The pure engines (docs/architecture.md): no Django import, directly or through the
# careerboard modules they import, so they run and are benchmarked without a project.
PURE_ENGINES = [
    "alerts/matching.py",
    "alerts/criteria.py",
    "search/analysis.py",
    "consultant/scoring.py",
]


def _module_path(name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (ROOT / relative.with_suffix(".py"), ROOT / relative / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def test_the_pure_engines_import_no_django():
    impure = []
    for engine in PURE_ENGINES:
        seen: set[Path] = set()
        pending = [ROOT / engine]
        while pending:
            module = pending.pop()
            if module in seen:
                continue
            seen.add(module)
            for name in _imports(module):
                if name.split(".")[0] == "django":
                    impure.append(f"{engine}: {module.relative_to(ROOT)} imports {name}")
                elif name.split(".")[0] == "careerboard" and (found := _module_path(name)):
                    pending.append(found)
    assert impure == []
