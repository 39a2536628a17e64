"""The public site: home, catalogue list and detail, each organization's guide and catalogue.

Only published disclosures are ever read here (`Disclosure.objects.published()`);
drafts and withdrawn items answer 404. Every page reads a fixed number of
queries whatever the size of the catalogue (select_related, prefetch_related),
which the tests check at 10 and 1,000 disclosures. Nothing scans the catalogue per
request: year choices, counts per column and the list totals are cached until the
catalogue changes (disclosure.services.catalogue_cache), and the list's pages are read
through indexes (disclosure.pagination).
"""

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET

from disclosure import open_data as open_data_files
from disclosure.context_processors import site
from disclosure.filters import DisclosureFilter, published_tree_with_counts
from disclosure.models import Attachment, Disclosure, Organization
from disclosure.page_cache import cache_public_page
from disclosure.pagination import catalogue_page
from disclosure.search.page import search_context, search_results
from disclosure.services.catalogue_cache import list_count

PAGE_SIZE = 20
# The list's query parameters: its filters and its page (number or cursor).
LIST_PARAMS = (
    "org",
    "category",
    "genre",
    "year",
    "validity",
    "q",
    "sort",
    "page",
    "after",
    "before",
)
HOME_LATEST = 10


def _public_disclosures():
    return Disclosure.objects.published().select_related("organization", "category")


@cache_public_page()
def home(request):
    latest = list(_public_disclosures()[:HOME_LATEST])
    columns = published_tree_with_counts().roots
    return render(request, "disclosure/home.html", {"latest": latest, "columns": columns})


@cache_public_page(params=LIST_PARAMS)
def disclosure_list(request):
    filterset = DisclosureFilter(request.GET or None, queryset=_public_disclosures())
    # Bad filter values (an unknown organization code, a year with no disclosures,
    # a column id that is not a number) come back as form errors, never a 500.
    valid = not filterset.is_bound or filterset.is_valid()
    queryset = filterset.qs if valid else filterset.queryset.none()
    results = None
    if valid and filterset.is_bound and filterset.keyword:
        # A search shows a bounded window of its matches (disclosure.search.page).
        results = search_results(filterset, queryset, _public_disclosures())
        queryset, count = results.queryset, len(results.window.ids)
    else:
        count = list_count(queryset, filterset.active_filters()) if valid else 0
    page_obj = catalogue_page(
        queryset, request.GET, per_page=PAGE_SIZE, count=count, cursors=results is None
    )
    return render(
        request,
        "disclosure/disclosure_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "disclosures": page_obj.object_list,
            "is_filtered": filterset.is_bound
            and any(v for k, v in request.GET.items() if k not in ("page", "after", "before")),
            # Snippets, facets and hints of a keyword search (disclosure.search.page).
            **(search_context(filterset, results, page_obj, request.GET) if valid else {}),
        },
    )


@cache_public_page()
def disclosure_detail(request, pk: int):
    disclosure = get_object_or_404(
        Disclosure.objects.published()
        .select_related("organization", "category", "category__parent", "interprets")
        .prefetch_related(
            "attachments",
            "channels",
            Prefetch(
                "interpretations",
                queryset=Disclosure.objects.published().order_by("-published_on", "-id"),
                to_attr="public_interpretations",
            ),
        ),
        pk=pk,
    )
    # The interpreted document is linked only if the public may read it too.
    interprets = disclosure.interprets
    if interprets is not None and not interprets.is_public:
        interprets = None
    return render(
        request,
        "disclosure/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "interprets": interprets,
            "interpretations": disclosure.public_interpretations,
            "attachments": list(disclosure.attachments.all()),
            "channels": list(disclosure.channels.all()),
        },
    )


# Shown in the browser; anything else (office documents, archives, text) is saved.
INLINE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "gif"}


