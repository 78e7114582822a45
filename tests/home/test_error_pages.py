from django.template.loader import render_to_string


def test_server_error_page_is_self_contained_and_in_russian():
    # Django renders 500.html without a request context, so it must need none.
    html = render_to_string("500.html")
    assert '<html lang="ru">' in html
    assert "Что-то пошло не так" in html
    assert 'href="/"' in html


def test_forbidden_page_explains_what_to_do(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="methodist"))
    html = client.get("/analytics/").content.decode()
    assert "Доступ ограничен" in html
    assert "info@iro.example.ru" in html
