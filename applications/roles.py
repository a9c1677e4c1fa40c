"""Desk staff roles: Django groups whose members work the caseworker queues.

A senior caseworker can do all a caseworker can, and also takes decisions above a
programme's four-eyes threshold, reassigns cases and awards competitive rounds.
"""

CASEWORKERS = "Caseworkers"
SENIOR_CASEWORKERS = "Senior caseworkers"
