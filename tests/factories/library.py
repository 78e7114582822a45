"""The library's sections, practices, materials, their files and collections, built through the page tree.

Taxonomy terms are named by slug (grades by number, risks by code) from the vocabularies the
migrations seed; a slug they do not have fails loudly instead of silently building a page with
fewer terms than the test says.
"""

import itertools

import pytest

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from demo.library_files import docx_bytes, pdf_bytes
from practices.models import (
    Audience,
    CollectionItem,
    CollectionPage,
    EducationLevel,
    Grade,
    MaterialFile,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    PracticeFile,
    PracticeIndexPage,
    PracticePage,
    PracticeType,
    Subject,
)
from registry.models import Risk
from tests.factories import pages

_numbers = itertools.count(1)


def _slug(prefix):
    return f"{prefix}-{next(_numbers)}"


def _rich(text):
    return f"<p>{text}</p>"


def terms(model, keys, field="slug"):
    """The rows of ``model`` whose ``field`` is in ``keys``, all of them or an error."""
    keys = list(keys)
    found = list(model.objects.filter(**{f"{field}__in": keys}))
    missing = {str(key) for key in keys} - {str(getattr(row, field)) for row in found}
    if missing:
        raise LookupError(f"{model.__name__} has no {field} {sorted(missing)}")
    return found


def practice_index():
    """/practices/, the best-practice library (it gets «Экспертиза» when created)."""
    return pages.section(PracticeIndexPage, "practices", title="Библиотека лучших практик")


def material_index():
    """/materials/, the bank of methodological materials (it gets «Экспертиза» when created)."""
    return pages.section(MaterialIndexPage, "materials", title="Методические материалы")


def _file_bytes(title, filename, text):
    if filename.endswith(".pdf"):
        content = pdf_bytes(title, [(title, [text])])
        if content is None:
            pytest.skip("A font with Cyrillic glyphs (DejaVu Sans) is needed to write a Russian PDF")
        return content
    if filename.endswith(".docx"):
        return docx_bytes(title, [(title, [text])])
    return text.encode()


def make_document(title, filename, text=None, *, content=None):
    """A Wagtail document with a small real file: PDF or DOCX by the extension, ``text`` inside;
    or exactly the bytes ``content`` (a broken file, a plain text)."""
    if content is None:
        content = _file_bytes(title, filename, text or title)
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def _make_resource(model, file_model, parent, title, *, risks, files, publish_now, user, **fields):
    page = pages.add_page(
        parent,
        model,
        publish_now=publish_now,
        user=user,
        title=title,
        risks=terms(Risk, risks, field="code"),
        files=[file_model(document=document) for document in files],
        **fields,
    )
    return model.objects.get(pk=page.pk)


def make_practice(
    title,
    *,
    parent=None,
    practice_type="teaching",
    levels=(),
    subjects=(),
    audiences=(),
    risks=(),
    files=(),
    publish_now=True,
    user=None,
    **fields,
):
    """A PracticePage in /practices/ with the given terms and attached documents; published unless told."""
    fields.setdefault("slug", _slug("practice"))
    fields.setdefault("context", _rich("Сельская школа, по одному классу в параллели."))
    fields.setdefault("problem", _rich("Половина пятиклассников не справлялась с текстовыми задачами."))
    return _make_resource(
        PracticePage,
        PracticeFile,
        parent or practice_index(),
        title,
        risks=risks,
        files=files,
        publish_now=publish_now,
        user=user,
        practice_type=PracticeType.objects.get(slug=practice_type) if practice_type else None,
        levels=terms(EducationLevel, levels),
        subjects=terms(Subject, subjects),
        audiences=terms(Audience, audiences),
        **fields,
    )


def make_material(
    title,
    *,
    parent=None,
    material_type="guidelines",
    grades=(),
    subjects=(),
    audiences=(),
    risks=(),
    files=(),
    publish_now=True,
    user=None,
    **fields,
):
    """A MaterialPage in /materials/ with the given terms and attached documents; published unless told."""
    fields.setdefault("slug", _slug("material"))
    fields.setdefault("author", "Иванова Мария Петровна")
    fields.setdefault("description", _rich("Материал содержит задания и пояснения для учителя."))
    return _make_resource(
        MaterialPage,
        MaterialFile,
        parent or material_index(),
        title,
        risks=risks,
        files=files,
        publish_now=publish_now,
        user=user,
        material_type=MaterialType.objects.get(slug=material_type) if material_type else None,
        grades=terms(Grade, grades, field="number"),
        subjects=terms(Subject, subjects),
        audiences=terms(Audience, audiences),
        **fields,
    )


def make_collection(title, resources, *, parent=None, publish_now=True, **fields):
    """A CollectionPage (подборка) of ``resources`` in their order, in /materials/ unless told."""
    fields.setdefault("slug", _slug("collection"))
    fields.setdefault("intro", _rich("Для учителей, которые начинают работать с темой."))
    page = pages.add_page(
        parent or material_index(),
        CollectionPage,
        publish_now=publish_now,
        title=title,
        items=[CollectionItem(page=resource) for resource in resources],
        **fields,
    )
    return CollectionPage.objects.get(pk=page.pk)
