"""Files as LibreOffice writes them: a workbook opened, typed into and saved by the real program, in a profile of a
given locale. Skipped, with the reason, where LibreOffice or its Python bridge is missing."""

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
DRIVER = Path(__file__).with_name("drive.py")
# The profile's locale: how LibreOffice reads what is typed (en-US reads 03/06/1989 as March 6).
LOCALE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def missing() -> str:
    """Why LibreOffice cannot be driven here, or ""."""
    if not shutil.which("soffice"):
        return "LibreOffice (soffice) is not installed"
    try:
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "the system Python has no LibreOffice bridge (python3-uno)"
    return ""


requires_libreoffice = pytest.mark.skipif(bool(missing()), reason=missing() or "LibreOffice is available")


def profile(folder: Path, locale: str) -> str:
    """A LibreOffice profile in `folder` whose locale is `locale` (e.g. en-US); its file URL."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(LOCALE_SETTINGS.format(locale=locale), encoding="utf-8")
    return folder.resolve().as_uri()


def typed_in_libreoffice(data: bytes, typed, *, folder: Path, profile_url: str, save_as=(".xlsx",)) -> list[bytes]:
    """`data` (an .xlsx) opened in LibreOffice, each (sheet, row, column, text) typed as on the keyboard, then saved
    in each format of `save_as` (".xlsx", ".ods"): the files' bytes, in that order."""
    work = folder / uuid.uuid4().hex
    work.mkdir()
    source = work / "filled.xlsx"
    targets = [work / f"saved{suffix}" for suffix in save_as]
    source.write_bytes(data)
    job = work / "job.json"
    job.write_text(
        json.dumps(
            {
                "pipe": f"tp_test_{uuid.uuid4().hex}",
                "profile": profile_url,
                "source": str(source),
                "target": str(targets[0]),
                "typed": [list(cell) for cell in typed],
            }
        ),
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    run([SYSTEM_PYTHON, str(DRIVER), str(job)], env=env)
    for target in targets[1:]:
        # "Save as" another format: the typed file converted by LibreOffice (LibreOffice 7.4 headless crashes when a
        # document typed into through the dispatcher is stored twice).
        run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile_url}",
                "--convert-to",
                target.suffix[1:],
                "--outdir",
                str(work / "converted"),
                str(targets[0]),
            ],
            env=env,
        )
        (work / "converted" / f"{targets[0].stem}{target.suffix}").rename(target)
    return [target.read_bytes() for target in targets]


def run(command: list[str], *, env: dict) -> None:
    """Run LibreOffice (or its driver); on failure, the error says what it printed."""
    done = subprocess.run(command, timeout=180, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise AssertionError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