def _staff_may_read(user, disclosure: Disclosure) -> bool:
    """Staff who may open the disclosure in the admin: its organization is in their scope."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not user.has_perm("disclosure.view_disclosure"):
        return False
    ids = user.scope_organization_ids
    return ids is None or disclosure.organization_id in ids


@require_GET
def attachment_file(request, name: str):
    """An attachment, streamed: to everyone while its disclosure is published, otherwise only
    to staff in scope. A draft's or a withdrawn disclosure's file answers 404 to anyone else,
    like the disclosure itself; its storage (PRIVATE_MEDIA_ROOT) is never served directly.
    """
    attachment = (
        Attachment.objects.select_related("disclosure").filter(file=name).order_by().first()
    )
    if attachment is None:
        raise Http404
    disclosure = attachment.disclosure
    public = disclosure.is_public
    if not public and not _staff_may_read(request.user, disclosure):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=attachment.extension not in INLINE_EXTENSIONS,
        filename=attachment.download_name,
    )
    if public:
        # Caches must ask again: a withdrawal takes effect on the next request.
        response["Cache-Control"] = "no-cache"
    else:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def _public_organization(code: str) -> Organization:
    return get_object_or_404(Organization.objects.active(), code=code)


def guide_index(request):
    """The guide of the top organization (the district government), for the site navigation."""
    top = (
        Organization.objects.active()
        .filter(parent__isnull=True)
        .order_by("sort_order", "code")
        .only("code")
        .first()
    )
    if top is None:
        raise Http404("No organization yet.")
    return redirect("disclosure:guide", code=top.code)


@cache_public_page()
def organization_guide(request, code: str):
    """政府信息公开指南 of one organization.

    第二十条第二项: an organ discloses its office address, office hours and contact details.
    """
    organization = _public_organization(code)
    children = list(organization.children.active().order_by("sort_order", "code"))
    return render(
        request,
        "disclosure/guide.html",
        {
            "organization": organization,
            "parent": organization.parent if organization.parent_id else None,
            "children": children,
            "guide_paragraphs": [
                p.strip() for p in organization.guide_text.split("\n") if p.strip()
            ],
        },
    )


@cache_public_page()
def organization_catalogue(request, code: str):
    """政府信息公开目录 of one organization: its published disclosures per column."""
    organization = _public_organization(code)
    tree = published_tree_with_counts(organization.pk)
    rows = [node for node in tree.ordered if node.total]
    return render(
        request,
        "disclosure/catalogue.html",
        {
            "organization": organization,
            "rows": rows,
            "total": sum(root.total for root in tree.roots),
        },
    )


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # Rendered without a request context and without touching the database:
    # the error may be that the database is down. The site's identity is read from settings.
    return HttpResponseServerError(loader.get_template("500.html").render(site(None)))


def _open_data_url(name: str) -> str:
    return reverse("disclosure:open_data_file", args=[name])


def open_data(request):
    """开放数据: the daily files of the whole published catalogue and their schema."""
    manifest = open_data_files.read_manifest()
    files = []
    if manifest:
        for ext in open_data_files.FORMATS:
            info = manifest["files"].get(ext)
            if info:
                files.append({**info, "format": ext, "url": _open_data_url(info["name"])})
    archive = [
        {
            "date": day,
            "links": [
                (ext, _open_data_url(f"archive/catalogue-{day}.{ext}"))
                for ext in open_data_files.FORMATS
            ],
        }
        for day in open_data_files.archived_dates()
    ]
    return render(
        request,
        "disclosure/open_data.html",
        {
            "manifest": manifest,
            "files": files,
            "archive": archive,
            "fields": open_data_files.FIELDS,
        },
    )


@require_GET
def open_data_file(request, name: str):
    """One open-data file, streamed from the public storage (a site serves no /media/)."""
    if not open_data_files.SERVED_NAME.fullmatch(name):
        raise Http404
    extension = name.rsplit(".", 1)[1]
    try:
        handle = default_storage.open(f"{open_data_files.DIRECTORY}/{name}", "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name.rsplit("/", 1)[-1],
        content_type=open_data_files.CONTENT_TYPES[extension],
    )
    # Written once a day: caches may keep it an hour.
    response["Cache-Control"] = "public, max-age=3600"
    return response
