"""Answering surveys: a school's link, its sections, the end (routed before Wagtail's pages)."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("<str:code>/", views.start, name="start"),
    path("<str:code>/done/", views.done, name="done"),
    path("<str:code>/<int:number>/", views.section, name="section"),
]
