"""Django admin (/django-admin/) for the data tables: django-import-export's upload, preview
with row-level errors and confirm. The Wagtail admin's «Аналитика» menu links here."""

from import_export.admin import ImportMixin

from django.contrib import admin

from registry.models import Municipality, School

from .importing import ImportFileError
from .models import AssessmentResult, ImportRecord, RiskProfile, SocialContext
from .resources import (
    AssessmentResultResource,
    MunicipalityResource,
    RiskProfileResource,
    SchoolResource,
    SocialContextResource,
    TableFormat,
)


class TableImportMixin(ImportMixin):
    import_formats = [TableFormat]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(Municipality)
class MunicipalityAdmin(TableImportMixin, admin.ModelAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(TableImportMixin, admin.ModelAdmin):
    resource_classes = [SchoolResource]
    list_display = ["code", "name", "municipality", "locality", "is_small", "advanced_study", "students"]
    list_filter = ["municipality", "locality", "is_small", "advanced_study"]
    search_fields = ["code", "name"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(TableImportMixin, admin.ModelAdmin):
    resource_classes = [AssessmentResultResource]
    list_display = ["school", "year", "assessment", "grade", "subject", "participants", "mean_score"]
    list_filter = ["year", "assessment", "grade", "subject"]
    search_fields = ["school__code", "school__name"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]


@admin.register(SocialContext)
class SocialContextAdmin(TableImportMixin, admin.ModelAdmin):
    resource_classes = [SocialContextResource]
    list_display = ["school", "year", "higher_education_share", "single_parent_share", "kdn_share"]
    list_filter = ["year"]
    search_fields = ["school__code", "school__name"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]


@admin.register(RiskProfile)
class RiskProfileAdmin(TableImportMixin, admin.ModelAdmin):
    resource_classes = [RiskProfileResource]
    list_display = ["school", "year", "risk", "level"]
    list_filter = ["year", "risk", "level"]
    search_fields = ["school__code", "school__name"]
    list_select_related = ["school", "risk"]
    raw_id_fields = ["school"]


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "file_name", "rows", "created", "updated", "user", "source"]
    list_filter = ["kind", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
