"""Demo library: practices, materials with real files, collections and pages in review.

Run by `load_demo` after the home step (which creates /practices/ and /materials/ and the
methodist and reviewer accounts). Every item is looked up by slug first, so running it again
changes nothing; `link_schools` attaches practices to registry schools once the analytics
demo region exists.
"""

import datetime
import random
from itertools import zip_longest

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Revision

from analytics.standing import RESILIENT, STRONG, standing_phrase
from practices.models import (
    Audience,
    CollectionItem,
    CollectionPage,
    EducationLevel,
    FileDownloadCount,
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
from practices.taxonomies import seed_taxonomies
from registry.models import Risk, School

from . import library_content as content
from .library_files import docx_bytes, pdf_bytes
from .site import rich

# Practices and materials the methodist has submitted to «Экспертиза» (unpublished in the demo).
IN_REVIEW_PRACTICES = 2
IN_REVIEW_MATERIALS = 2
TODAY = datetime.date(2026, 11, 20)
THEME_TAGS = {
    "equalising-groups": ["индивидуальный маршрут", "группы выравнивания"],
    "formative-assessment": ["формирующее оценивание"],
    "project-tasks": ["проектная деятельность", "мотивация"],
    "lesson-visits": ["методическое объединение", "взаимопосещения"],
    "mentoring": ["наставничество", "молодые учителя"],
    "subject-club": ["внеурочная деятельность"],
    "parent-workshops": ["родители"],
    "language-support": ["дети-инофоны"],
    "digital-lab": ["сетевое взаимодействие", "оборудование"],
}


class Vocabulary:
    """The taxonomy terms by slug, fetched once."""

    def __init__(self):
        self.subjects = {term.slug: term for term in Subject.objects.all()}
        self.levels = {term.slug: term for term in EducationLevel.objects.all()}
        self.grades = {grade.number: grade for grade in Grade.objects.all()}
        self.audiences = {term.slug: term for term in Audience.objects.all()}
        self.material_types = {term.slug: term for term in MaterialType.objects.all()}
        self.practice_types = {term.slug: term for term in PracticeType.objects.all()}
        self.risks = {risk.code: risk for risk in Risk.objects.all()}


def forms(subject):
    nominative, genitive, dative = content.SUBJECT_FORMS[subject]
    return {"nom": nominative, "gen": genitive, "dat": dative, "po": f"по {dative}"}


def make_document(title, filename, data, collection):
    document_model = get_document_model()
    document = document_model(title=title, collection=collection)
    document.file.save(filename, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def practice_specs():
    """Yield (slug, fields, theme, subject, level) for every demo practice."""
    variants = content.PRACTICE_VARIANTS
    for number, theme in enumerate(content.PRACTICE_THEMES):
        for k in range(4):
            subject, level = variants[(number * 4 + k) % len(variants)]
            words = forms(subject) | {"level": content.LEVEL_PHRASES[level]}
            yield f"{theme['slug']}-{subject}-{level}", theme, subject, level, words


def practice_fields(theme, subject, level, words, rng, vocab, index):
    def fill(text):
        return text.format(**words)

    year = 2020 + index % 6
    indicators = []
    for name, before, after in theme["indicators"]:
        unit = "" if isinstance(before, float) else "%"
        indicators.append(
            (
                "indicator",
                {
                    "indicator": fill(name),
                    "before": f"{before}{unit}".replace(".", ","),
                    "after": f"{after}{unit}".replace(".", ","),
                    "period": f"{year}–{min(year + 2, 2026)}",
                },
            )
        )
    authors = rng.sample(content.PEOPLE, 2)
    title = fill(theme["title"])
    return {
        "title": title[0].upper() + title[1:],
        "summary": fill(theme["idea"]),
        "authors": "\n".join(authors),
        "practice_type": vocab.practice_types[theme["type"]],
        "year": year,
        "context": rich(
            content.SCHOOL_CONTEXTS[index % len(content.SCHOOL_CONTEXTS)],
            f"Практика сложилась в {content.LEVEL_GRADES[level]} и опирается на работу учителей {words['gen']}.",
        ),
        "problem": rich(fill(theme["problem"])),
        "steps": [
            ("step", {"title": step_title, "text": fill(text), "duration": duration})
            for step_title, text, duration in theme["steps"]
        ],
        "resources_needed": rich(fill(theme["resources"])),
        "results": indicators,
        "results_text": rich(
            f"Изменения видны по результатам ВПР и внутренней диагностики за {year}–{min(year + 2, 2026)} годы.",
            "Данные собраны школой и проверены методистами института.",
        ),
        "replication": rich(fill(theme["replication"])),
        "contact_person": authors[0].split(",")[0],
        "contact_email": f"school{100 + index}@edu.example.ru",
    }


def add_practice(index_page, slug, fields, theme, subject, level, vocab, *, live=True, owner=None):
    existing = index_page.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    practice = PracticePage(slug=slug, live=live, owner=owner, **fields)
    practice.levels = [vocab.levels[level]]
    practice.subjects = [vocab.subjects[subject]]
    practice.audiences = [vocab.audiences[slug] for slug in theme["audiences"]]
    practice.risks = [vocab.risks[code] for code in theme["risks"]]
    practice.tags.add(content.SUBJECT_FORMS[subject][0], *THEME_TAGS[theme["slug"]])
    index_page.add_child(instance=practice)
    return practice, True


def material_specs():
    """Yield (slug, type, subject, topic, grades, words) for subject materials, then templates."""
    for number, (subject, topic, grades) in enumerate(content.MATERIAL_TOPICS):
        for k in range(3):
            kind = content.SUBJECT_MATERIAL_TYPES[(number * 3 + k) % len(content.SUBJECT_MATERIAL_TYPES)]
            words = forms(subject) | {"topic": topic, "topic_lower": topic[0].lower() + topic[1:], "grade": grades[0]}
            yield f"{kind}-{subject}-{number + 1}", kind, subject, topic, grades, words


def material_sections(title, kind_name, what, how, words, grades):
    subject_phrase = words.get("po", "")
    return [
        (
            "Пояснительная записка",
            [
                f"Материал «{title}» ({kind_name.lower()}) подготовлен для учителей, работающих в "
                f"{', '.join(map(str, grades))} классах. Материал содержит {what}.",
                f"Рекомендуется использовать {how}. Материал прошёл экспертизу методистов регионального "
                "института развития образования.",
            ],
        ),
        (
            "Цели и планируемые результаты",
            [
                f"Помочь обучающимся освоить тему «{words.get('topic', title)}» {subject_phrase} на базовом уровне "
                "и снизить долю учеников с рисками учебной неуспешности.",
                "Дать учителю инструменты для быстрой диагностики дефицитов и обратной связи.",
            ],
        ),
        (
            "Содержание",
            [
                f"1. Входная диагностика {subject_phrase}: пять коротких заданий и критерии их оценивания.",
                "2. Основная часть: задания трёх уровней сложности с образцами решений и типичными ошибками.",
                "3. Рефлексия: лист самооценки и вопросы для обсуждения в парах.",
            ],
        ),
        (
            "Рекомендации по использованию",
            [
                "Начинайте с диагностики и формируйте группы по выявленным дефицитам, а не по отметкам.",
                "Обсудите результаты на методическом объединении и с учителями школы-партнёра.",
            ],
        ),
    ]


def attach_files(material_kind, title, sections, collection, slug):
    files = []
    pdf = pdf_bytes(title, sections)
    wants_docx = material_kind in {"lesson-plan", "diagnostic-test", "document-template", "pd-programme"}
    if pdf is not None and material_kind != "document-template":
        files.append(("Полный текст (PDF)", make_document(title, f"{slug}.pdf", pdf, collection)))
    if wants_docx or not files:
        files.append(
            (
                "Редактируемая версия (DOCX)",
                make_document(f"{title} (DOCX)", f"{slug}.docx", docx_bytes(title, sections), collection),
            )
        )
    return files


def add_material(index_page, slug, fields, relations, files, *, tags=(), live=True, owner=None):
    existing = index_page.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    material = MaterialPage(slug=slug, live=live, owner=owner, **fields)
    for name, values in relations.items():
        setattr(material, name, values)
    material.files = [MaterialFile(document=document, title=label) for label, document in files]
    material.tags.add(*tags)
    index_page.add_child(instance=material)
    return material, True


def publish_quietly(page, user, rng):
    """Publish a freshly created demo page with its first revision, dated within the last two years.

    Pages are created live, so this only records the revision as the live one and sets the dates;
    it skips the publish signals, because `load_demo` rebuilds every index once at the end, which
    keeps loading the demo fast.
    """
    revision = page.save_revision(user=user, clean=False)
    moment = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=rng.randint(0, 700)), datetime.time(10))
    )
    Page.objects.filter(pk=page.pk).update(
        live=True,
        live_revision=revision,
        has_unpublished_changes=False,
        first_published_at=moment,
        last_published_at=moment,
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=moment)


