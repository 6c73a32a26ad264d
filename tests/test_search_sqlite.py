"""Search ranking on SQLite, the database `make run` uses: pages that name the query come before pages that only
mention its words somewhere in their text, as on PostgreSQL."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sqlite_library import LIBRARY

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not LIBRARY.exists(), reason="the MedlinePlus data are not on this machine")
def test_back_pain_on_sqlite_ranks_back_pages_first_and_no_leukaemia(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_library", str(tmp_path / "db.sqlite3"), "back pain", "knee pain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.splitlines()[-1])
    back = found["back pain"]
    # "Back Pain" is named by the query (the vocabulary); "Back Injuries" has "back" in its title: both come before
    # the pages that only mention back pain in their text.
    assert back[:2] == ["Back Pain", "Back Injuries"]
    assert not [title for title in back[:5] if "Leukemia" in title], back[:5]
    assert found["knee pain"][0].startswith("Knee"), found["knee pain"][:5]
