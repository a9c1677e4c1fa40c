from organisations.models.organisations import Invitation, Organisation, Representation

__all__ = ["Invitation", "Organisation", "Representation"]
