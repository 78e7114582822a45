"""A site with a home page and the sections a test asks for, built through the page tree."""

from wagtail.models import Page, Site

from home.models import HomePage


def publish(page, user=None):
    """Save a revision and publish it, as the admin would."""
    page.save_revision(user=user).publish()
    return page


def add_page(parent, model, *, publish_now=True, user=None, **fields):
    """Add ``model(**fields)`` under ``parent``; published unless ``publish_now`` is False."""
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-")[:50] or "page")
    page = model(**fields)
    if not publish_now:
        page.live = False
    parent.add_child(instance=page)
    if publish_now:
        publish(page, user)
    else:
        page.save_revision(user=user)
    return page


def home_page(title="Портал программы поддержки школ"):
    """The portal's home page at the root of the default site, replacing Wagtail's welcome page."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for welcome in root.get_children():
        welcome.delete()
    home = add_page(root, HomePage, title=title, slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Портал")
    return home


def section(model, slug, title=None, **fields):
    """The one section of type ``model`` under the home page (created on first use)."""
    home = home_page()
    existing = model.objects.first()
    if existing is not None:
        return existing
    return add_page(home, model, title=title or slug.capitalize(), slug=slug, show_in_menus=True, **fields)
