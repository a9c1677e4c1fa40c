from organisations.models.establishments import Establishment
from organisations.models.organisations import Invitation, Organisation, Representation

__all__ = ["Establishment", "Invitation", "Organisation", "Representation"]
