"""Letters the desk's decisions queue (brief E's `applications.services.letters`)."""

import logging

logger = logging.getLogger(__name__)


def letter_queue_if_available(*, application, kind: str) -> None:
    """Queue letter `kind` ("award", "rejection", "information_request") once the current
    transaction commits; the letter task then emails it to the applicant."""
    try:
        from applications.services import letters
    except ImportError:  # a build without letters: the decision stands without one
        logger.warning("no letters module: %s letter of %s not queued", kind, application.pk)
        return
    letters.letter_queue(application=application, kind=kind)
