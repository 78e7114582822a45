"""Demo page tree, site settings and accounts of the portal (run by `load_demo`).

Every step looks up what it would create first, so running it again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, Site

from analytics.models import AnalyticsIndexPage
from base.models import ConsentPage, SiteSettings
from base.roles import (
    EXPERTS,
    METHODISTS,
    MUNICIPAL_SPECIALISTS,
    REGIONAL_ANALYSTS,
    SCHOOL_LEADERS,
    ensure_wagtail_base,
)
from communities.models import CommunityIndexPage, EventIndexPage
from home.models import ContentPage, HomePage, NewsArticlePage, NewsIndexPage
from parents.models import ConsultantIndexPage, ConsultationServicePage, FAQPage, LecturesPage
from practices.models import MaterialIndexPage, PracticeIndexPage
from search.models import BankPage

DEMO_PASSWORD = "demo-password"  # noqa: S105 (published demo credential, refused without DEBUG)


DEMO_ACCOUNTS = [
    # username, role shown to the person, group, first name, last name
    ("admin", "администратор (все права)", None, "Ирина", "Соколова"),
    ("methodist", "методист (готовит публикации)", METHODISTS, "Елена", "Миронова"),
    ("reviewer", "эксперт (проводит экспертизу)", EXPERTS, "Павел", "Орлов"),
    ("analyst", "региональный аналитик", REGIONAL_ANALYSTS, "Анна", "Белова"),
    ("municipal", "муниципальный специалист", MUNICIPAL_SPECIALISTS, "Сергей", "Кузнецов"),
    ("school", "руководитель школы", SCHOOL_LEADERS, "Ольга", "Никитина"),
]


def ensure_page(parent, model, slug, **fields):
    """Return the child of `parent` with `slug`, creating and publishing it when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ensure_home():
    """Put the portal's home page at the root of the default site, replacing Wagtail's welcome page."""
    ensure_wagtail_base()
    home = HomePage.objects.first()
    if home is None:
        # The welcome page Wagtail creates holds the slug "home"; the site pointing at it goes too.
        Site.objects.filter(root_page__depth=2).delete()
        for welcome in Page.objects.filter(depth=2, content_type__model="page"):
            welcome.delete()
        home = HomePage(
            title="Программа поддержки школ с низкими образовательными результатами",
            slug="home",
            intro=rich(
                "Региональный институт развития образования сопровождает школы с низкими "
                "образовательными результатами и школы, работающие в неблагоприятных социальных "
                "условиях: помогает выявить причины трудностей, подобрать школу-партнёра, "
                "перенять лучшие практики и повысить квалификацию педагогов.",
                "Здесь собраны практики школ региона, методические материалы с поиском по банку "
                "ресурсов и сведения о консультационной службе для родителей.",
            ),
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Портал"},
    )
    return home


def build_sections(home):
    sections = {}
    sections["practices"] = ensure_page(
        home,
        PracticeIndexPage,
        "practices",
        title="Лучшие практики",
        show_in_menus=True,
        summary="Практики школ региона, которые помогли повысить результаты обучения.",
    )
    sections["materials"] = ensure_page(
        home,
        MaterialIndexPage,
        "materials",
        title="Методические материалы",
        show_in_menus=True,
        summary="Методические рекомендации, пособия, диагностические работы и шаблоны документов.",
    )
    sections["bank"] = ensure_page(
        home,
        BankPage,
        "bank",
        title="Банк ресурсов",
        show_in_menus=True,
        summary="Поиск по практикам и методическим материалам с фильтрами.",
    )
    sections["communities"] = ensure_page(
        home,
        CommunityIndexPage,
        "communities",
        title="Профессиональные сообщества",
        show_in_menus=True,
        summary="Методические объединения, сетевые сообщества и клубы руководителей.",
    )
    sections["events"] = ensure_page(
        home,
        EventIndexPage,
        "events",
        title="Мероприятия",
        show_in_menus=True,
        summary="Семинары, вебинары, мастер-классы и стажировки для педагогов.",
    )
    sections["parents"] = build_parents_section(home)
    sections["news"] = build_news(home)
    sections["about"] = build_about(home)
    sections["analytics"] = ensure_page(
        home,
        AnalyticsIndexPage,
        "analytics",
        title="Аналитика",
        show_in_menus=False,
        summary="Индексы школ, мониторинг программы и паспорта школ для сотрудников.",
    )
    return sections


