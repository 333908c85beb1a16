"""Child process of ``test_live_crash``: opens the live meeting on a real database and types
notes and a decision at a steady pace, through the widgets, forever. After every commit it
prints what is now committed (one JSON line on stdout). The test kills it with SIGKILL.

Usage: python live_child.py DB_PATH MEETING_ID   (recovery code of the key in RCP_TEST_KEY)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rcp_desktop.services import Actor, Services  # noqa: E402
from rcp_desktop.storage import Database, DatabaseKey  # noqa: E402
from rcp_desktop.ui.live.window import LiveMeetingWindow  # noqa: E402
from tests.ui.keys import type_char  # noqa: E402

TYPING_INTERVAL_MS = 15
NOTES_1 = (
    "Présentation par l'infirmière : la patiente a arrêté son traitement il y a dix jours, "
    "insomnie et irritabilité signalées par sa sœur. "
)
DECISION = "Rappeler la sœur avec l'accord de la patiente"
NOTES_2 = "Situation stable depuis la dernière séance ; poursuite du plan. "
MORE = "Suite des échanges. "


def report(kind: str, ident: int, value) -> None:
    print(json.dumps({"kind": kind, "id": ident, "value": value}, ensure_ascii=False), flush=True)


def main() -> int:
    path, meeting_id = Path(sys.argv[1]), int(sys.argv[2])
    key = DatabaseKey.from_recovery_code(os.environ["RCP_TEST_KEY"])
    db = Database.open(path, key)
    services = Services(db, Actor("test", "Dr Crash"))
    app = QApplication(sys.argv[:1])
    live = LiveMeetingWindow(services, meeting_id)
    live.show()
    live.notes_saver.saved.connect(
        lambda _v: report("notes", live.item.id, live.saved_texts["discussion_notes"])
    )

    def watch(row):
        row.what_saver.saved.connect(
            lambda _v: report("decision", row.decision_id, row.saved["description"])
        )

    steps: list = []
    steps += [("type", "notes", ch) for ch in NOTES_1]
    steps += [("action", "new_decision", None)]
    steps += [("type", "decision", ch) for ch in DECISION]
    steps += [("action", "next", None)]
    steps += [("type", "notes", ch) for ch in NOTES_2]
    state = {"step": 0, "row": None}

    def tick() -> None:
        if state["step"] < len(steps):
            kind, target, value = steps[state["step"]]
            state["step"] += 1
        else:  # then go on typing for ever, until killed
            extra = state["step"] - len(steps)
            kind, target, value = "type", "notes", MORE[extra % len(MORE)]
            state["step"] += 1
        if kind == "action":
            live.shortcut_actions[target].trigger()
            if target == "new_decision":
                state["row"] = live.decision_rows[-1]
                watch(state["row"])
            return
        widget = live.notes if target == "notes" else state["row"].what
        type_char(widget, value)

    timer = QTimer(interval=TYPING_INTERVAL_MS)
    timer.timeout.connect(tick)
    timer.start()
    print(json.dumps({"kind": "ready", "id": live.item.id, "value": None}), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
