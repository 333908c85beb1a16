"""Zygote for the crash harness: imports everything once, then forks one writer per request.

Protocol on stdin: ``run <first-index>`` → forks a writer that opens the database, writes
patients in short audited transactions and prints ``<index>`` (flushed) after each commit.
The parent test kills the writer with SIGKILL; the zygote reaps it and prints ``reaped``.
"""

import datetime as dt
import os
import sys

from sqlalchemy.orm import configure_mappers

from rcp_desktop.models import ConsentForm, Sex
from rcp_desktop.services import Actor, Services
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.migrate import head_revision


def writer(path: str, key_code: str, first: int) -> None:
    db = Database.open(path, DatabaseKey.from_recovery_code(key_code))
    services = Services(db, Actor("crash", "crash"))
    i = first
    while True:
        patient = services.patients.create(
            PatientDraft(
                birth_name=f"CRASH{i:09d}",
                first_names="Test",
                birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=i % 20000),
                sex=Sex.FEMALE,
                commune="Morangis",
            ),
            allow_duplicate=True,
        )
        services.patients.record_consent(
            patient.id,
            given_on=dt.date(2026, 1, 1),
            form=ConsentForm.WRITTEN,
            scope="x" * (i % 3000),
        )
        # One write(2) of a whole line (atomic on a pipe): a kill cannot leave half a number
        # for the zygote's "reaped" to be glued to.
        os.write(sys.stdout.fileno(), f"{i}\n".encode())
        i += 1


def main() -> None:
    path, key_code = sys.argv[1], sys.argv[2]
    # Warm what every writer would otherwise redo after its fork: the migration scripts, the
    # ORM's mapper configuration.
    head_revision()
    configure_mappers()
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                writer(path, key_code, int(arg))
            finally:
                os._exit(1)
        print(f"pid {pid}", flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)


if __name__ == "__main__":
    main()
