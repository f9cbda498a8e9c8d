"""HTML pages: login, logout, first-admin setup, profile with tokens, admin's user list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.accounts import credential_services, services, setup_services
from innovationzone.accounts.auth import sign_in, sign_out
from innovationzone.accounts.forms import (
    AccountFields,
    ConfirmForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    SetupForm,
    TokenForm,
    UserForm,
)
from innovationzone.accounts.redirects import safe_next
from innovationzone.api import page_args
from innovationzone.errors import DomainError, Forbidden, RateLimited
from innovationzone.i18n import LANGUAGES

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The sign-in page; failed attempts are throttled per username and address, and the answer
    never says whether the username exists."""
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.username.data, form.password.data, request.remote_addr or ""
            )
        except RateLimited as error:
            wait = error.extra.get("retry_after", 60)
            form.form_errors.append(
                _(
                    "Too many failed sign-in attempts from here. Try again in %(seconds)s seconds.",
                    seconds=wait,
                )
            )
            status, headers = 429, {"Retry-After": str(wait)}
        except DomainError:
            form.form_errors.append(_("Wrong username or password."))
            status = 401
        else:
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form), status, headers


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Signs out (POST with CSRF, so a link on another site cannot sign people out)."""
    ConfirmForm().validate_on_submit()  # CSRF is checked for every POST in accounts/auth.py
    sign_out()
    flash(_("You are signed out."))
    return redirect(url_for("accounts.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def first_admin(token: str) -> ResponseReturnValue:
    """Creates the first admin through the one-time setup link; 404 once an admin exists or for a
    wrong token."""
    if services.admin_exists() or not setup_services.check_setup_token(token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(None, {**_account_data(form), "is_admin": True})
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            setup_services.discard_setup_token()
            sign_in(user)
            flash(_("Welcome! You are the administrator. Create a zone to start."))
            return redirect(url_for("home.home"))
    return render_template("accounts/setup.html", form=form)


def _account_data(form: AccountFields) -> dict[str, str]:
    return {
        "username": form.username.data or "",
        "password": form.password.data or "",
        "display_name": form.display_name.data or "",
        "department": form.department.data or "",
    }


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    """The profile page with its three forms (profile, password, tokens); a new token's secret is
    shown once, right here."""
    form = ProfileForm(obj=current_user, prefix="profile")
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    password_form = PasswordForm(prefix="password")
    token_form = TokenForm(prefix="token")
    new_secret = None
    try:
        if form.submit.data and form.validate_on_submit():
            services.update_profile(
                current_user,
                {
                    "display_name": form.display_name.data,
                    "department": form.department.data,
                    "locale": form.locale.data or None,
                    "email": form.email.data or None,
                    "email_pref": form.email_pref.data,
                },
            )
            flash(_("Profile saved."))
            return redirect(url_for("accounts.profile"))
        if password_form.submit.data and password_form.validate_on_submit():
            if _change_password(password_form):
                flash(_("Password changed. Other sessions were signed out."))
                return redirect(url_for("accounts.profile"))
        if token_form.submit.data and token_form.validate_on_submit():
            _token, new_secret = credential_services.create_token(
                current_user, token_form.name.data or ""
            )
    except DomainError as error:
        flash(error.text(), "error")
    limit, cursor = page_args()
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        token_form=token_form,
        tokens=credential_services.tokens_page(current_user, limit=limit, cursor=cursor),
        new_secret=new_secret,
        confirm=ConfirmForm(),
    )


def _change_password(form: PasswordForm) -> bool:
    """This browser stays signed in; a wrong current password is said at its field."""
    try:
        services.change_password(
            current_user._get_current_object(),
            {"current": form.current.data, "new": form.new.data},
            login_session_id=g.get("iz_login_session_id"),
        )
    except Forbidden:
        form.current.errors.append(_("The current password is not right."))
        return False
    return True


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revokes one of the user's tokens from the profile page."""
    credential_services.revoke_token(current_user, token_id)
    flash(_("Token revoked."))
    return redirect(url_for("accounts.profile"))


@bp.post("/language/<code>")
def set_language(code: str) -> ResponseReturnValue:
    """Switches the interface language for this browser and, when signed in, for the account
    (mails follow it)."""
    if code not in LANGUAGES:
        abort(404)
    session["locale"] = code
    if current_user.is_authenticated:
        services.update_profile(current_user, {"locale": code})
    return redirect(safe_next(request.form.get("next")))


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def admin_users() -> ResponseReturnValue:
    """Admins list (by username, a page at a time) and create accounts; anyone else gets 403."""
    if not current_user.is_admin:
        abort(403)
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user, {**_account_data(form), "is_admin": form.is_admin.data}
            )
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Account %(name)s created.", name=user.username))
            return redirect(url_for("accounts.admin_users"))
    limit, cursor = page_args()
    listing = services.users_page(limit=limit, cursor=cursor)
    return render_template(
        "accounts/admin_users.html",
        form=form,
        users=listing.items,
        next=listing.next,
        confirm=ConfirmForm(),
    )


@bp.post("/admin/users/<username>/active")
@login_required
def set_active(username: str) -> ResponseReturnValue:
    """Admins (de)activate an account from the user list; the service checks the admin right."""
    services.set_active(current_user, username, request.form.get("active") == "1")
    return redirect(url_for("accounts.admin_users"))
