"""The project builds as a Python package, so `pip install -e .` and uv work beside `make`."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings


@pytest.mark.slow
def test_the_project_builds_a_wheel_holding_both_apps(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path), "."],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = Path(tmp_path).glob("casework-*.whl")
    packages = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {"casework", "api"} <= packages
    assert "tests" not in packages
