"""Import of registry and measurement tables (CSV/XLSX): read, validate, write.

The command line (``import_data``) and the admin (django-import-export resources in
``analytics.resources``) share this one reader and this one validation.
"""

from .files import ImportFileError, read_table
from .registry import DatabaseRegistry
from .schema import SCHEMAS
from .validation import Problem, Validated, validate
from .writer import count_changes, sha256, write

__all__ = [
    "SCHEMAS",
    "DatabaseRegistry",
    "ImportFileError",
    "Problem",
    "Validated",
    "count_changes",
    "read_table",
    "sha256",
    "validate",
    "write",
]
