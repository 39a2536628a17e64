"""Pages a citizen reads on a phone (issue 12, item 13): the proposals table stacks into
cards, the catalogue's filters fold behind 筛选, the trend charts scale or scroll in a box.
All of it by static CSS and JS: the CSP allows no inline script or style."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports.outputs import charts
from reports.outputs.charts import BarChart, Series
from tests.factories import OrganizationFactory
from tests.requests_app.proposals.test_proposals_public import published

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.django_db
def test_the_proposals_table_stacks_with_a_label_on_every_cell(client):
    published(OrganizationFactory(), "关于加快汇东新区商圈建设的建议")

    html = client.get(reverse("proposals:proposal_list"), {"year": "2016"}).content.decode()

    assert 'class="data data--stacked"' in html
    cells = re.findall(r"<td\b[^>]*>", html)
    assert cells and all("data-label=" in cell for cell in cells)
    css = (STATIC / "css" / "site.css").read_text()
    assert "table.data--stacked td::before" in css
    assert "attr(data-label)" in css


@pytest.mark.django_db
def test_the_catalogue_filters_fold_behind_a_summary(client):
    OrganizationFactory()
    html = client.get(reverse("disclosure:list")).content.decode()

    details = re.search(r'<details class="filter-panel"[^>]*>\s*<summary>', html)
    assert details and " open" not in details.group(0)
    assert html.index('class="filter-panel"') < html.index('class="filter-form"')
    assert '<script src="/static/js/filters.js" defer></script>' in html
    assert "<script>" not in html  # no inline script under the CSP
    assert (STATIC / "js" / "filters.js").exists()


@pytest.mark.django_db
def test_filters_with_errors_stay_open(client):
    OrganizationFactory()
    html = client.get(reverse("disclosure:list"), {"year": "abc"}).content.decode()
    assert 'id="filter-errors"' in html
    assert '<details class="filter-panel" open>' in html


def test_the_chart_svg_scales_with_a_viewbox_and_no_fixed_pixel_width():
    svg = charts.render_svg(
        BarChart(
            id="chart-t",
            title="申请",
            description="逐年。",
            categories=("2016", "2017"),
            series=(Series("granted", "予以公开", (1, 2)),),
        )
    )
    root = re.match(r"<svg\b[^>]*>", svg).group(0)
    assert re.search(r'viewBox="0 0 \d+ [\d.]+"', root)
    assert 'width="100%"' in root
    assert not re.search(r'\b(width|height)="\d+(px)?"', root)
    css = (STATIC / "css" / "charts.css").read_text()
    assert re.search(r"\.chart-frame \{[^}]*overflow-x: auto", css)
