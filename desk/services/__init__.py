"""The caseworker desk's services: who works a case, information requests, decisions, money.

Each raises DeskError (a ValidationError with a translated message the caseworker can act
on) when a rule refuses, and PermissionDenied when the user's role does not allow it.
"""

from desk.services.budget import budget_release, programme_desk_for, waitlist_promote
from desk.services.cases import (
    case_claim,
    case_note_add,
    case_reassign,
    case_release,
    case_take_next,
    case_view_record,
)
from desk.services.competitive import AwardSummary, competitive_award, competitive_ranking
from desk.services.decisions import (
    BulkApprovePreview,
    BulkApproveSummary,
    applications_bulk_approve,
    applications_bulk_approve_preview,
    decision_approve,
    decision_approve_amended,
    decision_propose,
    decision_reject,
    decision_return,
)
from desk.services.errors import DeskError
from desk.services.evidence import evidence_verify
from desk.services.information import information_request_create
from desk.services.prorata import ProrataSummary, prorata_award, prorata_shares
from desk.services.revocation import decision_revoke

__all__ = [
    "AwardSummary",
    "BulkApprovePreview",
    "BulkApproveSummary",
    "DeskError",
    "evidence_verify",
    "ProrataSummary",
    "applications_bulk_approve",
    "applications_bulk_approve_preview",
    "budget_release",
    "case_claim",
    "case_note_add",
    "case_reassign",
    "case_release",
    "case_take_next",
    "case_view_record",
    "competitive_award",
    "competitive_ranking",
    "decision_approve",
    "decision_approve_amended",
    "decision_propose",
    "decision_reject",
    "decision_return",
    "decision_revoke",
    "information_request_create",
    "programme_desk_for",
    "prorata_award",
    "prorata_shares",
    "waitlist_promote",
]
