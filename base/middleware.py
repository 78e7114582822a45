import re
from html import escape
from html.parser import HTMLParser

from . import accessibility

# An <img> tag; a quoted attribute value may hold ">".
IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = dict(attrs)

    handle_startendtag = handle_starttag


def _alt_text(match) -> str:
    parser = _Attributes()
    parser.feed(match.group(0))
    parser.close()
    alt = (parser.attrs.get("alt") or "").strip()
    # An empty alt marks a decorative image: with images off it leaves nothing behind.
    return f'<span class="image-alt">{escape(alt)}</span>' if alt else ""


def images_as_text(html: str) -> str:
    return IMG_TAG.sub(_alt_text, html)


class AccessibleImagesMiddleware:
    """With images off in the version for the visually impaired, each image of a public page
    is replaced by its alternative text (ГОСТ Р 52872-2019 asks for the text, not a gap).

    Done on the response because images reach the page from many places (Wagtail's image tag,
    rich text, snippets) and no style sheet can show an image's alt text in its place. The
    Wagtail admin keeps its images: editors work there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        choices = accessibility.parse(request.COOKIES.get(accessibility.COOKIE))
        if (
            choices is None
            or choices["images"] != "off"
            or request.path.startswith("/admin/")
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        charset = response.charset
        response.content = images_as_text(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
