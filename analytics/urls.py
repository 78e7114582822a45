"""Staff analytics under /analytics/ (routed before Wagtail's catch-all in config/urls.py)."""

from django.urls import path

from . import views
from .views import agreements, annual_report, programme, surveys

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
    path("programme/", programme.monitoring, name="programme"),
    path("programme/export.csv", programme.export, {"fmt": "csv"}, name="programme_csv"),
    path("programme/export.xlsx", programme.export, {"fmt": "xlsx"}, name="programme_xlsx"),
    path("programme/targets/<slug:indicator>/", programme.target, name="programme_target"),
    path("programme/report.pdf", annual_report.report_pdf, name="programme_report"),
    path("programme/agreements/start/", agreements.start, name="agreement_start"),
    path("programme/agreements/<int:pk>/", agreements.detail, name="agreement"),
    path("programme/agreements/<int:pk>/agreement.docx", agreements.docx, name="agreement_docx"),
    path("programme/files/<slug:record>/<int:pk>/", agreements.private_file, name="programme_file"),
    path("surveys/", surveys.index, name="surveys"),
    path("surveys/<int:pk>/", surveys.campaign, name="survey"),
    path("surveys/<int:pk>/export.csv", surveys.export, {"fmt": "csv"}, name="survey_csv"),
    path("surveys/<int:pk>/export.xlsx", surveys.export, {"fmt": "xlsx"}, name="survey_xlsx"),
    path("surveys/<int:pk>/schools/<str:code>/", surveys.school, name="survey_school"),
    path("surveys/<int:pk>/links/", surveys.links, name="survey_links"),
    path("surveys/<int:pk>/links/<str:code>/", surveys.handout, name="survey_handout"),
    path("surveys/<int:pk>/links/<str:code>/qr.svg", surveys.qr, name="survey_qr"),
]
