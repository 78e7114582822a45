"""«Экспертиза»: what a methodologist submits waits for an expert, made by migrations, not the demo."""

import pytest

from django.urls import reverse

from wagtail.models import TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from base.roles import REVIEW_WORKFLOW
from practices.models import EducationLevel, PracticePage, PracticeType
from tests.factories import library


def task_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def practice_form(title, slug, action):
    """The add form of a practice as the admin posts it, with the button ``action`` pressed."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "practice_type": PracticeType.objects.get(slug="teaching").pk,
            "levels": [EducationLevel.objects.get(slug="ooo").pk],
            "year": 2025,
            "context": rich_text("<p>Городская школа, 600 учеников.</p>"),
            "problem": rich_text("<p>Ученики не читают условие задачи до конца.</p>"),
            "steps": streamfield([]),
            "results": streamfield([]),
            "body": streamfield([]),
            "files": inline_formset([]),
            "comments": inline_formset([]),
            f"action-{action}": "1",
        }
    )


@pytest.fixture
def submitted(client, practice_index, methodist):
    """A practice the methodologist wrote in the admin and sent to «Экспертиза»."""
    client.force_login(methodist)
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    response = client.post(url, practice_form("Смысловое чтение на уроках математики", "reading-maths", "submit"))
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return PracticePage.objects.get(slug="reading-maths")


def test_a_new_library_section_gets_the_review_workflow_and_its_pages_inherit_it(home):
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    practices, materials = library.practice_index(), library.material_index()
    assert practices.get_workflow() == workflow
    assert materials.get_workflow() == workflow
    assert library.make_practice("Практика в разделе").get_workflow() == workflow


def test_methodist_may_add_to_the_library_but_not_publish(practice_index, methodist, expert):
    methodist_rights = practice_index.permissions_for_user(methodist)
    assert methodist_rights.can_add_subpage()
    assert not methodist_rights.can_publish_subpage()
    assert practice_index.permissions_for_user(expert).can_publish_subpage()


def test_submitted_practice_waits_for_an_expert_and_is_published_after_approval(client, submitted, expert):
    assert submitted.workflow_in_progress
    assert not submitted.live
    assert client.get(submitted.url).status_code == 404
    assert submitted.title not in client.get("/practices/").content.decode()

    client.force_login(expert)
    response = client.post(task_action_url(submitted, "approve"), {"comment": ""})
    assert response.status_code in {200, 302}
    client.logout()

    submitted.refresh_from_db()
    assert submitted.live
    assert not submitted.workflow_in_progress
    assert client.get(submitted.url).status_code == 200
    assert submitted.title in client.get("/practices/").content.decode()


def test_a_methodist_pressing_publish_only_saves_a_draft(client, practice_index, methodist):
    client.force_login(methodist)
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    client.post(url, practice_form("Опубликовать в обход экспертизы", "bypass", "publish"))
    client.logout()
    page = PracticePage.objects.get(slug="bypass")
    assert not page.live
    assert not page.workflow_in_progress
    assert client.get(page.url).status_code == 404


def test_a_methodist_may_not_approve_their_own_submission(client, submitted, methodist):
    client.force_login(methodist)
    client.post(task_action_url(submitted, "approve"), {"comment": ""})
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.workflow_in_progress


def test_expert_sends_a_practice_back_with_a_comment(client, submitted, expert):
    client.force_login(expert)
    comment = "Добавьте результаты в цифрах и контакты автора."
    client.post(task_action_url(submitted, "reject"), {"comment": comment})
    client.logout()

    submitted.refresh_from_db()
    assert not submitted.live
    state = WorkflowState.objects.filter(base_content_type__isnull=False, object_id=str(submitted.pk)).latest("pk")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.filter(workflow_state=state).latest("pk")
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == comment
    assert client.get(submitted.url).status_code == 404
