"""Import templates to download, optional columns left out, and the one word for 统计信息."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

import disclosure.admin.imports  # noqa: F401  (installs /admin/import/ on the admin site)
from core.importing import registry, run_import
from disclosure.models import Disclosure, Genre
from tests.factories import CategoryFactory, OrganizationFactory, UserFactory


def template_url(kind):
    return f"/admin/import/template/{kind}.csv"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", registry.kinds())
def test_each_kind_offers_a_template_with_its_headers_and_a_bom(client, kind):
    client.force_login(UserFactory(is_superuser=True, organization=None))
    response = client.get(template_url(kind))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [registry.get(kind).column_headers()]
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_template_is_refused_without_the_import_permission(client):
    organization = OrganizationFactory(code="zlj-a")
    client.force_login(UserFactory(organization=organization))
    assert client.get(template_url("disclosures")).status_code == 403
    user = UserFactory(organization=organization)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="disclosure",
            codename__in=["add_disclosure", "change_disclosure"],
        )
    )
    client.force_login(user)
    assert client.get(template_url("disclosures")).status_code == 200
    assert client.get(template_url("organizations")).status_code == 403
    assert client.get(template_url("no-such-kind")).status_code == 404


@pytest.mark.django_db
def test_the_import_page_links_the_templates_and_shows_no_kind_code(client):
    client.force_login(UserFactory(is_superuser=True, organization=None))
    page = client.get("/admin/import/").content.decode()
    assert template_url("disclosures") in page
    assert "(disclosures)" not in page


def csv_file(tmp_path, rows):
    path = tmp_path / "items.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


@pytest.mark.django_db
def test_disclosures_import_without_the_optional_columns_and_keep_saved_values(tmp_path):
    OrganizationFactory(code="zlj-a", name="甲局")
    CategoryFactory(name="统计数据栏目")
    headers = ["机关代码", "标题", "文号", "栏目", "体裁", "成文日期", "有效性", "废止日期", "正文"]
    full = csv_file(
        tmp_path,
        [headers, ["zlj-a", "2016年统计公报", "甲发〔2016〕1号", "统计数据栏目", "统计数据",
                   "2016-03-01", "", "", "<p>正文</p>"]],
    )  # fmt: skip
    assert run_import("disclosures", full).ok
    item = Disclosure.objects.get(title="2016年统计公报")
    assert item.genre == Genre.STATISTICS and item.document_number == "甲发〔2016〕1号"

    short = ["机关代码", "标题", "栏目", "体裁", "成文日期", "有效性", "废止日期"]
    path = csv_file(
        tmp_path,
        [short, ["zlj-a", "2016年统计公报", "统计数据栏目", "统计信息", "2016-03-01", "", ""]],
    )
    result = run_import("disclosures", path)
    assert result.ok, result.errors
    assert result.unchanged == 1
    item.refresh_from_db()
    assert item.document_number == "甲发〔2016〕1号" and "正文" in item.body


@pytest.mark.django_db
def test_statistics_is_called_one_name_everywhere():
    from django.utils import translation

    from disclosure.importers.disclosures import GENRE_ALIASES

    with translation.override("zh-hans"):
        assert str(Genre.STATISTICS.label) == "统计信息"
    assert GENRE_ALIASES[Genre.STATISTICS][0] == "统计信息"
    assert "统计数据" in GENRE_ALIASES[Genre.STATISTICS]  # still read on import


@pytest.mark.django_db
def test_an_application_row_of_blank_required_cells_is_refused_not_a_crash(tmp_path):
    headers = registry.get("applications").column_headers()
    path = csv_file(tmp_path, [headers, [""] * (len(headers) - 1) + ["0"]])
    result = run_import("applications", path)
    assert not result.ok
    assert {e.column for e in result.errors} >= {"受理编号", "机关代码"}
