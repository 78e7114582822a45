from django.urls import reverse

from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowState

from practices.models import Grade, MaterialIndexPage, MaterialPage, MaterialType, PracticeIndexPage, PracticePage
from practices.workflow import WORKFLOW_NAME


def task_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def submit_new_material(material_index, methodist):
    """What the methodist's «Отправить на экспертизу» does: a draft revision and the workflow started."""
    draft = MaterialPage(
        title="Рабочий лист по математике: площадь фигур",
        slug="worksheet-area",
        live=False,
        owner=methodist,
        material_type=MaterialType.objects.get(slug="lesson-plan"),
        author="Е. А. Миронова",
        description="<p>Рабочий лист для 5 класса.</p>",
    )
    draft.grades = [Grade.objects.get(number=5)]
    material_index.add_child(instance=draft)
    draft.save_revision(user=methodist)
    draft.get_workflow().start(draft, methodist)
    return MaterialPage.objects.get(pk=draft.pk)


def test_review_workflow_expertise_is_assigned_to_both_libraries(demo_site):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert [group.name for group in task.groups.all()] == ["Эксперты"]
    assert PracticeIndexPage.objects.get().get_workflow() == workflow
    assert MaterialIndexPage.objects.get().get_workflow() == workflow
    assert PracticePage.objects.live().first().get_workflow() == workflow


def test_methodist_cannot_publish_without_review(methodist, material_index):
    assert not material_index.permissions_for_user(methodist).can_publish_subpage()
    assert material_index.permissions_for_user(methodist).can_add_subpage()


def test_submitted_draft_is_hidden_until_the_reviewer_approves_it(client, material_index, methodist, reviewer):
    draft = submit_new_material(material_index, methodist)
    assert draft.workflow_in_progress
    assert not draft.live
    assert client.get(draft.url).status_code == 404
    assert not MaterialPage.objects.live().public().filter(pk=draft.pk).exists()
    assert draft.title not in client.get("/materials/?sort=newest").content.decode()

    client.force_login(reviewer)
    response = client.post(task_action_url(draft, "approve"), {"comment": ""})
    assert response.status_code in {200, 302}
    client.logout()

    draft.refresh_from_db()
    assert draft.live
    assert not draft.workflow_in_progress
    assert client.get(draft.url).status_code == 200
    assert draft.title in client.get("/materials/?sort=newest").content.decode()


def test_reviewer_sends_a_practice_back_with_a_comment(client, reviewer):
    practice = PracticePage.objects.filter(live=False).first()
    assert practice.workflow_in_progress, "the demo keeps practices in review"
    assert client.get(practice.url).status_code == 404

    client.force_login(reviewer)
    comment = "Добавьте результаты в цифрах и контакты автора."
    client.post(task_action_url(practice, "reject"), {"comment": comment})

    practice.refresh_from_db()
    assert not practice.live
    state = WorkflowState.objects.filter(base_content_type__isnull=False, object_id=str(practice.pk)).latest("pk")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.filter(workflow_state=state).latest("pk")
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == comment
    client.logout()
    assert client.get(practice.url).status_code == 404


def test_a_methodist_may_not_approve_their_own_submission(client, material_index, methodist):
    draft = submit_new_material(material_index, methodist)
    client.force_login(methodist)
    client.post(task_action_url(draft, "approve"), {"comment": ""})
    draft.refresh_from_db()
    assert not draft.live
    assert draft.workflow_in_progress
