"""Answering a survey through a school's link, without an account: /surveys/<code>/.

The start page says what the survey is and for which school; then one page per section, each
saved as it is left, so a long questionnaire can be closed and finished later on the same
device; the last section sends the answers. Whatever arrives (an unknown or altered link, a
closed campaign, a second attempt, a scripted flood, a value outside the scale) gets a page
that says what happened, and nothing invalid is stored.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats

from base.http import keep_private
from base.ratelimit import over_limit

from . import responses
from .forms import SectionForm
from .models import CampaignSchool, DeficitArea, Survey
from .scoring import DEFICIT_THRESHOLD, deficit_scores

CODE = re.compile(r"^[a-z2-9]{10}$")
TOO_MANY = (
    "С вашего адреса пришло слишком много ответов подряд. Чтобы защитить опрос от автоматических рассылок, "
    "приём ненадолго приостановлен — попробуйте через час."
)


def _page(request, template, context, status=200):
    return keep_private(render(request, f"surveys/{template}.html", context, status=status))


def _notice(request, title, message, status=200, link=None):
    context = {"title": title, "message": message, "next_link": link}
    return _page(request, "notice", context, status=status)


def _link(code: str) -> CampaignSchool | None:
    if not CODE.match(code):
        return None
    return (
        CampaignSchool.objects.select_related("campaign__survey", "campaign__version", "school__municipality")
        .filter(code=code)
        .first()
    )


def _closed(request, link):
    """The page for a link that cannot take answers now, or None when it can."""
    if link is None:
        return _notice(
            request,
            "Ссылка на опрос не найдена",
            "Проверьте ссылку: возможно, в ней не хватает знаков. Ссылку или QR-код для опроса выдаёт школа.",
            status=404,
        )
    campaign = link.campaign
    state = campaign.state
    if state == campaign.State.PLANNED:
        day = formats.date_format(campaign.opens_on, "j E Y")
        return _notice(
            request, "Опрос ещё не начался", f"Ответы принимаются с {day} года. Возвращайтесь по этой же ссылке."
        )
    if state == campaign.State.CLOSED:
        day = formats.date_format(campaign.closes_on, "j E Y")
        return _notice(
            request,
            "Опрос завершён",
            f"Ответы принимались до {day} года включительно. Спасибо всем, кто успел ответить.",
            status=410,
        )
    return None


def _already(request, link):
    return _notice(
        request,
        "Вы уже ответили",
        "С этого устройства ответы на эту анкету уже отправлены. Спасибо! Изменить отправленные ответы нельзя.",
        link=(reverse("surveys:done", args=[link.code]), "Посмотреть итог"),
    )


def start(request, code):
    link = _link(code)
    closed = _closed(request, link)
    if closed:
        return closed
    token = responses.token_of(request, link.campaign)
    response = responses.find(link.campaign, token)
    if response is not None and response.submitted_at is not None:
        return _already(request, link)
    definition = response.version.parsed() if response else responses.definition(link)
    context = {
        "link": link,
        "campaign": link.campaign,
        "definition": definition,
        "question_count": len(definition.questions),
        "resume": response.section if response is not None and response.answers else None,
        "cookie_refused": "cookies" in request.GET and token is None,
        "min_cell": settings.SURVEY_MIN_CELL,
    }
    page = _page(request, "start", context)
    if token is None:
        responses.remember(page, link.campaign, responses.new_token())
    return page


def _limited(request, creating: bool) -> bool:
    """Posts per address, and new respondents per address: a school's computer class shares one
    address and may answer in a row; a script making respondents needs far more."""
    if over_limit(request, "surveys.post", "ip", settings.SURVEY_POSTS_PER_IP, increment=True):
        return True
    return creating and over_limit(request, "surveys.respondent", "ip", settings.SURVEY_RESPONDENTS_PER_IP)


def _count_respondent(request) -> None:
    over_limit(request, "surveys.respondent", "ip", settings.SURVEY_RESPONDENTS_PER_IP, increment=True)


def section(request, code, number):
    link = _link(code)
    closed = _closed(request, link)
    if closed:
        return closed
    token = responses.token_of(request, link.campaign)
    if token is None:
        # The start page gives the cookie; without it answers could not be kept for this device.
        return HttpResponseRedirect(reverse("surveys:start", args=[code]) + "?cookies=1")
    response = responses.find(link.campaign, token)
    if response is not None and response.submitted_at is not None:
        return _already(request, link)
    definition = response.version.parsed() if response else responses.definition(link)
    if not 1 <= number <= len(definition.sections):
        return HttpResponseRedirect(reverse("surveys:start", args=[code]))
    current = definition.sections[number - 1]
    context = {
        "link": link,
        "campaign": link.campaign,
        "definition": definition,
        "number": number,
        "total": len(definition.sections),
        "is_last": number == len(definition.sections),
    }
    if request.method != "POST":
        initial = SectionForm.initial_from(current, response.answers if response else {})
        return _page(request, "section", {**context, "form": SectionForm(current, initial=initial)})

    action = request.POST.get("action", "next")
    form = SectionForm(current, request.POST, enforce_required=action != "back")
    creating = response is None
    if _limited(request, creating):
        form.is_valid()
        form.add_error(None, TOO_MANY)
        return _page(request, "section", {**context, "form": form}, status=429)
    if not form.is_valid():
        return _page(request, "section", {**context, "form": form})
    going_back = action == "back"
    reached = max(number - 1, 1) if going_back else min(number + 1, len(definition.sections))
    try:
        responses.save_section(link, token, number, form.answers(), reached=reached)
        if creating:
            _count_respondent(request)
        if going_back:
            target = "start" if number == 1 else "section"
            args = [code] if number == 1 else [code, number - 1]
            return HttpResponseRedirect(reverse(f"surveys:{target}", args=args))
        if not context["is_last"]:
            return HttpResponseRedirect(reverse("surveys:section", args=[code, number + 1]))
        responses.submit(link, token)
    except responses.AlreadySubmitted:
        return _already(request, link)
    except responses.Incomplete as incomplete:
        context["missing"] = [
            (n, q.text, reverse("surveys:section", args=[code, n]) + f"#q-{q.key}") for n, q in incomplete.missing
        ]
        return _page(request, "section", {**context, "form": form})
    return HttpResponseRedirect(reverse("surveys:done", args=[code]))


def done(request, code):
    link = _link(code)
    if link is None:
        return _closed(request, link)
    response = responses.find(link.campaign, responses.token_of(request, link.campaign))
    if response is None or response.submitted_at is None:
        return HttpResponseRedirect(reverse("surveys:start", args=[code]))
    definition = response.version.parsed()
    context = {"link": link, "campaign": link.campaign, "definition": definition}
    if definition.kind == Survey.Kind.TEACHER_DEFICITS:
        context["deficits"] = _own_deficits(definition, response.answers)
    return _page(request, "done", context)


def _own_deficits(definition, answers):
    """The teacher's own deficit areas, strongest first, with their courses: the diagnostic's
    answer to the person who took it, kept on their screen only."""
    scores = {code: s for code, s in deficit_scores(definition, answers).items() if s >= DEFICIT_THRESHOLD}
    areas = DeficitArea.objects.filter(code__in=scores).select_related("risk").prefetch_related("courses")
    return sorted(((area, scores[area.code]) for area in areas), key=lambda pair: -pair[1])
