"""The Celery application of the project: `celery -A config worker`, `celery -A config beat`.

Settings are Django's, under the `CELERY_` prefix (`config/settings.py`). The apps declare
their tasks with `shared_task` and never import this module; their AppConfig.ready() imports
the modules that hold tasks, so a worker knows every task once Django is set up.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
