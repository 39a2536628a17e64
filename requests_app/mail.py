"""Plain-text mails, each a pair of templates under `templates/requests_app/mail/`.

`<name>_subject.txt` is the subject, `<name>.txt` the body. Both are rendered
with autoescaping off (they are not HTML) in the active language; their texts
are gettext messages (`{% blocktranslate %}`).

Mails are sent by a background job (`deliver_mail`), after the step that causes them
is committed.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def render_mail(name: str, context: dict) -> tuple[str, str]:
    """The subject and body of mail `name`.

    A template file ends with a newline like every text file; that newline is
    not part of the mail: the subject is one line, and the body ends where the
    template's last line ends.
    """
    subject = render_to_string(f"requests_app/mail/{name}_subject.txt", context)
    body = render_to_string(f"requests_app/mail/{name}.txt", context)
    return "".join(subject.splitlines()), body.removesuffix("\n")


@shared_task(
    name="requests_app.send_mail",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_mail_job(subject: str, body: str, recipients: list[str]) -> None:
    """A mail sent by a worker: a slow or unreachable mail server delays the mail (retried
    for about a day), never the person whose step caused it."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def deliver_mail(subject: str, body: str, recipients: list[str]) -> None:
    """Hand a rendered mail to the job queue; call it once the step is committed.

    In-process (no broker: `make run`, the tests) the mail is sent at once, a failure
    logged. If the queue is unreachable the mail is sent at once too: the step is
    committed, and the mail must not be lost with the queue.
    """
    recipients = list(recipients)
    if not send_mail_job.app.conf.task_always_eager:
        try:
            send_mail_job.delay(subject, body, recipients)
            return
        except Exception:
            logger.exception("could not queue a mail; sending it now")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # the step is committed; a mail server outage must not undo it
        logger.exception("could not send mail “%s”", subject)