def build_practices(index_page, vocab, methodist, rng):
    created = []
    for number, (slug, theme, subject, level, words) in enumerate(practice_specs()):
        fields = practice_fields(theme, subject, level, words, rng, vocab, number)
        in_review = number >= len(content.PRACTICE_THEMES) * 4 - IN_REVIEW_PRACTICES
        practice, new = add_practice(
            index_page, slug, fields, theme, subject, level, vocab, live=not in_review, owner=methodist
        )
        if not new:
            continue
        if in_review:
            practice.save_revision(user=methodist, log_action=True)
            practice.get_workflow().start(practice, methodist)
        else:
            publish_quietly(practice, methodist, rng)
        created.append(practice)
    return created


def build_materials(index_page, vocab, methodist, rng, collection):
    created = []
    practices = list(PracticePage.objects.live().prefetch_related("subjects", "levels"))
    specs = list(material_specs())
    for number, (slug, kind, subject, topic, grades, words) in enumerate(specs):
        title_template, audiences, what, how = content.MATERIAL_TEMPLATES[kind]
        title = title_template.format(**words)
        title = title[0].upper() + title[1:]
        kind_name = vocab.material_types[kind].name
        in_review = number >= len(specs) - IN_REVIEW_MATERIALS
        if index_page.get_children().filter(slug=slug).exists():
            continue
        sections = material_sections(title, kind_name, what.format(**words), how.format(**words), words, grades)
        fields = {
            "title": title,
            "summary": f"Содержит {what.format(**words)}.",
            "material_type": vocab.material_types[kind],
            "author": content.PEOPLE[number % len(content.PEOPLE)].split(",")[0],
            "organisation": content.ORGANISATIONS[number % len(content.ORGANISATIONS)],
            "year": 2021 + number % 6,
            "description": rich(
                f"Материал содержит {what.format(**words)}.", f"Рекомендуется использовать {how.format(**words)}."
            ),
            "license": [MaterialPage.License.EDUCATION, MaterialPage.License.CC_BY][number % 2],
        }
        levels = {vocab.grades[g].level_id for g in grades}
        candidates = [
            p
            for p in practices
            if vocab.subjects[subject] in p.subjects.all() and levels & {level.pk for level in p.levels.all()}
        ]
        related = [candidates[(number + k) % len(candidates)] for k in range(min(2, len(candidates)))]
        relations = {
            "subjects": [vocab.subjects[subject]],
            "grades": [vocab.grades[g] for g in grades],
            "audiences": [vocab.audiences[a] for a in audiences],
            "risks": [vocab.risks[code] for code in content.TYPE_RISKS[kind]],
            "related_practices": related,
        }
        files = attach_files(kind, title, sections, collection, slug)
        tags = [content.SUBJECT_FORMS[subject][0], topic.lower()]
        material, _ = add_material(
            index_page, slug, fields, relations, files, tags=tags, live=not in_review, owner=methodist
        )
        if in_review:
            material.save_revision(user=methodist, log_action=True)
            material.get_workflow().start(material, methodist)
        else:
            publish_quietly(material, methodist, rng)
            seed_downloads(material, rng)
        created.append(material)
    for number, (title, audiences, risks) in enumerate(content.DOCUMENT_TEMPLATES):
        slug = f"template-{number + 1}"
        if index_page.get_children().filter(slug=slug).exists():
            continue
        sections = [
            ("Назначение", [f"Документ «{title}» используется школами региональной программы поддержки."]),
            ("Как заполнять", ["Заполните поля, выделенные в тексте, и согласуйте документ с руководителем."]),
            ("Форма", ["Наименование школы: ____________", "Ответственный: ____________", "Дата: ____________"]),
        ]
        fields = {
            "title": title,
            "summary": "Шаблон документа для школ программы: скачайте, заполните и согласуйте.",
            "material_type": vocab.material_types["document-template"],
            "author": "Региональный институт развития образования",
            "organisation": "Региональный институт развития образования",
            "year": 2025,
            "description": rich("Редактируемый шаблон в формате DOCX с подсказками по заполнению."),
            "license": MaterialPage.License.CC_BY,
        }
        relations = {
            "audiences": [vocab.audiences[a] for a in audiences],
            "risks": [vocab.risks[code] for code in risks],
        }
        files = attach_files("document-template", title, sections, collection, slug)
        material, _ = add_material(index_page, slug, fields, relations, files, tags=["шаблон"], owner=methodist)
        publish_quietly(material, methodist, rng)
        seed_downloads(material, rng)
        created.append(material)
    return created


