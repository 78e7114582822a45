"""What the surveys app offers in «Мой кабинет»: the surveys and campaigns to those who run them."""

from django.urls import reverse

from base.cabinet import Entry

SECTION = "Анкетирование"


def survey_entries(user) -> list[Entry]:
    if not user.is_authenticated or not user.has_perm("surveys.change_campaign"):
        return []
    return [
        Entry(
            SECTION,
            "Кампании опросов",
            reverse("wagtailsnippets_surveys_campaign:list"),
            "Кто, когда и по какой анкете отвечает; ссылки и QR-коды для школ.",
            40,
        ),
        Entry(
            SECTION,
            "Анкеты",
            reverse("wagtailsnippets_surveys_survey:list"),
            "Разделы и вопросы анкет; ответы хранят версию, на которую отвечали.",
            41,
        ),
    ]
