"""The caseworker desk's screens in the Wagtail admin: queues, the case page, the actions.

The screens are thin: they read through selectors and change things only through the desk's
services (`desk.services`), which check roles, lock rows and write the audit.
"""
