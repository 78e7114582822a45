"""The blocks a survey is written with in the admin: sections of questions.

They are not rendered as page content: ``Survey.definition()`` reads them into the plain
shape of ``surveys.definition``, which the answering form and the results use. So they carry
no templates; their checks (``clean``) keep an editor from saving a question that could not
be answered or scored.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .definition import MULTIPLE, SCALE, SINGLE, TEXT


def risk_choices():
    from registry.models import Risk

    return [(risk.code, risk.name) for risk in Risk.objects.order_by("order")]


def deficit_choices():
    from .models import DeficitArea

    return [(area.code, area.name) for area in DeficitArea.objects.order_by("order", "name")]


QUESTION_KINDS = [
    (SINGLE, "Один вариант из списка"),
    (MULTIPLE, "Несколько вариантов из списка"),
    (SCALE, "Оценка по шкале"),
    (TEXT, "Свободный ответ"),
]


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Вариант ответа", max_length=300)
    points = blocks.IntegerBlock(
        label="Баллы",
        required=False,
        min_value=-100,
        max_value=100,
        help_text="Для удовлетворённости, рисков и дефицитов: чем больше, тем сильнее выражен признак "
        "(для удовлетворённости — тем довольнее). «Затрудняюсь ответить» оставьте без баллов.",
    )

    class Meta:
        icon = "radio-full"
        label = "Вариант"


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Вопрос", max_length=500)
    help = blocks.CharBlock(label="Пояснение", max_length=500, required=False, help_text="Показывается под вопросом.")
    kind = blocks.ChoiceBlock(label="Тип вопроса", choices=QUESTION_KINDS, default=SINGLE)
    required = blocks.BooleanBlock(label="Обязательный вопрос", required=False, default=True)
    options = blocks.ListBlock(
        OptionBlock(),
        label="Варианты ответа",
        default=[],
        help_text="Для вопросов с выбором: не меньше двух вариантов.",
    )
    scale_min = blocks.IntegerBlock(label="Шкала: от", default=1, min_value=0, max_value=1)
    scale_max = blocks.IntegerBlock(label="Шкала: до", default=5, min_value=2, max_value=10)
    min_label = blocks.CharBlock(label="Подпись начала шкалы", max_length=100, required=False)
    max_label = blocks.CharBlock(label="Подпись конца шкалы", max_length=100, required=False)
    satisfaction = blocks.BooleanBlock(
        label="Показатель общей удовлетворённости",
        required=False,
        help_text="Ответы на этот вопрос дают долю удовлетворённых родителей школы (мониторинг программы). "
        "Один такой вопрос на анкету.",
    )
    satisfied_from = blocks.IntegerBlock(
        label="Удовлетворёнными считать ответы с баллом не ниже",
        required=False,
        help_text="Например, 4 на шкале от 1 до 5, или 1, если «скорее удовлетворён» — 1 балл, «полностью» — 2.",
    )
    risk = blocks.ChoiceBlock(
        label="Риск из федерального перечня",
        choices=risk_choices,
        required=False,
        help_text="Для самодиагностики: ответ показывает, насколько выражен этот риск у школы.",
    )
    deficit = blocks.ChoiceBlock(
        label="Область профессиональных дефицитов",
        choices=deficit_choices,
        required=False,
        help_text="Для диагностики педагогов: ответ показывает дефицит в этой области.",
    )
    reverse = blocks.BooleanBlock(
        label="Высокая оценка означает «всё хорошо»",
        required=False,
        help_text="Для шкалы согласия с положительным утверждением: риск или дефицит читается от низких оценок.",
    )

    class Meta:
        icon = "help"
        label = "Вопрос"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        kind = value["kind"]
        labelled = [o for o in value["options"] if o["label"].strip()]
        if kind in (SINGLE, MULTIPLE) and len(labelled) < 2:
            errors["options"] = "Добавьте хотя бы два варианта ответа."
        measures = value["satisfaction"] or value["risk"] or value["deficit"]
        if measures and kind not in (SINGLE, SCALE):
            errors["kind"] = "Удовлетворённость, риск и дефицит считаются по вопросам с одним вариантом или по шкале."
        scored = [o["points"] for o in labelled if o["points"] is not None]
        if measures and kind == SINGLE and len(set(scored)) < 2:
            errors["options"] = "Задайте баллы хотя бы двум вариантам с разными значениями: по ним считается результат."
        if value["satisfaction"] and value["satisfied_from"] is None:
            errors["satisfied_from"] = "Укажите, с какого балла ответ считается удовлетворённым."
        if value["satisfaction"] and (value["risk"] or value["deficit"]):
            errors["satisfaction"] = "Вопрос об удовлетворённости не относится к рискам и дефицитам."
        if errors:
            raise StructBlockValidationError(block_errors={k: ValidationError(v) for k, v in errors.items()})
        return value


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Название раздела", max_length=200)
    intro = blocks.TextBlock(label="Пояснение к разделу", required=False)
    questions = blocks.ListBlock(QuestionBlock(), label="Вопросы", min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Раздел"


class SurveyBodyBlock(blocks.StreamBlock):
    section = SectionBlock()

    class Meta:
        min_num = 1
        block_counts = {"section": {"min_num": 1}}
