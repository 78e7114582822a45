"""The outbox in the admin: staff can see whether a letter went out, and why not."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from base.models import OutgoingEmail


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
