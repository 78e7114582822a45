"""Fixed vocabularies of a consultation request.

Topics are editable (``ConsultationTopic``); these are not: the formats decide which contact
the parent must leave, and the statuses are the workflow itself (``parents.workflow``).
"""

from django.db import models


class Format(models.TextChoices):
    WRITTEN = "written", "Письменный ответ на электронную почту"
    PHONE = "phone", "Звонок по телефону"
    ONLINE = "online", "Консультация по видеосвязи"
    IN_PERSON = "in_person", "Очная встреча"


# The short names of the formats for the service page, the slots and the staff lists.
FORMAT_SHORT = {
    Format.WRITTEN: "письменно",
    Format.PHONE: "по телефону",
    Format.ONLINE: "по видеосвязи",
    Format.IN_PERSON: "очно",
}

# Formats a consultant's time slot can have: a written answer needs no appointment.
SLOT_FORMATS = [(value, label) for value, label in Format.choices if value != Format.WRITTEN]


class Status(models.TextChoices):
    NEW = "new", "Новое"
    ASSIGNED = "assigned", "Назначено консультанту"
    ANSWERED = "answered", "Дан ответ"
    CLOSED = "closed", "Закрыто"


# What the parent reads on the status page: the same states in the words of the service.
PUBLIC_STATUS = {
    Status.NEW: "Принято, ожидает распределения консультанту",
    Status.ASSIGNED: "В работе у консультанта",
    Status.ANSWERED: "Консультант ответил",
    Status.CLOSED: "Закрыто",
}

OPEN_STATUSES = (Status.NEW, Status.ASSIGNED)

CHILD_GRADES = [
    ("preschool", "Дошкольник"),
    *[(str(grade), f"{grade} класс") for grade in range(1, 12)],
    ("other", "Другое (колледж, выпускник, несколько детей)"),
]
