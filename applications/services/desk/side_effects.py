"""Letters the desk's decisions queue (`applications.services.letters`)."""


def letter_queue_if_available(*, application, kind: str) -> None:
    """Queue letter `kind` ("award", "rejection", "information_request") once the current
    transaction commits; the letter task then emails it to the applicant."""
    # Imported here: the letters service imports the desk's models and selectors in turn.
    from applications.services import letters

    letters.letter_queue(application=application, kind=kind)
