from django.db import migrations

from cms.roles import (
    APPROVER_PAGE_PERMISSIONS,
    COLLECTION_PERMISSIONS,
    EDITOR_PAGE_PERMISSIONS,
    POLICY_APPROVERS,
    POLICY_EDITORS,
)


def _permission(apps, app_label, model, codename):
    # Permissions are normally created after migrations; on a fresh database they are not
    # there yet, so create them as Django would.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def create_policy_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, page_permissions in (
        (POLICY_EDITORS, EDITOR_PAGE_PERMISSIONS),
        (POLICY_APPROVERS, APPROVER_PAGE_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", f"{codename}_page"),
            )
        for app_label, model, actions in COLLECTION_PERMISSIONS:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, f"{action}_{model}"),
                )

    # Approvers review what editors submit in Wagtail's default moderation workflow.
    approvers = Group.objects.get(name=POLICY_APPROVERS)
    for task in GroupApprovalTask.objects.all():
        task.groups.add(approvers)


def remove_policy_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[POLICY_EDITORS, POLICY_APPROVERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_policy_roles, remove_policy_roles)]
