"""Strings of Django's own catalogue that the project translates differently.

Django's forms put ``gettext(":")`` after every label (``Form.label_suffix``, used by the
public forms and the admin alike); Django's zh_Hans catalogue keeps the ASCII colon. The
project's catalogue is searched first (``LOCALE_PATHS``), so translating the string once here
gives every form the full-width "：" after its Chinese labels.
"""

from django.utils.translation import gettext_noop

LABEL_SUFFIX = gettext_noop(":")
