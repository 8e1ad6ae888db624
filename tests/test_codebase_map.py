"""The README's module table is the map a newcomer reads first: it names every module of
casework/ and api/, and names none that is gone."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def modules() -> list[Path]:
    found = []
    for app in ("casework", "api"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or path.name == "__init__.py":
                continue
            found.append(relative)
    return found


def rows() -> dict[str, str]:
    """Table rows by the path in their first cell."""
    return {match[1]: match[0] for match in re.finditer(r"^\| `([^`]+)` \|.*$", README, re.MULTILINE)}


def test_every_module_is_on_the_map():
    table = rows()
    missing = []
    for module in modules():
        package_row = table.get(f"{module.parent.as_posix()}/", "")
        if module.as_posix() not in table and module.stem not in package_row:
            missing.append(module.as_posix())
    assert not missing, f"add a line for each to the README's module table: {missing}"


def test_the_map_names_no_module_that_is_gone():
    gone = [path for path in rows() if path.endswith((".py", "/")) and not (ROOT / path).exists()]
    assert not gone, gone
