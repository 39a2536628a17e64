"""Property-based fuzzing: public forms and import kinds answer without a 500 or partial write.

Arbitrary text, unicode, NUL bytes and huge values; the profile in tests/conftest.py keeps
the number of examples small.
"""

import csv
import io

import pytest
from django.apps import apps
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.importing import ImportFileError, registry, run_import
from requests_app.applications.forms import ApplicationForm, StatusLookupForm
from requests_app.petitions.forms import MailboxForm, MailboxStatusForm

pytestmark = pytest.mark.django_db

FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00", "=1+2", "-1", "9" * 400, "2016-02-30", "<script>", "' OR 1=1"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.just("长" * 33_000),
)

FORMS = [
    ("/apply/", ApplicationForm),
    ("/apply/status/", StatusLookupForm),
    ("/mailbox/", MailboxForm),
    ("/mailbox/status/", MailboxStatusForm),
]


def all_rows() -> int:
    return sum(model.objects.count() for model in apps.get_models())


@pytest.mark.parametrize(("url", "form"), FORMS, ids=[u for u, _f in FORMS])
@FIXTURES
@given(data=st.data())
@override_settings(PUBLIC_FORM_RATE=10_000)
def test_public_forms_never_answer_500(url, form, data):
    fields = list(form.base_fields)
    payload = {name: data.draw(text, label=name) for name in fields}
    response = Client().post(url, payload)
    assert response.status_code < 500


@FIXTURES
@given(q=text, year=text, page=text)
def test_public_lists_never_answer_500(q, year, page):
    client = Client()
    assert client.get("/disclosures/", {"q": q, "page": page}).status_code < 500
    assert client.get("/proposals/", {"year": year, "page": page}).status_code < 500


@pytest.mark.parametrize("kind", sorted(cls.kind for cls in registry.importers()))
@FIXTURES
@given(data=st.data())
def test_imports_never_crash_nor_write_part_of_a_bad_file(kind, data):
    columns = [c.header for c in registry.get(kind).columns]
    rows = data.draw(
        st.lists(st.lists(text, min_size=len(columns), max_size=len(columns)), max_size=3)
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, *rows])
    before = all_rows()
    try:
        result = run_import(kind, io.BytesIO(buffer.getvalue().encode()), filename="f.csv")
    except ImportFileError:
        assert all_rows() == before
        return
    if result.errors:
        assert all_rows() == before
