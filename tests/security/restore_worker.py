"""Zygote for the restore kill harness: imports everything once, then forks one child per
request; a child runs ``rcp-desktop restore --force`` (the real command) and announces the
steps of the restore on stdout so that the test kills it exactly there, or a chosen delay later.

Protocol on stdin:
- ``restore <step> <delay_ms> <backup> <target>``: the child prints ``at <step>`` when the
  restore reaches *step* (``start`` = before the command runs) and then, with delay 0, waits
  there to be killed; with a delay, carries on and prints ``now`` after *delay_ms* (from a
  timer thread) — the test kills it on that word, wherever the restore has got to;
- ``write <target> <name>``: the child adds a patient and dies without closing the base (as a
  crashed writer does: its ``-wal`` stays beside the base).
The zygote prints ``pid <pid>`` after forking and ``exit <status>`` once the child is reaped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import sys
import threading

from sqlalchemy.orm import configure_mappers

from rcp_desktop.cli import build_parser
from rcp_desktop.cli import main as cli_main
from rcp_desktop.models import Patient, Sex
from rcp_desktop.services import Actor
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import backup as backups
from rcp_desktop.storage.migrate import head_revision


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def restore(step: str, delay_ms: float, backup: str, target: str) -> int:
    def reached(name: str) -> None:
        if name != step:
            return
        say(f"at {name}")
        if delay_ms <= 0:
            while True:  # killed here
                signal.pause()
        timer = threading.Timer(delay_ms / 1000, lambda: say("now"))
        timer.daemon = True
        timer.start()

    backups.restore_hook = reached
    reached("start")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli_main(["restore", "--backup", backup, "--db", target, "--force"])


def write(target: str, name: str) -> int:
    db = Database.open(target, DatabaseKey.from_recovery_code(os.environ["RCP_DESKTOP_PASSPHRASE"]))
    with db.write(Actor("crash", "crash")) as s:
        s.add(
            Patient(birth_name=name, first_names="A", birth_date=dt.date(1970, 1, 1), sex=Sex.MALE)
        )
    return 0  # no close: the -wal stays


def main() -> None:
    # Once, before any fork: every command's modules, the migration scripts, the ORM's mapper
    # configuration.
    build_parser()
    head_revision()
    configure_mappers()
    say("ready")
    for line in sys.stdin:
        command, *args = line.split()
        if command not in {"restore", "write"}:
            break
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                if command == "restore":
                    code = restore(args[0], float(args[1]), args[2], args[3])
                else:
                    code = write(*args)
            finally:
                os._exit(code)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"exit {status}")


if __name__ == "__main__":
    main()
