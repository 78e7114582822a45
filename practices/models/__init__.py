"""The library's models.

Page tree: HomePage → PracticeIndexPage (/practices/) → PracticePage | CollectionPage
           HomePage → MaterialIndexPage (/materials/) → MaterialPage | CollectionPage
Snippets (menu «Справочники»): Subject, EducationLevel, Grade, Audience, MaterialType, PracticeType;
risks are registry.Risk.
"""

from .collection import CollectionItem, CollectionPage
from .downloads import FileDownloadCount
from .indexes import MaterialIndexPage, PracticeIndexPage
from .material import MaterialFile, MaterialPage, MaterialPageTag
from .practice import PracticeFile, PracticePage, PracticePageTag
from .snippets import Audience, EducationLevel, Grade, MaterialType, PracticeType, Subject

__all__ = [
    "Audience",
    "CollectionItem",
    "CollectionPage",
    "EducationLevel",
    "FileDownloadCount",
    "Grade",
    "MaterialFile",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialPageTag",
    "MaterialType",
    "PracticeFile",
    "PracticeIndexPage",
    "PracticePage",
    "PracticePageTag",
    "PracticeType",
    "Subject",
]
