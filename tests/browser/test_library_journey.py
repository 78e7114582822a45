import re

from playwright.sync_api import expect

from practices.models import FileDownloadCount, MaterialPage


def test_teacher_filters_materials_opens_one_and_downloads_its_file(page):
    page.goto("/materials/")
    expect(page.locator("h1")).to_have_text("Методические материалы")

    filters = page.get_by_role("form", name="Фильтры")
    filters.get_by_label("Математика").check()
    filters.get_by_label("Основное общее образование (ООО)").check()
    filters.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"subject=mathematics.*level=ooo"))

    expected = MaterialPage.objects.live().public().filter(subjects__slug="mathematics", grades__level__slug="ooo")
    expect(page.locator(".results-count")).to_have_text(f"Найдено: {expected.distinct().count()}")

    page.locator(".resource-card h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    material = MaterialPage.objects.get(slug=page.url.rstrip("/").rsplit("/", 1)[1])
    assert material.subjects.filter(slug="mathematics").exists()

    row = material.files.first()
    before = FileDownloadCount.objects.filter(page=material, document_id=row.document_id).values_list(
        "count", flat=True
    )
    before = before[0] if before else 0

    link = page.get_by_role("link", name=row.label)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith((".pdf", ".docx"))
    assert download.path().stat().st_size > 0

    page.reload()
    counter = page.locator(".file-list li", has_text=row.label).locator(".download-count")
    expect(counter).to_have_text(str(before + 1))
