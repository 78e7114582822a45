"""«Обращения родителей» in the Wagtail admin: the requests (scoped by ``parents.access``),
the topics, the overdue list, the figures, and a panel on the admin home page."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import access, admin_views
from .models import ConsultationRequest, ConsultationTopic


class ConsultationRequestPolicy(ModelPermissionPolicy):
    """Model permissions open the views; ``parents.access`` decides which requests inside them.

    Nobody adds a request in the admin: requests come from parents, through the site's form.
    """

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "change":
            return access.can_change(user, instance)
        if action == "delete":
            return access.is_supervisor(user)
        return access.can_see(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ConsultationRequest.objects.none()
        return access.visible_requests(user)


class TopicPolicy(ModelPermissionPolicy):
    """Topics are never deleted (requests and figures refer to them): they are switched off."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(ConsultationRequest, ConsultationRequestPolicy(ConsultationRequest))
register_permission_policy(ConsultationTopic, TopicPolicy(ConsultationTopic))


class ConsultationRequestViewSet(ModelViewSet):
    model = ConsultationRequest
    name = admin_views.URL_NAMESPACE
    url_prefix = "parents/requests"
    icon = "mail"
    menu_label = "Обращения"
    index_view_class = admin_views.RequestIndexView
    inspect_view_class = admin_views.RequestCardView
    edit_view_class = admin_views.RequestEditView
    delete_view_class = admin_views.RequestDeleteView
    history_view_class = admin_views.RequestHistoryView
    usage_view_class = admin_views.RequestUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = admin_views.RequestFilterSet
    search_fields = ["reference", "name", "email"]
    search_backend_name = None
    list_per_page = 30
    # Staff correct how a request is filed; what the parent wrote is never edited.
    form_fields = ["topic", "municipality", "school", "preferred_format"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title="Обращения родителей", **kwargs)

    def get_urlpatterns(self):
        actions = {
            "take": admin_views.TakeView,
            "assign": admin_views.AssignView,
            "release": admin_views.ReleaseView,
            "reply": admin_views.ReplyView,
            "close": admin_views.CloseView,
            "note": admin_views.NoteView,
        }
        return super().get_urlpatterns() + [
            path(f"{name}/<int:pk>/", view.as_view(), name=name) for name, view in actions.items()
        ]


class ConsultationTopicViewSet(ModelViewSet):
    model = ConsultationTopic
    name = "parents_topics"
    url_prefix = "parents/topics"
    icon = "tag"
    menu_label = "Темы консультаций"
    list_display = ["name", "description", "order", "active"]
    form_fields = ["name", "description", "order", "active"]
    copy_view_enabled = False
    inspect_view_enabled = True


class ConsultationGroup(ModelViewSetGroup):
    menu_label = "Обращения родителей"
    menu_icon = "mail"
    menu_order = 240
    submenu_hook = "register_parents_menu_item"
    items = (ConsultationRequestViewSet, ConsultationTopicViewSet)


@hooks.register("register_admin_viewset")
def register_consultations():
    return ConsultationGroup()


@hooks.register("register_admin_urls")
def register_figures_url():
    return [path("parents/figures/", admin_views.FiguresView.as_view(), name="parents_figures")]


class OverdueMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_supervisor(request.user) or request.user.has_perm(access.VIEW)


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_see_figures(request.user)


@hooks.register("register_parents_menu_item")
def register_overdue_menu_item():
    return OverdueMenuItem(
        "Просроченные",
        reverse(f"{admin_views.URL_NAMESPACE}:index") + "?deadline=overdue",
        name="overdue",
        icon_name="warning",
        order=150,
    )


@hooks.register("register_parents_menu_item")
def register_figures_menu_item():
    return FiguresMenuItem("Показатели", reverse("parents_figures"), name="figures", icon_name="table", order=300)


class ConsultationsPanel(Component):
    name = "consultations"
    template_name = "parents/admin/home_panel.html"
    order = 90

    def __init__(self, summary):
        self.summary = summary

    def get_context_data(self, parent_context):
        return {"summary": self.summary}


@hooks.register("construct_homepage_panels")
def add_consultations_panel(request, panels):
    summary = admin_views.summary_for(request.user)
    if summary is not None:
        panels.append(ConsultationsPanel(summary))
