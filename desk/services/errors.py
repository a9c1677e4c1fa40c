"""What the desk's services raise when a rule refuses an action."""

from django.core.exceptions import ValidationError


class DeskError(ValidationError):
    """A refusal the caseworker can understand and act on, with a translated message
    ("Ane Etxeberria is already working on this case."). Role violations raise
    PermissionDenied instead."""
