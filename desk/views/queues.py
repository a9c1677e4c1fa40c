"""The desk's queues as the screens show them: their tabs and sizes.

What each queue holds, and how it is filtered, searched and ordered, is the desk's selector
(`desk.selectors`); the screens only present it.
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from desk.selectors import COUNT_CAP, QUEUES, desk_queue_counts

# Where "Take next" makes sense: queues of cases that somebody still has to pick up.
TAKE_NEXT_QUEUES = ("new", "pending_approval", "waitlisted", "overdue", "all")


@dataclass(frozen=True)
class QueueTab:
    name: str
    label: str
    # Up to COUNT_CAP + 1, which stands for "more than COUNT_CAP".
    count: int
    current: bool

    @property
    def count_label(self) -> str:
        if self.count > COUNT_CAP:
            return _("%(count)s+") % {"count": intcomma(COUNT_CAP)}
        return intcomma(self.count)


def queue_tabs(*, user, current: str) -> list[QueueTab]:
    """One tab per queue with its size: one COUNT per queue, each read no further than
    COUNT_CAP rows, whatever the number of rows."""
    counts = desk_queue_counts(user=user)
    return [
        QueueTab(name=name, label=str(label), count=counts[name], current=name == current)
        for name, label in QUEUES.items()
    ]
