"""Storage for files that must never have a public URL: identity proofs, replies to applicants,
and the attachments of catalogue disclosures.

They live under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which a web server may serve), and
are only ever streamed by views that check who is asking. Names are random so that a file
name never carries personal data and cannot be guessed.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import cached_property


class PrivateFileStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("private files have no public URL; stream them through a view")


class AttachmentFileStorage(PrivateFileStorage):
    """Attachments of disclosures: private files whose URL is the view that checks the state.

    A disclosure's attachment may be read by anyone only while the disclosure is published
    (a draft's or a withdrawn one's list may carry ID numbers); `disclosure:attachment`
    decides per request, so publishing or withdrawing moves no file.
    """

    def url(self, name):
        return reverse("disclosure:attachment", kwargs={"name": name})


_private = PrivateFileStorage()
_attachments = AttachmentFileStorage()


def private_storage() -> PrivateFileStorage:
    return _private


def attachment_storage() -> AttachmentFileStorage:
    return _attachments


@receiver(setting_changed)
def _private_root_changed(setting, **kwargs):
    if setting == "PRIVATE_MEDIA_ROOT":
        for storage in (_private, _attachments):
            for attr in ("base_location", "location"):
                storage.__dict__.pop(attr, None)


def random_name(folder: str, filename: str) -> str:
    """`folder/<random>.<ext>`: keeps the extension, drops the person's file name."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"{folder}/{secrets.token_hex(16)}{suffix}"
