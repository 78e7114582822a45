"""Staff analytics under /analytics/ (routed before Wagtail's catch-all in config/urls.py)."""

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<slug:name>/", views.chart_data, name="chart"),
    path("schools/", views.school_list, name="schools"),
    path("schools/export.csv", views.school_export, {"fmt": "csv"}, name="schools_csv"),
    path("schools/export.xlsx", views.school_export, {"fmt": "xlsx"}, name="schools_xlsx"),
    path("schools/<str:code>/", views.school_passport, name="school"),
    path("schools/<str:code>/chart/", views.school_chart, name="school_chart"),
    path("schools/<str:code>/pdf/", views.school_pdf, name="school_pdf"),
    path("municipalities/<int:pk>/", views.municipality, name="municipality"),
    path("regression/", views.regression, name="regression"),
    path("runs/", views.runs, name="runs"),
    path("runs/recompute/", views.recompute, name="recompute"),
]
