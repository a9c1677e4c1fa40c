import pytest
from django.conf import settings
from django.db import connection

from onestop.celery import ping


# The worker only sees committed rows, hence a transactional test; serialized rollback keeps
# what migrations created (page tree root, roles) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_live_worker_completes_a_task_sent_over_redis_on_the_postgresql_test_database(
    celery_worker,
):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

    result = ping.delay()
    report = result.get(timeout=30)

    assert result.successful()
    assert report["database_vendor"] == "postgresql"
    assert report["database_name"] == connection.settings_dict["NAME"]
    print(
        f"\nworker {celery_worker} completed task {result.id} via {settings.CELERY_BROKER_URL} "
        f"on PostgreSQL database {report['database_name']}"
    )
