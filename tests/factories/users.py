"""Accounts in the role groups that migrations create (base.roles)."""

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ru")
    first_name = "Мария"
    last_name = "Иванова"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """``UserFactory(groups=["Методисты"])`` puts the user in existing role groups."""
        if create and names:
            groups = list(Group.objects.filter(name__in=names))
            missing = set(names) - {group.name for group in groups}
            if missing:
                raise LookupError(f"no such role groups (base.roles makes them): {sorted(missing)}")
            self.groups.add(*groups)
        if create:
            self.save()


def user_in(group_name, **fields):
    return UserFactory(groups=[group_name], **fields)


def superuser(**fields):
    return UserFactory(is_staff=True, is_superuser=True, **fields)
