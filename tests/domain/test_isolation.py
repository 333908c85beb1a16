"""The domain package stands alone: importing it loads neither Qt, nor the database layer, nor
any other part of the project than the translation hooks."""

import subprocess
import sys

PROBE = """
import sys
import rcp_desktop.domain.ages, rcp_desktop.domain.dates, rcp_desktop.domain.identifiers
import rcp_desktop.domain.recurrence, rcp_desktop.domain.text
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in
      ("rcp_desktop", "PySide6", "sqlalchemy", "sqlcipher3", "reportlab"))))
"""


def test_domain_imports_only_i18n():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    outside = [m for m in out if not m.startswith("rcp_desktop.domain")]
    assert outside == ["rcp_desktop", "rcp_desktop.i18n"], outside