def seed_downloads(material, rng):
    for row in material.files.all():
        FileDownloadCount.objects.get_or_create(
            page_id=material.pk, document_id=row.document_id, defaults={"count": rng.randint(0, 240)}
        )


def attach_practice_files(practices, collection):
    """Give every fifth practice a PDF «презентация опыта» as an attachment."""
    for practice in practices[::5]:
        if not practice.live or practice.files.exists():
            continue
        sections = [("О практике", [practice.summary]), ("Проблема", [strip_tags(practice.problem)])]
        pdf = pdf_bytes(practice.title, sections)
        if pdf is None:
            continue
        document = make_document(f"Презентация опыта: {practice.title}", f"{practice.slug}.pdf", pdf, collection)
        PracticeFile.objects.create(page=practice, document=document, title="Презентация опыта (PDF)")


COLLECTIONS = [
    (
        "motivation",
        "Работа с учебной мотивацией",
        "Практики и материалы для школ, где ученики теряют интерес к учёбе.",
        {"risks__code": "low_motivation"},
    ),
    (
        "mathematics",
        "Подготовка к ВПР по математике",
        "Диагностические работы, конспекты и практики выравнивания по математике.",
        {"subjects__slug": "mathematics"},
    ),
    (
        "families",
        "Школа и семья",
        "Как вовлечь родителей в учёбу детей: практики и готовые шаблоны.",
        {"risks__code": "low_parental_involvement"},
    ),
    (
        "school-pd",
        "Внутришкольное профессиональное развитие",
        "Наставничество, взаимопосещения и программы повышения квалификации.",
        {"risks__code": "no_school_pd"},
    ),
]


