"""The review workflow «Экспертиза»: a methodist's draft is published only after an expert approves it."""

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Экспертиза"
TASK_NAME = "Экспертиза содержания"
REVIEWERS = "Эксперты"


def ensure_review_workflow(pages):
    """Create the workflow once and make it the one for `pages` and everything below them."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
