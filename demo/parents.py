"""Demo content of the parents' consultation service (run by `load_demo` after the site tree
and the region): the consent text of its form, consultants with their accounts, profiles,
photos and free times, and requests in every state of the workflow.

Everything is looked up before it is made (requests by a demo token, pages by slug, accounts
by username), so running `load_demo` again changes nothing.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from base.roles import CONSULTANTS
from parents.choices import Format, Status
from parents.models import (
    ConsultantIndexPage,
    ConsultantPage,
    ConsultationRequest,
    ConsultationServicePage,
    ConsultationSlot,
    ConsultationTopic,
    InternalNote,
    StatusChange,
)
from parents.roles import SUPERVISORS
from registry.models import Municipality, School

from .library_files import FONT_CANDIDATES
from .site import DEMO_PASSWORD, consent_page, ensure_page, rich

ACCOUNTS = [
    # username, role shown, groups, first name, last name
    ("consultant", "консультант службы для родителей", [CONSULTANTS], "Наталья", "Воронина"),
    ("consultant2", "консультант службы для родителей", [CONSULTANTS], "Дмитрий", "Ершов"),
    ("supervisor", "руководитель консультационной службы", [SUPERVISORS, CONSULTANTS], "Галина", "Сергеева"),
]

CONSULTANTS_PAGES = [
    # slug, name, account, position, specialisation, topics, bio, schedule, colour
    (
        "voronina",
        "Наталья Воронина",
        "consultant",
        "педагог-психолог",
        "трудности в обучении, тревожность, адаптация к школе",
        ["Трудности в обучении", "Поведение и отношения", "Подготовка к экзаменам"],
        "Двадцать лет работает с младшими школьниками и подростками, ведёт группы для родителей пятиклассников.",
        [("Понедельник, среда", "15:00–19:00", "по телефону и по видеосвязи"), ("Пятница", "10:00–13:00", "очно")],
        (46, 110, 160),
    ),
    (
        "ershov",
        "Дмитрий Ершов",
        "consultant2",
        "учитель-дефектолог",
        "обучение детей с ОВЗ, инклюзия, подготовка к ПМПК",
        ["Дети с особыми образовательными потребностями", "Права ребёнка и семьи в школе"],
        "Консультирует семьи детей с особыми образовательными потребностями, член региональной ПМПК.",
        [("Вторник, четверг", "16:00–20:00", "по телефону и по видеосвязи")],
        (150, 80, 40),
    ),
    (
        "sergeeva",
        "Галина Сергеева",
        "supervisor",
        "руководитель службы, методист",
        "выбор профиля обучения, подготовка к ОГЭ и ЕГЭ",
        ["Выбор образовательного маршрута", "Подготовка к экзаменам"],
        "Руководит консультационной службой; помогает семьям выбрать профиль и построить план подготовки к экзаменам.",
        [("Среда", "10:00–14:00", "очно и по видеосвязи")],
        (70, 130, 70),
    ),
]

# token suffix, days ago, topic, format, status, consultant, email, phone, grade, question, answer, note
REQUESTS = [
    (
        "01",
        2,
        "Трудности в обучении",
        Format.WRITTEN,
        Status.NEW,
        None,
        "m.petrova@example.ru",
        "",
        "3",
        "Дочь в третьем классе стала плохо читать вслух, путает буквы, учительница советует занятия с логопедом. "
        "С чего начать и как заниматься дома?",
        "",
        "",
    ),
    (
        "02",
        40,
        "Поведение и отношения",
        Format.PHONE,
        Status.NEW,
        None,
        "",
        "+79123456780",
        "6",
        "Сын не хочет ходить в школу после перехода в новый класс, жалуется на одноклассников. Как поговорить с ним "
        "и с классным руководителем?",
        "",
        "",
    ),
    (
        "03",
        5,
        "Подготовка к экзаменам",
        Format.ONLINE,
        Status.ASSIGNED,
        "consultant",
        "ivanova.olga@example.ru",
        "+79001234567",
        "9",
        "Сын очень тревожится перед ОГЭ по математике, на пробном экзамене растерялся. Как помочь ему "
        "подготовиться и не сорваться?",
        "",
        "Созвониться во вторник после 18:00, родитель просил видеосвязь.",
    ),
    (
        "04",
        35,
        "Дети с особыми образовательными потребностями",
        Format.PHONE,
        Status.ASSIGNED,
        "consultant2",
        "",
        "+79007654321",
        "1",
        "У ребёнка заключение ПМПК, школа предлагает индивидуальный план. Какие у нас права и что нужно "
        "обязательно прописать?",
        "",
        "",
    ),
    (
        "05",
        20,
        "Выбор образовательного маршрута",
        Format.WRITTEN,
        Status.ANSWERED,
        "consultant",
        "semenov.family@example.ru",
        "",
        "9",
        "Дочь хочет поступать в медицинский колледж после 9 класса, а мы сомневаемся. Какие есть варианты?",
        "Здравствуйте! Поступление в колледж после 9 класса — хороший путь, если дочь уверена в выборе профессии. "
        "Предлагаю вместе пройти профориентационную диагностику и посетить день открытых дверей колледжа.",
        "",
    ),
    (
        "06",
        75,
        "Права ребёнка и семьи в школе",
        Format.WRITTEN,
        Status.CLOSED,
        "consultant2",
        "k.smirnova@example.ru",
        "",
        "7",
        "Школа не выдаёт результаты контрольной работы, ребёнку снизили оценку за четверть. Куда обратиться?",
        "Вы вправе ознакомиться с работой ребёнка: напишите заявление на имя директора. Если ответа нет в течение "
        "30 дней — в комиссию по урегулированию споров школы.",
        "",
    ),
    (
        "07",
        120,
        "Подготовка к экзаменам",
        Format.PHONE,
        Status.CLOSED,
        "supervisor",
        "",
        "+79011112233",
        "11",
        "Как распределить время на подготовку к трём ЕГЭ и не выгореть?",
        "Обсудили по телефону план подготовки по неделям и режим отдыха.",
        "",
    ),
]


def load(stdout):
    service = ConsultationServicePage.objects.first()
    if service is None:
        stdout.write("Консультационной службы в дереве нет (страница /parents/ другого типа): пропускаю.")
        return []
    attach_consent(service)
    users = ensure_accounts()
    build_consultants(service, users)
    made = build_requests(users)
    stdout.write(
        f"Консультантов: {ConsultantPage.objects.live().count()}, обращений родителей: "
        f"{ConsultationRequest.objects.count()} (новых в демо: {made})."
    )
    return [(username, role) for username, role, *_rest in ACCOUNTS]


def attach_consent(service):
    if service.consent_page_id is None:
        service.consent_page = consent_page("consent-consultations")
        service.save_revision().publish()


def ensure_accounts():
    user_model = get_user_model()
    users = {}
    for username, _role, groups, first_name, last_name in ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@iro.example.ru",
                "is_staff": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        users[username] = user
    return users


def portrait(name: str, colour: tuple[int, int, int]) -> bytes:
    """A square of colour with the initials: a stand-in photo, made without any download."""
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(picture)
    initials = "".join(part[0] for part in name.split()[:2])
    font_path = next((str(path) for path in FONT_CANDIDATES if path.exists()), None)
    if font_path:  # without a Cyrillic font the square stays plain
        draw.text((240, 240), initials, fill=(255, 255, 255), font=ImageFont.truetype(font_path, 180), anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_photo(name, slug, colour):
    image_model = get_image_model()
    title = f"Фотография: {name}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return image_model.objects.create(
        title=title,
        description=name,
        collection=Collection.get_first_root_node(),
        file=ImageFile(io.BytesIO(portrait(name, colour)), name=f"consultant-{slug}.png"),
    )


def build_consultants(service, users):
    index = ConsultantIndexPage.objects.child_of(service).first()
    if index is None:
        index = ensure_page(service, ConsultantIndexPage, "consultants", title="Консультанты")
    topics = {topic.name: topic for topic in ConsultationTopic.objects.all()}
    for slug, name, username, position, specialisation, topic_names, bio, schedule, colour in CONSULTANTS_PAGES:
        existing = index.get_children().filter(slug=slug).first()
        if existing is not None:
            continue
        page = ConsultantPage(
            slug=slug,
            title=name,
            position=position,
            specialisation=specialisation,
            bio=rich(bio),
            schedule=[
                ("hours", {"days": days, "hours": hours, "formats": formats}) for days, hours, formats in schedule
            ],
            user=users.get(username),
            photo=ensure_photo(name, slug, colour),
            summary=f"{position}: {specialisation}.",
        )
        page.topics = [topics[topic] for topic in topic_names if topic in topics]
        start = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0)
        page.slots = [
            ConsultationSlot(
                starts_at=start + datetime.timedelta(days=days),
                duration_minutes=45,
                format=Format.ONLINE if days % 2 else Format.PHONE,
            )
            for days in (3, 4, 6, 10)
        ]
        index.add_child(instance=page)
        page.save_revision().publish()


def build_requests(users) -> int:
    topics = {topic.name: topic for topic in ConsultationTopic.objects.all()}
    municipalities = list(Municipality.objects.order_by("name")[:4])
    consent = consent_page("consent-consultations")
    now = timezone.now()
    made = 0
    for number, spec in enumerate(REQUESTS):
        suffix, days_ago, topic, fmt, status, consultant, email, phone, grade, question, answer, note = spec
        token = f"demo-consultation-{suffix}"
        if ConsultationRequest.objects.filter(submission_token=token).exists():
            continue
        created = now - datetime.timedelta(days=days_ago, hours=number)
        municipality = municipalities[number % len(municipalities)] if municipalities and number % 3 else None
        school = School.objects.filter(municipality=municipality).order_by("code").first() if municipality else None
        request = ConsultationRequest.objects.create(
            created_at=created,
            name=["Марина", "Андрей", "Ольга", "Елена", "Сергей", "Ксения", "Игорь"][number % 7],
            email=email,
            phone=phone,
            child_grade=grade,
            municipality=municipality,
            school=school,
            topic=topics[topic],
            question=question,
            preferred_format=fmt,
            preferred_time="будни после 18:00" if fmt != Format.WRITTEN else "",
            submission_token=token,
            consent_page=consent,
            consent_version=consent.stamp(),
            consented_at=created,
        )
        _history(request, Status.NEW, None, "", created, "Обращение поступило через сайт")
        person = users.get(consultant) if consultant else None
        if person is not None:
            request.consultant = person
            request.assigned_at = created + datetime.timedelta(hours=20)
            _history(
                request, Status.ASSIGNED, users["supervisor"], Status.NEW, request.assigned_at, person.get_full_name()
            )
        if status in (Status.ANSWERED, Status.CLOSED):
            request.answer = answer
            request.answered_at = created + datetime.timedelta(days=min(days_ago - 1, 4 + number))
            _history(request, Status.ANSWERED, person, Status.ASSIGNED, request.answered_at, "Ответ отправлен")
        if status == Status.CLOSED:
            request.closed_at = request.answered_at + datetime.timedelta(days=3)
            _history(request, Status.CLOSED, person, Status.ANSWERED, request.closed_at, "Вопрос решён")
        request.status = status
        request.save()
        if note and person is not None:
            InternalNote.objects.create(
                request=request, author=person, author_name=person.get_full_name(), text=note, created_at=created
            )
        made += 1
    return made


def _history(request, to_status, user, from_status, at, note):
    StatusChange.objects.create(
        request=request,
        user=user,
        user_name=user.get_full_name() if user else "",
        from_status=from_status,
        to_status=to_status,
        at=at,
        note=note,
    )