def build_collections(practice_index, material_index, methodist, rng):
    for number, (slug, title, summary, lookup) in enumerate(COLLECTIONS):
        parent = practice_index if number % 2 else material_index
        if parent.get_children().filter(slug=f"collection-{slug}").exists():
            continue
        practices = list(PracticePage.objects.live().filter(**lookup).distinct().order_by("title")[:4])
        materials = list(MaterialPage.objects.live().filter(**lookup).distinct().order_by("title")[:5])
        collection = CollectionPage(
            slug=f"collection-{slug}",
            title=title,
            summary=summary,
            intro=rich(summary, "Подборку составили методисты института по итогам экспертизы."),
        )
        collection.items = [CollectionItem(page=page) for page in practices + materials]
        parent.add_child(instance=collection)
        publish_quietly(collection, methodist, rng)


def link_schools(stdout=None):
    """Attach practices to registry schools once the demo region is loaded (idempotent).

    Practices come from schools that did well against the odds, so resilient and strong schools of
    the latest computation go first when there is one.
    """
    schools = list(School.objects.select_related("municipality").order_by("code")[:300])
    if not schools:
        return []
    standings = {school.pk: standing_phrase(school) for school in schools}
    resilient = [school for school in schools if standings[school.pk] == RESILIENT]
    strong = [school for school in schools if standings[school.pk] == STRONG]
    # Alternate resilient and strong schools, then the rest of the registry.
    pool = [school for pair in zip_longest(resilient[:12], strong[:12]) for school in pair if school]
    pool += [school for school in schools if not standings[school.pk]]
    for number, practice in enumerate(PracticePage.objects.filter(school=None).order_by("pk")):
        PracticePage.objects.filter(pk=practice.pk).update(school=pool[number % min(len(pool), 24)])
    return []


def load(stdout):
    practice_index = PracticeIndexPage.objects.get().specific
    material_index = MaterialIndexPage.objects.get().specific
    methodist = get_user_model().objects.filter(username="methodist").first()
    rng = random.Random(2026)
    seed_taxonomies(django_apps)
    vocab = Vocabulary()
    documents = Collection.get_first_root_node()
    practices = build_practices(practice_index, vocab, methodist, rng)
    attach_practice_files(practices, documents)
    build_materials(material_index, vocab, methodist, rng, documents)
    build_collections(practice_index, material_index, methodist, rng)
    link_schools()
    ensure_section_texts(practice_index, material_index)
    in_review = PracticePage.objects.filter(live=False).count() + MaterialPage.objects.filter(live=False).count()
    stdout.write(
        f"Практик: {PracticePage.objects.live().count()}, материалов: {MaterialPage.objects.live().count()}, "
        f"на экспертизе: {in_review}."
    )
    return []


def ensure_section_texts(practice_index, material_index):
    if not practice_index.intro:
        practice_index.intro = rich(
            "Практики школ региона, которые помогли повысить результаты обучения в непростых условиях. "
            "Каждая практика прошла экспертизу и описана так, чтобы её можно было повторить."
        )
        practice_index.save_revision().publish()
    if not material_index.intro:
        material_index.intro = rich(
            "Методические рекомендации, конспекты уроков, диагностические работы и шаблоны документов, "
            "которые можно скачать и использовать завтра."
        )
        material_index.save_revision().publish()
