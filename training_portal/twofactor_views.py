"""The pages of two-factor login (training_portal/twofactor.py): the password step of both login pages, the code
step, and the staff member's "Login security" page where an authenticator app is enrolled; the console's site,
whose login page is the same two steps."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from training_portal import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "autofocus": True}
        ),
        help_text=gettext_lazy("The six digits your authenticator app shows now."),
    )


class TwoStepLoginView(LoginView):
    """Django's login page, whose right password logs in at once only those who are not asked for a code."""

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.asks_for_code(user):
            return super().form_valid(form)
        twofactor.hold_login(self.request, user, next_url=self.get_success_url())
        return redirect("login_code")


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of a login: the code from the app of the user whose password was right."""
    held = twofactor.held_login(request)
    if held is None:
        return redirect("login")
    user, backend, next_url = held
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        pause = twofactor.paused(request, user)
        if pause is not None:
            twofactor.drop_held_login(request)
            return pause
        device = twofactor.verify_code(request, user, request.POST.get("code", "")) if form.is_valid() else None
        if device is not None:
            twofactor.finish_login(request, user, backend=backend, device=device)
            return HttpResponseRedirect(next_url)
        if form.is_valid():
            form.add_error(
                "code", _("This code is not right, or was already used. Wait for the next one and try again.")
            )
        status = 400
    return render(request, "registration/login_code.html", {"form": form, "who": user}, status=status)


def _back(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
def login_security(request):
    """A staff member's two-factor login: the QR code to scan and the code that confirms it, or that it is on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not twofactor.may_enrol(request.user):
        raise PermissionDenied(_("Two-factor login is for the staff of the Department of Home Affairs."))
    device = twofactor.confirmed_device(request.user)
    context = {"device": device, "next": _back(request), "required": settings.CONSOLE_REQUIRE_2FA}
    status = 200
    if device is None:
        new_device = twofactor.enrolment_device(request, request.user)
        form = CodeForm(request.POST or None)
        if request.method == "POST":
            if form.is_valid() and twofactor.enrol(request, request.user, form.cleaned_data["code"]):
                messages.success(request, _("Two-factor login is on: from now on you log in with a code from the app."))
                return redirect(context["next"] or reverse("login_security"))
            if form.is_valid():
                form.add_error("code", _("This code is not right. Check the app's clock and try the next code."))
            status = 400
        context |= {
            "form": form,
            "qr_code": twofactor.qr_code_data_uri(new_device),
            "secret": twofactor.secret_text(new_device),
        }
    elif request.method == "POST":
        return redirect("login_security")
    return render(request, "registration/login_security.html", context, status=status)


class ConsoleSite(admin.AdminSite):
    """The staff console, whose login page asks for the code after the password like /accounts/login/."""

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
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
        return TwoStepLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)
