"""Import of registry and measurement tables and of the programme's records (CSV/XLSX): read,
validate, write.

The command line (``import_data``) and the Wagtail admin's import (``analytics.admin_views``)
share this one reader, this one validation and this one writer.
"""

from .files import ImportFileError, read_table
from .registry import DatabaseRegistry
from .schema import SCHEMAS
from .validation import Problem, Validated, validate
from .writer import count_changes, sha256, write, write_frame

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
    "write_frame",
]
