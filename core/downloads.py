"""File downloads: the Content-Disposition of a file with a Chinese name."""

from urllib.parse import quote

# Characters no file system or browser accepts in a file name.
_UNSAFE_IN_FILENAME = str.maketrans(dict.fromkeys('\\/:*?"<>|', ""))


def safe_filename(name: str) -> str:
    """`name` without the characters file systems refuse (a title may hold a "/" or ":")."""
    return name.translate(_UNSAFE_IN_FILENAME).strip()


def attachment_header(filename: str, fallback: str) -> str:
    """Content-Disposition with the Chinese name (RFC 5987 filename*) and an ASCII fallback.

    Django's `content_disposition_header` gives a non-ASCII name as `filename*` alone;
    the plain `filename` keeps the download named for clients that do not read RFC 6266.
    """
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
