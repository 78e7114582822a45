"""Forms of the service: the parents' request, status and deletion forms, and the staff's
actions on a request in the admin.

Every message is a sentence a parent can act on; nothing is stored unless the whole form is
valid (the view saves only after ``is_valid``).
"""

from __future__ import annotations

import re
import secrets

from phonenumber_field.formfields import PhoneNumberField

from django import forms
from django.core.validators import RegexValidator

from base.consent import consent_field
from registry.models import Municipality, School

from . import access
from .choices import CHILD_GRADES, FORMAT_SHORT, Format
from .models import ConsultationSlot, ConsultationTopic
from .references import normalise

QUESTION_MAX = 5000
QUESTION_MIN = 10
NAME_MAX = 150
REPLY_MAX = 20000
NOTE_MAX = 5000

NO_CONTACT = "Укажите электронную почту или телефон: иначе консультант не сможет вам ответить."
WRITTEN_NEEDS_EMAIL = "Для письменного ответа укажите электронную почту — ответ придёт на неё."
PHONE_NEEDS_PHONE = "Для консультации по телефону укажите номер телефона."
BAD_PHONE = "Проверьте номер телефона: например, +7 912 345-67-89 или 8 (912) 345-67-89."
SCHOOL_ELSEWHERE = "Эта школа находится в другом муниципалитете. Выберите школу из списка выбранного муниципалитета."
HONEYPOT_FILLED = (
    "Форма заполнена не так, как её заполняет человек, и не отправлена. Если это ошибка, позвоните или напишите нам."
)
SLOT_FORMAT_MISMATCH = "Выбранное время — для консультации {slot}. Выберите этот формат или другое время."
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SchoolSelect(forms.Select):
    """Schools grouped by municipality; each option says its municipality for the script
    that narrows the list to the chosen one (static/js/parents.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-municipality"] = str(instance.municipality_id)
        return option


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, school):
        return school.name


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return str(slot)


class ConsultationRequestForm(forms.Form):
    name = forms.CharField(
        label="Как к вам обращаться",
        max_length=NAME_MAX,
        help_text="Имя или имя и отчество. Фамилию указывать не обязательно.",
        error_messages={
            "required": "Напишите, как к вам обращаться.",
            "max_length": "Имя слишком длинное: не больше %(limit_value)d знаков (сейчас %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Электронная почта",
        required=False,
        max_length=254,
        help_text="На неё придут номер обращения и ответ консультанта.",
        error_messages={"invalid": "Проверьте адрес электронной почты: например, ivanova@mail.ru."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = PhoneNumberField(
        label="Телефон",
        required=False,
        region="RU",
        help_text="Если удобнее, чтобы вам позвонили. Например: +7 912 345-67-89.",
        error_messages={"invalid": BAD_PHONE},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "maxlength": "40"}),
    )
    child_grade = forms.ChoiceField(
        label="Класс ребёнка",
        choices=[("", "Выберите класс")] + CHILD_GRADES,
        error_messages={"required": "Выберите класс ребёнка.", "invalid_choice": "Выберите класс ребёнка из списка."},
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label="Не указывать",
        error_messages={"invalid_choice": "Выберите муниципалитет из списка."},
    )
    school = SchoolChoiceField(
        label="Школа",
        queryset=School.objects.order_by("municipality__name", "name"),
        required=False,
        empty_label="Не указывать",
        widget=SchoolSelect,
        help_text="Консультант не сообщает школе о вашем обращении.",
        error_messages={"invalid_choice": "Выберите школу из списка."},
    )
    topic = forms.ModelChoiceField(
        label="Тема обращения",
        queryset=ConsultationTopic.objects.filter(active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите тему обращения.", "invalid_choice": "Выберите тему из списка."},
    )
    question = forms.CharField(
        label="Ваш вопрос",
        min_length=QUESTION_MIN,
        max_length=QUESTION_MAX,
        help_text=f"Опишите ситуацию: что происходит, как давно, что уже пробовали. До {QUESTION_MAX} знаков.",
        error_messages={
            "required": "Напишите ваш вопрос.",
            "min_length": "Опишите вопрос подробнее: хотя бы несколько слов.",
            "max_length": "Вопрос слишком длинный: %(show_value)d знаков, можно не больше %(limit_value)d. "
            "Сократите его — подробности консультант уточнит при ответе.",
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    preferred_format = forms.ChoiceField(
        label="Как удобнее получить консультацию",
        choices=Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите, как вам удобнее получить консультацию."},
    )
    preferred_time = forms.CharField(
        label="Удобное время",
        required=False,
        max_length=200,
        help_text="Например: «будни после 18:00».",
        error_messages={"max_length": "Опишите удобное время короче: не больше %(limit_value)d знаков."},
    )
    slot = SlotChoiceField(
        label="Записаться на время консультанта",
        queryset=ConsultationSlot.objects.none(),
        required=False,
        empty_label="Не записываться — консультант сам предложит время",
        error_messages={"invalid_choice": "Это время уже занято. Выберите другое или оставьте поле пустым."},
    )
    consent = consent_field()
    # A field people never see: bots fill every input they find.
    homepage = forms.CharField(required=False, label="Не заполняйте это поле", max_length=200)
    token = forms.CharField(
        required=False, widget=forms.HiddenInput, validators=[RegexValidator(TOKEN_PATTERN)], max_length=64
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = ConsultationSlot.objects.free().select_related("page")
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def has_slots(self) -> bool:
        return self.fields["slot"].queryset.exists()

    def clean_token(self):
        # A malformed token is only a lost guard against double posts, not the parent's mistake.
        token = self.cleaned_data.get("token") or ""
        return token if TOKEN_PATTERN.match(token) else ""

    def clean(self):
        data = super().clean()
        if data.get("homepage"):
            raise forms.ValidationError(HONEYPOT_FILLED, code="honeypot")
        email, phone = data.get("email"), data.get("phone")
        contact_errors = {"email", "phone"} & set(self.errors)
        if not contact_errors:
            preferred = data.get("preferred_format")
            if not email and not phone:
                self.add_error("email", NO_CONTACT)
            elif preferred == Format.WRITTEN and not email:
                self.add_error("email", WRITTEN_NEEDS_EMAIL)
            elif preferred == Format.PHONE and not phone:
                self.add_error("phone", PHONE_NEEDS_PHONE)
        school, municipality = data.get("school"), data.get("municipality")
        if school is not None:
            if municipality is None:
                data["municipality"] = school.municipality
            elif school.municipality_id != municipality.pk:
                self.add_error("school", SCHOOL_ELSEWHERE)
        slot = data.get("slot")
        if slot is not None and data.get("preferred_format") and slot.format != data["preferred_format"]:
            self.add_error("slot", SLOT_FORMAT_MISMATCH.format(slot=FORMAT_SHORT[Format(slot.format)]))
        return data


REFERENCE_INVALID = (
    "Номер обращения выглядит так: К-2026-123456. Его можно найти в письме или на странице после отправки."
)


class LookupForm(forms.Form):
    """Reference number and e-mail: both must match for anything to be shown."""

    reference = forms.CharField(
        label="Номер обращения",
        max_length=100,
        help_text="Например: К-2026-123456.",
        error_messages={"required": "Введите номер обращения."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Электронная почта, указанная в обращении",
        max_length=254,
        error_messages={
            "required": "Введите адрес электронной почты, который вы указали в обращении.",
            "invalid": "Проверьте адрес электронной почты: например, ivanova@mail.ru.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        reference = normalise(self.cleaned_data["reference"])
        if reference is None:
            raise forms.ValidationError(REFERENCE_INVALID)
        return reference


class DeletionForm(LookupForm):
    confirm = forms.BooleanField(
        label="Я понимаю, что вопрос, ответ консультанта и мои контакты будут удалены без возможности восстановления",
        error_messages={"required": "Подтвердите, что хотите удалить данные обращения."},
    )


# --- The staff's actions in the admin ---------------------------------------------------------


class AssignForm(forms.Form):
    consultant = forms.ModelChoiceField(
        label="Консультант",
        queryset=None,
        error_messages={"required": "Выберите консультанта.", "invalid_choice": "Выберите консультанта из списка."},
    )
    note = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Необязательно: почему этому консультанту. Виден сотрудникам в истории обращения.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = access.consultants()
        self.fields["consultant"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Ответ заявителю",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Уйдёт заявителю письмом (если он оставил e-mail) и будет виден на странице статуса обращения. "
        "После консультации по телефону или встречи кратко запишите, о чём договорились.",
        error_messages={
            "required": "Напишите ответ.",
            "max_length": "Ответ слишком длинный: не больше %(limit_value)d знаков (сейчас %(show_value)d).",
        },
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Причина или итог",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Обязательно, если заявителю не отвечали (повтор, заявитель не выходит на связь).",
    )


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label="Почему возвращаете в очередь",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Служебная заметка",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Видна только сотрудникам службы, заявителю не показывается.",
        error_messages={
            "required": "Напишите текст заметки.",
            "max_length": "Заметка слишком длинная: не больше %(limit_value)d знаков (сейчас %(show_value)d).",
        },
    )