def build_parents_section(home):
    """The consultation service at /parents/ (its form is /parents/request/), with its FAQ,
    consultants and lectures; demo/parents.py adds the consultants, their accounts and requests."""
    parents = ensure_page(
        home,
        ConsultationServicePage,
        "parents",
        title="Родителям",
        show_in_menus=True,
        summary="Консультационная служба для родителей: бесплатная помощь педагогов и психологов.",
        intro=rich(
            "Специалисты института бесплатно консультируют родителей: как помочь ребёнку с трудностями в "
            "учёбе, как подготовиться к ОГЭ и ЕГЭ, как выбрать профиль обучения, что делать при конфликте в "
            "школе и как организовать обучение ребёнка с особыми образовательными потребностями."
        ),
        steps=[
            ("step", {"title": "Оставьте обращение", "text": "Заполните форму на сайте или позвоните нам."}),
            (
                "step",
                {"title": "Получите номер", "text": "Номер обращения появится на экране и придёт на почту."},
            ),
            (
                "step",
                {
                    "title": "Консультант свяжется с вами",
                    "text": "Обычно в течение трёх рабочих дней: письмом, по телефону или по видеосвязи.",
                },
            ),
            (
                "step",
                {
                    "title": "Получите ответ",
                    "text": "Ответ виден на странице статуса обращения; после консультации данные можно удалить.",
                },
            ),
        ],
        formats=[
            ("format", {"title": "Письменно", "text": "Развёрнутый ответ на электронную почту."}),
            ("format", {"title": "По телефону", "text": "Консультант позвонит в удобное вам время."}),
            ("format", {"title": "По видеосвязи", "text": "Ссылку на встречу пришлём письмом или в SMS."}),
            ("format", {"title": "Очно", "text": "В институте, по предварительной записи."}),
        ],
        hours="Понедельник–пятница, 9:00–18:00; вторник и четверг — до 20:00",
        phone="+7 (800) 555-01-24",
        email="parents@iro.example.ru",
        address="г. Энск, ул. Просвещения, д. 12, кабинет 104",
        notification_email="consult@iro.example.ru",
        request_intro=rich(
            "Чем подробнее вы опишете ситуацию, тем полезнее будет ответ: что происходит, как давно, "
            "что уже пробовали. Имя ребёнка называть не нужно."
        ),
    )
    ensure_page(
        parents,
        FAQPage,
        "faq",
        title="Частые вопросы",
        questions=[
            ("question", {"question": "Платная ли консультация?", "answer": rich("Нет, консультации бесплатны.")}),
            (
                "question",
                {
                    "question": "Нужно ли называть школу?",
                    "answer": rich("Нет. Школу и муниципалитет указывать не обязательно; школе мы ничего не сообщаем."),
                },
            ),
            (
                "question",
                {
                    "question": "Кто увидит мой вопрос?",
                    "answer": rich(
                        "Только консультант, которому назначено обращение, и руководитель службы. "
                        "Через год после закрытия обращения ваши данные удаляются; удалить их раньше можно на сайте."
                    ),
                },
            ),
            (
                "question",
                {
                    "question": "Как быстро ответят?",
                    "answer": rich("Обычно в течение трёх рабочих дней, не позже 30 дней со дня обращения."),
                },
            ),
        ],
    )
    ensure_page(
        parents,
        ConsultantIndexPage,
        "consultants",
        title="Консультанты",
        intro=rich("Педагоги-психологи, учителя-дефектологи и методисты института."),
    )
    ensure_page(
        parents,
        LecturesPage,
        "lectures",
        title="Лекции для родителей",
        intro=rich("Открытые лекции и встречи: вход свободный, нужна регистрация."),
    )
    return parents


