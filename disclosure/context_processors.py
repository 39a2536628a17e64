from django.conf import settings


def site(request):
    contact = settings.SITE_CONTACT.strip()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE": {
            "sponsor": settings.SITE_SPONSOR.strip(),
            "organizer": settings.SITE_ORGANIZER.strip(),
            "code": settings.SITE_CODE.strip(),
            "icp": settings.SITE_ICP.strip(),
            "psb": settings.SITE_PSB.strip(),
            "contact": contact,
            # A contact given as an address is linked; anything else is shown as text.
            "contact_is_url": contact.startswith(("https://", "http://", "mailto:")),
        },
    }
