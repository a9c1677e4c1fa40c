"""Desk staff roles: Django groups whose members work the caseworker queues.

A senior caseworker can do all a caseworker can, and also takes decisions above a
programme's four-eyes threshold, reassigns cases and awards competitive rounds.
"""

CASEWORKERS = "Caseworkers"
SENIOR_CASEWORKERS = "Senior caseworkers"
# Answer subject-access requests (exports of an organisation's data) in the admin. Not a desk
# role: exporting every file of an organisation is not part of working cases.
DATA_PROTECTION_OFFICERS = "Data protection officers"


def _in_groups(user, names: tuple[str, ...]) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.groups.filter(name__in=names).exists()


def is_caseworker(user) -> bool:
    """Whether `user` works the desk at all (a senior caseworker is also a caseworker)."""
    return _in_groups(user, (CASEWORKERS, SENIOR_CASEWORKERS))


def is_senior_caseworker(user) -> bool:
    return _in_groups(user, (SENIOR_CASEWORKERS,))


def is_data_protection_officer(user) -> bool:
    return _in_groups(user, (DATA_PROTECTION_OFFICERS,))
