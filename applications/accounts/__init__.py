"""Signing in: one door for everyone (allauth's), throttled, with a second factor for staff."""
