"""Rich text is sanitised on save so that no script ever reaches a page."""

import nh3
from django.conf import settings
from django.urls import reverse

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "div",
    "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# The classes a body may carry, per tag. The site's styles give none of them a meaning inside
# `.doc-body`, so none is kept: a free `class` lets a body dress a link as the site's own
# button. Add a class here together with the style that uses it.
ALLOWED_CLASSES: dict[str, set[str]] = {}
URL_SCHEMES = {"http", "https", "mailto"}


def _own_image_prefixes() -> tuple[str, ...]:
    """Where this site's own images live: the attachments' file view and MEDIA_URL."""
    attachments = reverse("disclosure:attachment", args=["x"]).removesuffix("x")
    return tuple(p for p in (attachments, settings.MEDIA_URL) if p.startswith("/"))


def _is_own_image(url: str) -> bool:
    """A path on this site: an image from elsewhere is a tracking pixel."""
    return url.startswith(_own_image_prefixes()) and not url.startswith("//") and "\\" not in url


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _is_own_image(value.strip()):
        return None
    return value


def sanitize_html(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