NEWS = [
    ("Стартовал новый этап программы поддержки школ", "В программу вошли 48 школ из 12 муниципалитетов."),
    ("Подведены итоги мониторинга 2025 года", "Разрыв между результатами сильных и слабых школ сократился."),
    ("Школы-партнёры подписали соглашения о сотрудничестве", "Сформировано 30 пар школ по всему региону."),
    ("Открыт приём практик в библиотеку", "Методисты приглашают школы поделиться успешным опытом."),
    ("Прошла стажировка для директоров школ", "Руководители школ побывали в резильентных школах региона."),
    ("Методический день по математике", "Учителя обсудили работу с учениками группы риска."),
    ("Начала работу консультационная служба для родителей", "Родители могут получить бесплатную консультацию."),
    ("Курсы повышения квалификации для учителей начальных классов", "Программа объёмом 36 часов."),
    ("Сетевое сообщество учителей русского языка провело вебинар", "Участвовали более 200 педагогов."),
    ("Региональная конференция «Эффективная школа»", "Школы представили результаты своих программ."),
    ("Обновлены методические рекомендации по ВПР", "Добавлены материалы по объективности оценивания."),
    ("Итоги года: что изменилось в школах программы", "Доля школ с устойчиво низкими результатами снизилась."),
]


def build_news(home):
    news = ensure_page(
        home,
        NewsIndexPage,
        "news",
        title="Новости",
        show_in_menus=True,
        intro=rich("Новости программы поддержки школ и института развития образования."),
    )
    start = datetime.date(2026, 11, 16)
    for number, (title, summary) in enumerate(NEWS):
        ensure_page(
            news,
            NewsArticlePage,
            f"news-{number + 1}",
            title=title,
            summary=summary,
            date=start - datetime.timedelta(days=9 * number),
            body=[("paragraph", rich(summary, "Подробности — в разделах портала и у методистов института."))],
        )
    return news


def build_about(home):
    about = ensure_page(
        home,
        ContentPage,
        "about",
        title="О программе",
        show_in_menus=True,
        summary="Цели, участники и результаты региональной программы поддержки школ.",
        body=[
            ("heading", {"text": "Цели программы", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Программа помогает школам с низкими образовательными результатами и школам, "
                    "работающим в сложных социальных условиях, повысить качество обучения.",
                    "Институт выявляет такие школы по результатам оценочных процедур и социальным "
                    "данным, подбирает им школы-партнёры, организует повышение квалификации педагогов "
                    "и распространяет лучшие практики.",
                ),
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [
                        ["Показатель", "Целевое значение"],
                        ["Школы с рассчитанными индексами", "100%"],
                        ["Школы программы с партнёрским соглашением", "100%"],
                        ["Мероприятия по обмену опытом в год", "не менее 4"],
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Поделитесь опытом",
                    "text": "Если в вашей школе есть практика, которая сработала, — расскажите о ней.",
                    "button_text": "Написать методистам",
                    "page": None,
                    "url": "mailto:metod@iro.example.ru",
                },
            ),
        ],
    )
    privacy = ensure_page(
        about,
        ContentPage,
        "privacy",
        title="Политика обработки персональных данных",
        body=[
            (
                "paragraph",
                rich(
                    "Институт обрабатывает персональные данные в соответствии с Федеральным законом "
                    "от 27.07.2006 № 152-ФЗ «О персональных данных» только с согласия субъекта и в "
                    "объёме, необходимом для оказания услуги.",
                    "Согласие можно отозвать, направив заявление на адрес электронной почты института.",
                ),
            )
        ],
    )
    build_consents(privacy)
    return about, privacy


