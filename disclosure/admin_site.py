"""The admin site: a password, then a second factor (TOTP) for those who must give one.

Chinese government systems are assessed under 等保2.0 (GB/T 22239-2019), which asks for
two-factor authentication of administrators: supervisors and superusers always give a
one-time code from an authenticator app, every staff member does when
`OTP_REQUIRED_FOR_STAFF` is on. A correct password alone does not log such a user in: it
is remembered in the session for a few minutes while the code is asked (or, the first
time, while an authenticator app is enrolled), and only a correct code logs them in. The
admin also refuses a session that is logged in but not verified (one from before the rule,
or of a user who has since become a supervisor).

Wrong passwords are counted by django-axes (`AXES_*` in settings); `lockout_response` is
the page a locked-out account or address sees.
"""

import base64
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, auth
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# The user who gave the right password and still owes the code: {"user", "backend", "at"}.
PENDING_SESSION_KEY = "_second_factor_pending"
PENDING_SECONDS = 10 * 60


def second_factor_required(user) -> bool:
    """Whether this account must give a one-time code to use the admin."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_supervisor or settings.OTP_REQUIRED_FOR_STAFF


def second_factor_verified(request) -> bool:
    """Whether this session's user has given a code (django-otp's OTPMiddleware says)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class _PasswordStepView(LoginView):
    """Django's login; a user who owes a code is remembered, not logged in."""

    admin_site = None

    def form_valid(self, form):
        user = form.get_user()
        if not second_factor_required(user):
            return super().form_valid(form)
        # A new session key, as a login would get: nothing planted before survives.
        self.request.session.cycle_key()
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
        }
        url = reverse("admin:second_factor", current_app=self.admin_site.name)
        return HttpResponseRedirect(f"{url}?{urlencode({'next': self.get_success_url()})}")


class StaffAdminSite(admin.AdminSite):
    """`admin.site` (see `config.apps.AdminConfig`)."""

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not second_factor_required(request.user) or second_factor_verified(request)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        # Django's AdminSite.login, with the password step above.
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return _PasswordStepView.as_view(
            admin_site=self,
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)

    def get_urls(self):
        return [
            path("login/code/", self.second_factor, name="second_factor"),
            *super().get_urls(),
        ]

    def _safe_next(self, request) -> str:
        target = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:index", current_app=self.name)

    @method_decorator(sensitive_post_parameters("token"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    def second_factor(self, request):
        """Ask the pending user's code; the first time, enrol an authenticator app."""
        pending = request.session.get(PENDING_SESSION_KEY)
        user = None
        if pending and time.time() - pending["at"] < PENDING_SECONDS:
            user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        if user is None:
            request.session.pop(PENDING_SESSION_KEY, None)
            return HttpResponseRedirect(reverse("admin:login", current_app=self.name))

        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        enrolling = device is None
        if enrolling:
            if request.method == "POST":
                device = (
                    TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
                )
            if device is None or request.method != "POST":
                # The secret is shown only on this page, and a fresh one each time it opens.
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                device = TOTPDevice.objects.create(
                    user=user, name=gettext("Authenticator app"), confirmed=False
                )

        form = TokenForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            # verify_token throttles: each failure doubles the wait before the next try.
            if device.verify_token(form.cleaned_data["token"].strip()):
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                del request.session[PENDING_SESSION_KEY]
                auth.login(request, user, backend=pending["backend"])
                otp_login(request, device)
                return HttpResponseRedirect(self._safe_next(request))
            form.add_error("token", _("The code is wrong or has expired. Try the current one."))

        context = {
            **self.each_context(request),
            "title": _("Enrol an authenticator app") if enrolling else _("One-time code"),
            "form": form,
            "enrolling": enrolling,
            "account": user.get_username(),
            "next": self._safe_next(request),
        }
        if enrolling:
            uri = device.config_url
            svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
            context["otpauth_uri"] = uri
            context["secret"] = base64.b32encode(device.bin_key).decode()
            # qrcode's own markup: path data from the URI's bits, no text of ours.
            context["qr_svg"] = mark_safe(svg.to_string(encoding="unicode"))
        request.current_app = self.name
        return TemplateResponse(request, "admin/second_factor.html", context)


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers while an account or an address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/locked_out.html",
        {"title": _("Login locked"), "minutes": minutes},
        status=429,
    )
