from django.template.loader import render_to_string

from base.roles import METHODISTS
from tests.factories import users


def test_server_error_page_is_self_contained_and_in_russian():
    # Django renders 500.html without a request context, so it must need none.
    html = render_to_string("500.html")
    assert '<html lang="ru">' in html
    assert "Что-то пошло не так" in html
    assert 'href="/"' in html


def test_forbidden_page_explains_what_to_do(client, site_settings):
    client.force_login(users.user_in(METHODISTS))
    response = client.get("/analytics/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Доступ ограничен" in html
    assert f'href="mailto:{site_settings.email}"' in html