CONSENTS = [
    (
        "consent-events",
        "Согласие на обработку персональных данных участника мероприятия",
        "регистрации на мероприятие института: фамилия, имя, отчество, адрес электронной почты, "
        "школа и должность — чтобы подтвердить участие, напомнить о мероприятии, учесть посещение "
        "и часы повышения квалификации",
        "одного года после мероприятия",
    ),
    (
        "consent-consultations",
        "Согласие на обработку персональных данных при обращении в консультационную службу",
        "обращения в консультационную службу для родителей: имя, адрес электронной почты и (или) "
        "телефон, класс ребёнка, муниципалитет и школа, текст вопроса — чтобы ответить на обращение "
        "и связаться со мной",
        "одного года после закрытия обращения",
    ),
]


def build_consents(privacy):
    """Consent texts of the public forms (152-ФЗ: a separate document, not the policy itself)."""
    pages = {}
    for slug, title, purpose, period in CONSENTS:
        pages[slug] = ensure_page(
            privacy,
            ConsentPage,
            slug,
            title=title,
            edition="1 от 01.09.2025",
            text=rich(
                "Я, субъект персональных данных, свободно, своей волей и в своём интересе даю согласие "
                "Региональному институту развития образования (г. Энск, ул. Просвещения, д. 12) на "
                f"обработку моих персональных данных, указанных при {purpose}.",
                "Обработка включает сбор, запись, хранение, уточнение, использование и удаление данных, "
                "с использованием средств автоматизации и без них. Данные не передаются третьим лицам "
                "и не публикуются.",
                f"Согласие действует до достижения целей обработки, но не дольше {period}, и может быть "
                "отозвано письмом на адрес info@iro.example.ru; после отзыва данные удаляются в течение "
                "30 дней.",
            ),
        )
    return pages


def consent_page(slug):
    """A demo consent text by slug, for the forms that ask for it."""
    return ConsentPage.objects.get(slug=slug)


AUDIENCES = [
    ("Учителям", "Практики школ региона, которые помогли поднять результаты.", "practices", "К практикам"),
    ("Методистам", "Банк ресурсов с поиском, публикация материалов через экспертизу.", "bank", "В банк ресурсов"),
    ("Руководителям школ", "Методические рекомендации, программы и шаблоны документов.", "materials", "К материалам"),
    ("Родителям", "Бесплатные консультации педагогов и психологов.", "parents", "Как получить консультацию"),
]


def fill_audiences(home, sections):
    """Entry blocks per audience on the home page, set once so editors' changes stay."""
    if home.audiences:
        return
    home.audiences = [
        ("audience", {"title": title, "text": text, "page": sections[key], "link_text": link_text})
        for title, text, key, link_text in AUDIENCES
    ]
    home.save_revision().publish()


def configure_site_settings(sections):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    about, privacy = sections["about"]
    site_settings.organisation_name = "Региональный институт развития образования"
    site_settings.short_name = "РИРО"
    site_settings.address = "г. Энск, ул. Просвещения, д. 12"
    site_settings.phone = "+7 (800) 555-01-23"
    site_settings.email = "info@iro.example.ru"
    site_settings.privacy_policy_page = privacy
    site_settings.footer_links = [
        ("link", {"title": "О программе", "page": about, "url": ""}),
        ("link", {"title": "Родителям", "page": sections["parents"], "url": ""}),
        ("link", {"title": "Новости", "page": sections["news"], "url": ""}),
    ]
    site_settings.save()


def ensure_accounts():
    user_model = get_user_model()
    accounts = []
    for username, role, group_name, first_name, last_name in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@iro.example.ru"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        accounts.append((username, role))
    return accounts


def load(stdout):
    home = ensure_home()
    sections = build_sections(home)
    fill_audiences(home, sections)
    configure_site_settings(sections)
    accounts = ensure_accounts()
    stdout.write(f"Страниц в дереве сайта: {Page.objects.descendant_of(home, inclusive=True).count()}.")
    return accounts
