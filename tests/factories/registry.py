"""Municipalities, schools and staff profiles of the registry."""

import factory

from registry.models import Municipality, School, StaffProfile


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Район {n}")
    code = factory.Sequence(lambda n: f"M{n:02d}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"Средняя школа № {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    locality = School.Locality.URBAN
    students = 400


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
