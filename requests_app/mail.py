"""Plain-text mails, each a pair of templates under `templates/requests_app/mail/`.

`<name>_subject.txt` is the subject, `<name>.txt` the body. Both are rendered
with autoescaping off (they are not HTML) in the active language; their texts
are gettext messages (`{% blocktranslate %}`).
"""

from django.template.loader import render_to_string


def render_mail(name: str, context: dict) -> tuple[str, str]:
    """The subject and body of mail `name`.

    A template file ends with a newline like every text file; that newline is
    not part of the mail: the subject is one line, and the body ends where the
    template's last line ends.
    """
    subject = render_to_string(f"requests_app/mail/{name}_subject.txt", context)
    body = render_to_string(f"requests_app/mail/{name}.txt", context)
    return "".join(subject.splitlines()), body.removesuffix("\n")
