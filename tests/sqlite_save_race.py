"""Two people saving at the same instant, on the demo's SQLite database, as the demo sets it up.

Run as `python -m tests.sqlite_save_race` with DJANGO_SETTINGS_MODULE and DATABASE_URL set
as the demo sets them; prints a JSON report. Each save is what a form save does: a
transaction that reads the row, then writes it, held open a moment while the other person's
save runs. Django's own SQLite backend makes each thread's connection from the settings.
"""

import json
import sys
import threading
import time

import django

ROUNDS = 30
PEOPLE = 2
HOLD_SECONDS = 0.02


def main() -> int:
    django.setup()
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.db import OperationalError, connection, transaction
    from django.utils import timezone

    with connection.schema_editor() as editor:
        editor.create_model(Session)
    expiry = timezone.now() + timezone.timedelta(days=1)
    keys = [f"person-{index}" for index in range(PEOPLE)]
    for key in keys:
        Session.objects.create(session_key=key, session_data="", expire_date=expiry)
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        busy_timeout_ms = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.close()

    start = threading.Barrier(PEOPLE)
    errors: list[str] = []
    saved = [0] * PEOPLE

    def person(index: int) -> None:
        from django.db import connection as own_connection

        for round_number in range(ROUNDS):
            start.wait()
            try:
                with transaction.atomic():
                    session = Session.objects.get(session_key=keys[index])
                    time.sleep(HOLD_SECONDS)
                    session.session_data = f"round {round_number}"
                    session.save(update_fields=["session_data"])
                saved[index] += 1
            except OperationalError as error:
                errors.append(str(error))
        own_connection.close()

    threads = [threading.Thread(target=person, args=(index,)) for index in range(PEOPLE)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = {
        "options": dict(settings.DATABASES["default"].get("OPTIONS", {})),
        "journal_mode": journal_mode,
        "busy_timeout_ms": busy_timeout_ms,
        "attempted": ROUNDS * PEOPLE,
        "saved": sum(saved),
        "errors": sorted(set(errors)),
        "error_count": len(errors),
        "seconds": round(time.monotonic() - began, 2),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
