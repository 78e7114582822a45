"""Wagtail's snippet admin narrowed to the editor's scope, for the programme's records.

Scope comes from ``analytics.access`` and means here what ``analytics.programme_scope`` says.
It is applied in every way Wagtail reaches a record: the listing's queryset, the object of
the edit, copy, delete, inspect, usage and history views (out of scope looks exactly like an
unknown record: 404), the permission policy that bulk actions ask, and the choosers that other
forms open. The site history, which Wagtail does not narrow, gets only the kind and number of
a record.
"""

from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import Http404
from django.utils.text import capfirst

from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import scope_for
from .programme_scope import record_in_scope, records_in_scope


class ScopedRecordPolicy(ModelPermissionPolicy):
    """The model permissions of the user's groups, and on one record only within their scope:
    what bulk actions and the object views ask before they act."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and record_in_scope(instance, scope_for(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and record_in_scope(instance, scope_for(user))

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return records_in_scope(self.model, scope_for(user))


def journal_title(record) -> str:
    """How Wagtail's site history names a record: its kind and number, never a school or a person.

    That journal shows every logged change of a table to anyone with a right on the table,
    whatever their scope, so the title a record is logged under must tell nothing of it.
    """
    return f"{capfirst(record._meta.verbose_name)} №{record.pk}"


class TitledLog:
    """Wagtail's create or edit action, logged under ``journal_title``."""

    def execute(self, *args, **kwargs):
        action, self.log_action = self.log_action, None
        record = super().execute(*args, **kwargs)
        if action:
            changed = getattr(self, "content_changed", True)
            log(
                instance=self.instance,
                action=action,
                user=self.user,
                title=journal_title(self.instance),
                content_changed=changed,
            )
        return record


class CreateRecord(TitledLog, CreateAction):
    pass


class EditRecord(TitledLog, EditAction):
    pass


class DeleteRecord(DeleteAction):
    def _delete(self):
        with transaction.atomic():
            if self.log_action:
                # Before the deletion, while the record still has its number (as Wagtail does).
                log(
                    instance=self.instance,
                    action=self.log_action,
                    user=self.user,
                    deleted=True,
                    title=journal_title(self.instance),
                )
            return self.instance.delete()


class InScopeObject:
    """Any view of one record: a record outside the user's scope is answered as unknown."""

    def get_object(self, *args, **kwargs):
        # Asked before Wagtail fetches the record: the copy view refuses a record without the
        # instance's permission (a redirect), which would tell that the record exists.
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        if not records_in_scope(self.model, scope_for(self.request.user)).filter(pk=pk).exists():
            raise Http404("Запись не найдена")
        return super().get_object(*args, **kwargs)


class CreateView(snippets.CreateView):
    action_class = CreateRecord


class EditView(InScopeObject, snippets.EditView):
    action_class = EditRecord


class CopyView(InScopeObject, snippets.CopyView):
    action_class = CreateRecord


class DeleteView(InScopeObject, snippets.DeleteView):
    action_class = DeleteRecord


class InspectView(InScopeObject, snippets.InspectView):
    pass


class UsageView(InScopeObject, snippets.UsageView):
    pass


class HistoryView(InScopeObject, snippets.HistoryView):
    pass


class InScopeChoices:
    """The chooser modal of a record lists and returns only records of the user's scope."""

    def get_object_list(self):
        return records_in_scope(self.model_class, scope_for(self.request.user), super().get_object_list())

    def get_object(self, pk):
        return records_in_scope(self.model_class, scope_for(self.request.user)).get(pk=pk)

    def get_objects(self, pks):
        return list(records_in_scope(self.model_class, scope_for(self.request.user)).filter(pk__in=pks))


class ChooseView(InScopeChoices, chooser.ChooseView):
    pass


class ChooseResultsView(InScopeChoices, chooser.ChooseResultsView):
    pass


class ChosenView(InScopeChoices, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(InScopeChoices, chooser.SnippetChosenMultipleView):
    pass


class ScopedChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class ScopedRecordViewSet(SnippetViewSet):
    """A programme record's admin, narrowed to the editor's scope everywhere."""

    add_view_class = CreateView
    edit_view_class = EditView
    copy_view_class = CopyView
    delete_view_class = DeleteView
    inspect_view_class = InspectView
    usage_view_class = UsageView
    history_view_class = HistoryView
    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_enabled = True
    list_per_page = 50
    list_select_related: tuple[str, ...] = ("school__municipality",)

    def get_queryset(self, request):
        return records_in_scope(self.model, scope_for(request.user)).select_related(*self.list_select_related)
