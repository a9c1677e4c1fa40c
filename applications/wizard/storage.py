"""A django-formtools storage kept in the Application draft, not in the session.

formtools keeps a wizard's state (the current step, each step's data) in a storage object;
its own backends use the session or a cookie, which would lose the answers when a session
expires and tie a draft to one browser. This one reads and writes the draft through the
drafts service: the current step is `progress["current_step"]`, and a step's data, once
valid, is written into `answers` (engine input format) with the step marked completed.

Reading a step back is done by the view, which shows the saved answers as the form's
initial values (so a step not yet visited shows no errors): `get_step_data` gives nothing.
Files are not wizard data here: documents are uploaded one at a time, checked and kept as
ApplicationDocuments by the documents service.
"""

from __future__ import annotations

from typing import Any

from formtools.wizard.storage.base import BaseStorage

from applications.models import Application
from applications.services import drafts


class DraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None, *, application: Application):
        super().__init__(prefix, request, file_storage)
        self.application = application
        self.user = request.user if request is not None else None
        # Only for formtools' own bookkeeping (extra data); never read back across requests.
        self.init_data()

    def _get_current_step(self) -> str | None:
        return (self.application.progress or {}).get(drafts.CURRENT_STEP)

    def _set_current_step(self, step: str | None) -> None:
        if step is None:
            return
        drafts.draft_set_current_step(application=self.application, user=self.user, step=step)

    def get_step_data(self, step: str) -> None:
        return None

    def set_step_data(self, step: str, cleaned_data: dict[str, Any]) -> None:
        """`cleaned_data` is what the view's `process_step` gives: the step's answers."""
        drafts.draft_save_step(
            application=self.application, user=self.user, step=step, answers=cleaned_data
        )

    def get_step_files(self, step: str) -> None:
        return None

    def set_step_files(self, step: str, files) -> None:
        return None

    def reset(self) -> None:
        """formtools resets on a fresh start; a draft's answers are never thrown away."""
        return None

    def update_response(self, response):
        return None
