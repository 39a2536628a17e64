"""Shared values for the public-side tests (the application form and the status page)."""

import re

from django.urls import reverse

VALID_ID = "510302199001011239"  # GB 11643 check digit 9
VALID_USCC = "91510300MA6234567J"  # GB 32100 check character J
PHONE = "13912345678"
ADDRESS = "四川省自贡市自流井区五星街88号3单元"
TOKEN = "T" * 32


def application_post(org, **overrides) -> dict:
    """A complete, valid POST of the application form."""
    data = {
        "applicant_category": "natural_person",
        "organization_kind": "",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "contact_person": "",
        "phone": PHONE,
        "email": "wang@example.com",
        "address": ADDRESS,
        "postcode": "643000",
        "organization": org.code,
        "information_title": "2025年老旧小区改造项目清单",
        "information_number": "",
        "description": "",
        "provision_form": "electronic",
        "delivery_method": "email",
        "consent": "on",
        "client_token": TOKEN,
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def codes_from(html: str) -> tuple[str, str]:
    """The tracking number and query code as the confirmation page shows them."""
    number = re.search(r'id="tracking-number">([^<]+)<', html).group(1).strip()
    code = re.search(r'id="query-code">([^<]+)<', html).group(1).strip()
    return number, code


def apply_url(**query) -> str:
    url = reverse("applications:apply")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url
