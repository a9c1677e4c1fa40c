"""Letters the desk's decisions queue (`applications.services.letters`)."""


def letter_queue_if_available(*, application, kind: str) -> None:
    """Owe letter `kind` ("award", "rejection", "information_request"): its outbox row, and
    for a decision the decision email's, are written in the current transaction and queued
    once it commits; the email goes with the letter attached."""
    # Imported here: the letters service imports the desk's models and selectors in turn.
    from applications.services import letters

    letters.letter_queue(application=application, kind=kind)
