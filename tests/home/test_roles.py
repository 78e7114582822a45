"""What `migrate` alone leaves in a fresh database: the role groups, their rights and «Экспертиза».

The test database is built by migrations, so nothing here loads the demo or creates a group.
"""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow

from base.roles import (
    ADMIN_GROUPS,
    CONSULTANTS,
    EXPERTS,
    METHODISTS,
    MUNICIPAL_SPECIALISTS,
    REGIONAL_ANALYSTS,
    REVIEW_WORKFLOW,
    ROLE_GROUPS,
    SCHOOL_LEADERS,
)
from tests.factories import users


def page_rights(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )


def test_every_role_group_exists(db):
    assert set(Group.objects.filter(name__in=ROLE_GROUPS).values_list("name", flat=True)) == {
        METHODISTS,
        EXPERTS,
        REGIONAL_ANALYSTS,
        MUNICIPAL_SPECIALISTS,
        SCHOOL_LEADERS,
        CONSULTANTS,
    }


def test_methodists_write_pages_but_cannot_publish(db):
    assert page_rights(METHODISTS) == {"add_page", "change_page"}


def test_experts_write_and_publish_pages(db):
    assert page_rights(EXPERTS) == {"add_page", "change_page", "publish_page"}


def test_only_staff_roles_enter_the_wagtail_admin(db):
    for name in ROLE_GROUPS:
        assert users.user_in(name).has_perm("wagtailadmin.access_admin") == (name in ADMIN_GROUPS), name


def test_regional_analysts_see_the_whole_region(db):
    analyst = users.user_in(REGIONAL_ANALYSTS)
    assert analyst.has_perm("analytics.view_school_analytics")
    assert analyst.has_perm("analytics.view_region")


@pytest.mark.parametrize("group_name", [MUNICIPAL_SPECIALISTS, SCHOOL_LEADERS])
def test_municipal_specialists_and_school_leaders_see_only_their_scope(db, group_name):
    member = users.user_in(group_name)
    assert member.has_perm("analytics.view_school_analytics")
    assert not member.has_perm("analytics.view_region")


@pytest.mark.parametrize("group_name", [METHODISTS, EXPERTS, CONSULTANTS])
def test_content_roles_see_no_school_analytics(db, group_name):
    assert not users.user_in(group_name).has_perm("analytics.view_school_analytics")


def test_the_review_workflow_has_one_task_for_the_experts(db):
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [EXPERTS]
