"""Running desk services in threads at the same moment, each on its own connection."""

import threading

from django.db import close_old_connections, connection


def run_at_once(functions, *, timeout: float = 120) -> list:
    """Call every function in its own thread, released together by a barrier; return each
    one's result or the exception it raised, in order."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def worker(index, function):
        close_old_connections()
        try:
            barrier.wait(timeout=timeout)
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - the test inspects what each one raised
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results
