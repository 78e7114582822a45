def test_switch_turns_on_the_version_for_the_visually_impaired_and_remembers_it(client, news):
    response = client.post("/accessibility/", {"mode": "on", "next": "/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies["a11y"]
    assert cookie.value == "on"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600

    html = client.get("/news/").content.decode()
    assert ' a11y"' in html
    assert "Обычная версия сайта" in html


def test_switch_turns_the_mode_off_again(client, home):
    client.post("/accessibility/", {"mode": "on", "next": "/"})
    response = client.post("/accessibility/", {"mode": "off", "next": "/"})
    assert response.cookies["a11y"].value == ""
    html = client.get("/").content.decode()
    assert "Версия для слабовидящих" in html
    assert ' a11y"' not in html


def test_switch_never_redirects_to_another_site(client, home):
    response = client.post("/accessibility/", {"mode": "on", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_switch_accepts_only_posts(client, home):
    assert client.get("/accessibility/").status_code == 405
