"""The Django-aware entry points to the eligibility engine.

The engine (`eligibility.engine`) is pure Python and the only code that interprets a programme
definition; the rest of the desk reaches it through this module.
"""

from .engine import validate_definition


def definition_errors(definition: dict) -> list[str]:
    """Every problem of a programme definition, each as `path: message`; empty when valid."""
    return [str(error) for error in validate_definition(definition)]
