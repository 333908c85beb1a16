"""The Qt bindings keep Python's reference counts right.

PySide6 6.12.0 under CPython 3.11 drops a reference to ``None`` on every call of a method
returning nothing (``QLabel.setText``…); ``None`` is not immortal before 3.12, so the process
aborts ("none_dealloc") after a few thousand calls — a crash in the middle of a session. The
check runs in a child process so that a broken binding fails this test instead of killing the
test run."""

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label, document = QLabel(), QTextDocument()
before = sys.getrefcount(None)
for _ in range(2000):
    label.setText("a")
    QTextCursor(document).insertText("a")
    document.clear()
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_do_not_drop_references_to_none():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lost = int(result.stdout.strip().splitlines()[-1])
    assert lost < 100, f"{lost} references to None lost over 6000 Qt calls: broken PySide6 build"
