"""No identity number, phone number or address on any public page (issue: privacy)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from requests_app.applications.models import Application
from requests_app.applications.services import workflow
from tests.factories import OrganizationFactory, UserFactory

from .public_helpers import ADDRESS, PHONE, VALID_ID, application_post, apply_url, codes_from

pytestmark = pytest.mark.django_db

# The three values, and the forms in which they could leak (spaced, dashed, upper/lower).
SECRETS = [VALID_ID, PHONE, ADDRESS, "139-1234-5678", "139 1234 5678", "五星街88号"]


def public_urls(org_code: str) -> list[str]:
    """Every public page that could mention an application: lists, feeds, sitemap, home."""
    names = [
        ("disclosure:home", []),
        ("disclosure:list", []),
        ("disclosure:guide_index", []),
        ("disclosure:guide", [org_code]),
        ("disclosure:catalogue", [org_code]),
        ("disclosure:feed", []),
        ("disclosure:organization_feed", [org_code]),
        ("sitemap", []),
        ("petitions:letter_list", []),
        ("proposals:proposal_list", []),
        ("reports:index", []),
        ("reports:list", []),
        ("applications:apply", []),
        ("applications:status", []),
    ]
    urls = []
    for name, args in names:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            continue  # a page another part of the site has not built (yet)
    return urls


def assert_clean(response, where: str):
    assert response.status_code < 500, where
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} appears on {where}"
    return text


def test_no_identity_number_phone_or_address_on_any_public_page(client, frozen):
    frozen("2026-03-02")
    org = OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

    # The applicant types all three into the form; the file name carries them too.
    response = client.post(
        apply_url(org="zlj"),
        {
            **application_post(org, phone="139 1234 5678", delivery_method="post"),
            "identity_proof": SimpleUploadedFile(f"{VALID_ID}.png", png, "image/png"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("applications:done")
    confirmation = assert_clean(response, "the confirmation page")
    number, code = codes_from(confirmation)
    app = Application.objects.get()
    # The values were really stored: the test would catch them if a page showed them.
    assert (app.id_number, app.phone, app.address) == (VALID_ID, PHONE, ADDRESS)

    # A form that comes back with errors shows the person's own input: that is the form
    # itself, not a public page about the application, so it is not checked here.
    status = client.post(
        reverse("applications:status"),
        {"tracking_number": number, "query_code": code},
        follow=True,
    )
    assert status.context["application"] == app
    assert_clean(status, "the status page")

    # Answered, with a reply and an attachment, published lists refreshed.
    frozen("2026-03-13")
    workflow.answer(
        application=app,
        by=UserFactory(organization=org),
        on=date(2026, 3, 13),
        outcome="granted",
        reply_text="现将所申请信息提供给您。",
        attachments=[SimpleUploadedFile("答复.pdf", b"%PDF-1.4 x")],
    )
    # Days later the session that held the code has expired: the applicant looks up again.
    client.post(reverse("applications:status"), {"tracking_number": number, "query_code": code})
    answered = client.get(reverse("applications:status"))
    assert answered.context["application"].is_closed
    assert_clean(answered, "the status page once answered")
    attachment = app.reply_attachments.get()
    assert_clean(
        client.get(reverse("applications:status_attachment", args=[attachment.pk])),
        "the reply attachment",
    )

    anonymous = client.__class__()
    fetched = 0
    for url in public_urls("zlj"):
        assert_clean(anonymous.get(url), url)
        assert_clean(client.get(url), url + " (as the applicant)")
        fetched += 1
    # At least the home page, the lists, the feed, the sitemap and the two /apply/ pages.
    assert fetched >= 6
