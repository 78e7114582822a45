"""Staff roles, their permissions and the «Экспертиза» review, made by `migrate` itself.

A production install has nothing but `migrate`: the groups, what each may do in the admin,
and the review workflow must exist after it, and a flushed database (transactional tests)
must get them back. So they are built by a ``post_migrate`` handler that is idempotent and
runs on every `migrate` and `flush`, not by the demo loader.

This module knows the roles; each feature app grants its own models' permissions to them
by registering a function with :func:`on_migrate` (using :func:`grant`) from its
``AppConfig.ready``, so the base layer never imports a feature app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_migrate

METHODISTS = "Методисты"
EXPERTS = "Эксперты"
REGIONAL_ANALYSTS = "Региональные аналитики"
MUNICIPAL_SPECIALISTS = "Муниципальные специалисты"
SCHOOL_LEADERS = "Руководители школ"
CONSULTANTS = "Консультанты"

ROLE_GROUPS = [METHODISTS, EXPERTS, REGIONAL_ANALYSTS, MUNICIPAL_SPECIALISTS, SCHOOL_LEADERS, CONSULTANTS]

# Who works in the Wagtail admin at all. Municipal specialists and school leaders enter it for
# the programme's records only, narrowed to their municipality or school (analytics.programme_admin).
ADMIN_GROUPS = [METHODISTS, EXPERTS, REGIONAL_ANALYSTS, CONSULTANTS, MUNICIPAL_SPECIALISTS, SCHOOL_LEADERS]

# Page rights on the whole tree. Methodists write but cannot publish: what they submit goes
# through the review of the section (the «Экспертиза» workflow on library sections).
PAGE_PERMISSIONS = {
    METHODISTS: ["add_page", "change_page"],
    EXPERTS: ["add_page", "change_page", "publish_page"],
}
# Rights on the root collection of documents and images, for attaching files to pages.
COLLECTION_PERMISSIONS = {
    METHODISTS: ["wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"]
    + ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"],
    EXPERTS: ["wagtaildocs.choose_document", "wagtailimages.choose_image"],
}

REVIEW_WORKFLOW = "Экспертиза"
REVIEW_TASK = "Экспертиза содержания"


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(group_name: str, permissions: Iterable[str]) -> Group:
    """Give the group model permissions named ``app_label.codename`` (creating the group if needed)."""
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*[_permission(name) for name in permissions])
    return group


_grants: list[Callable[[], None]] = []


def on_migrate(grant_permissions: Callable[[], None]) -> None:
    """Have ``grant_permissions`` run after every `migrate` and `flush`, once the roles exist.

    Feature apps call this from ``AppConfig.ready``; one receiver runs them all in one pass.
    """
    _grants.append(grant_permissions)


def _after_migrate(sender, using="default", **kwargs):
    # Django creates each app's permissions in its own post_migrate call, in app order, and
    # this receiver (sent for the first app) grants permissions of apps later in that order
    # (Wagtail's, the feature apps'), so it creates them all first: idempotent, once a migrate.
    ContentType.objects.clear_cache()
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using, apps=global_apps)
    ensure_roles()
    for grant_permissions in _grants:
        grant_permissions()


def ensure_wagtail_base():
    """What Wagtail's own migrations seed: a locale, the root page and the root collection.

    `flush` empties the tables without running migrations again, so after it these rows are
    missing until something recreates them; everything below hangs on them.
    """
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))


def review_workflow():
    """The «Экспертиза» workflow: one task that any member of the experts' group approves."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    experts, _ = Group.objects.get_or_create(name=EXPERTS)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(experts)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def assign_review_workflow(page) -> None:
    """Make «Экспертиза» the workflow of ``page`` and everything below it."""
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": review_workflow()})


def ensure_roles() -> None:
    """The role groups, their admin access, page and collection rights, and the review workflow."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    ensure_wagtail_base()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}
    access_admin = _permission("wagtailadmin.access_admin")
    for name in ADMIN_GROUPS:
        groups[name].permissions.add(access_admin)
    root_page = Page.get_first_root_node()
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page, permission=_permission(f"wagtailcore.{codename}")
            )
    root_collection = Collection.get_first_root_node()
    for name, permissions in COLLECTION_PERMISSIONS.items():
        for dotted in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=_permission(dotted)
            )
    review_workflow()
    # Sections made before this rule existed (or restored from a backup) get it too.
    for section in _sections_without_workflow():
        assign_review_workflow(section)


def reviewed_sections_get_the_workflow(sender, instance, created, raw=False, **kwargs):
    """A new section whose page class asks for review (``review_workflow = True``) gets «Экспертиза»."""
    if created and not raw and getattr(type(instance), "review_workflow", False):
        assign_review_workflow(instance)


def _sections_without_workflow():
    from wagtail.models import WorkflowPage, get_page_models

    for model in get_page_models():
        if getattr(model, "review_workflow", False):
            yield from model.objects.exclude(pk__in=WorkflowPage.objects.values("page"))


def connect() -> None:
    from django.db.models.signals import post_save

    post_migrate.connect(_after_migrate, sender=global_apps.get_app_config("base"), dispatch_uid="roles")
    post_save.connect(reviewed_sections_get_the_workflow, dispatch_uid="roles:review-sections")
