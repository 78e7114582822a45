import pytest

from django.contrib.auth import get_user_model

from practices.models import MaterialIndexPage, MaterialPage, PracticePage


@pytest.fixture
def material(demo_site):
    """A published demo material with files."""
    return MaterialPage.objects.live().public().filter(files__isnull=False).distinct().order_by("pk").first()


@pytest.fixture
def practice(demo_site):
    return PracticePage.objects.live().public().exclude(school=None).order_by("pk").first() or (
        PracticePage.objects.live().public().order_by("pk").first()
    )


@pytest.fixture
def material_index(demo_site):
    return MaterialIndexPage.objects.get()


@pytest.fixture
def methodist(demo_site):
    return get_user_model().objects.get(username="methodist")


@pytest.fixture
def reviewer(demo_site):
    return get_user_model().objects.get(username="reviewer")


@pytest.fixture
def admin_user(demo_site):
    return get_user_model().objects.get(username="admin")
