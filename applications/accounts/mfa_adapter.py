"""allauth's second-factor adapter: staff may not remove their last second factor.

Staff must have one to use the admin; removing it would leave an account that the next
sign-in sends straight back to enrol. They may replace it: add the new one, then remove the
old."""

from allauth.mfa.adapter import DefaultMFAAdapter

from applications.accounts.second_factor import SECOND_FACTORS, has_admin_access


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        if not super().can_delete_authenticator(authenticator):
            return False
        user = authenticator.user
        if authenticator.type not in SECOND_FACTORS or not has_admin_access(user):
            return True
        others = user.authenticator_set.filter(type__in=SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return others.exists()
