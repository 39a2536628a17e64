"""Template helpers of the public site."""

from django import template

register = template.Library()


@register.simple_tag
def page_range(page_obj, on_each_side: int = 2, on_ends: int = 1):
    """Page numbers around the current one, with `Paginator.ELLIPSIS` for the gaps.

    A catalogue of thousands of items would otherwise print hundreds of links.
    """
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )


@register.filter
def file_type(attachment) -> str:
    """A short, upper-case type label for an attachment link ("PDF", "DOCX")."""
    return attachment.extension.upper() or "—"
