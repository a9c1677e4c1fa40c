"""Policy staff roles: Django groups with rights in the Wagtail admin.

Policy editors write programme pages and rules and submit them for moderation; policy
approvers also publish, and are the reviewers of the default moderation workflow.
"""

POLICY_EDITORS = "Policy editors"
POLICY_APPROVERS = "Policy approvers"

EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")
APPROVER_PAGE_PERMISSIONS = ("add", "change", "lock", "publish", "unlock")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose")),
    ("wagtaildocs", "document", ("add", "change", "choose")),
)
