"""Public results of deputies' suggestions and CPPCC proposals (建议提案办理结果公开), per year."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, Value, When
from django.shortcuts import get_object_or_404, render

from core.public_forms import YearForm
from requests_app.proposals.models import Proposal, ProposalKind

PAGE_SIZE = 50
# Deputies' suggestions first, as the annual report lists them.
KIND_ORDER = Case(
    *[When(kind=kind, then=Value(i)) for i, kind in enumerate(ProposalKind.values)],
    default=Value(99),
)


def proposal_list(request):
    published = Proposal.objects.published()
    # One grouped query for the year navigation.
    years = list(published.values_list("year").annotate(n=Count("id")).order_by("-year"))
    form = YearForm(request.GET or None)
    year = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    if year is None and years:
        year = years[0][0]
    kind = request.GET.get("kind", "")
    if kind not in ProposalKind.values:
        kind = ""
    proposals = (
        published.filter(year=year)
        .select_related("lead_organization")
        .prefetch_related("proposers")
        .order_by(KIND_ORDER, "number", "id")
    )
    if kind:
        proposals = proposals.filter(kind=kind)
    page_obj = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_app/proposals/proposal_list.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": ProposalKind.choices,
            "page_obj": page_obj,
            "proposals": page_obj.object_list,
        },
    )


def proposal_detail(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.published()
        .select_related("lead_organization")
        .prefetch_related("proposers", "co_organizations"),
        pk=pk,
    )
    return render(request, "requests_app/proposals/proposal_detail.html", {"proposal": proposal})
