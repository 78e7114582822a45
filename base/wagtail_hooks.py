"""The admin for the portal's staff: the outbox, the review action and local avatars."""

from urllib.parse import quote

from django.db import models
from django.utils.html import escape

from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import SlugInput
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from base.models import OutgoingEmail
from base.roles import REVIEW_WORKFLOW


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Read-only for everyone: letters are written by the portal, never by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, "view")


register_permission_policy(OutgoingEmail, OutboxPermissionPolicy(OutgoingEmail))


class OutboxViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = "Исходящие письма"
    add_to_settings_menu = True
    list_display = ["subject", "purpose", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "purpose"]
    inspect_view_enabled = True
    inspect_view_fields = ["purpose", "recipients", "subject", "body_text", "status", "attempts", "last_error"]
    form_fields = ["subject"]


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet("outbox")


# With unicode slugs off, Wagtail's slug field drops every Cyrillic letter an editor types into
# it on leaving the field («Ручной ввод» becomes "-"); transliterate there as the title sync
# does. Registered here because Wagtail loads wagtail_hooks before it builds an editing form.
SLUG_ACTIONS = "blur->w-slug#urlify w-sync:check->w-slug#compare w-sync:apply->w-slug#urlify:prevent"
register_form_field_override(models.SlugField, override={"widget": SlugInput(attrs={"data-action": SLUG_ACTIONS})})


class SubmitForReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit action, worded as staff say it: «Отправить на экспертизу».

    Wagtail's Russian label is «Отправить в "Экспертиза"», and after the expert asks for
    changes «Обновить Экспертиза содержания»; neither reads as Russian.
    """

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_page = page if page and page.pk else context["parent_page"]
        workflow = workflow_page.get_workflow()
        if workflow is None or workflow.name != REVIEW_WORKFLOW:
            return context
        state = page.current_workflow_state if page and page.pk else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = "Отправить на экспертизу повторно" if needs_changes else "Отправить на экспертизу"
        return context


@hooks.register("construct_page_action_menu")
def put_review_first_for_those_who_cannot_publish(menu_items, request, context):
    """A methodologist's main button is «Отправить на экспертизу», not «Сохранить черновик».

    Wagtail puts the submit action last in the drop-down, where staff who cannot publish did
    not find it and left drafts that no expert ever saw. Whoever may publish keeps Wagtail's order.
    """
    for position, item in enumerate(menu_items):
        if item.name == SubmitForModerationMenuItem.name:
            menu_items[position] = submit = SubmitForReviewMenuItem(order=item.order)
            break
    else:
        return
    if not any(item.name == "action-publish" for item in menu_items):
        menu_items.remove(submit)
        menu_items.insert(0, submit)


# Dark enough for white letters at 4.5:1 or more; a person keeps one colour across pages.
AVATAR_COLOURS = ["#1f4e79", "#2e6b30", "#7a3b00", "#6a2c70", "#005f6b", "#8b1e3f"]


def initials(user):
    """«Анна Петрова» → «АП»; a person without a name gets the first letter of the login."""
    names = [getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    if not any(name.strip() for name in names):
        names = [user.get_username()]
    return "".join(name.strip()[:1] for name in names if name.strip()).upper() or "?"


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """The person's initials drawn in the page instead of an external avatar service.

    An uploaded picture still wins: returning None lets Wagtail show it.
    """
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-size="42" fill="#fff">{escape(initials(user))}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)
