"""Signing in and out, registering an account with its organisation, changing the password.

The same services as the API's /auth and /users/me, so the same rate limits, password
policy and revocation apply.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from app.auth.endpoints import ClientDep
from app.auth.service import AuthService
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError, TooManyRequests, Unauthorized
from app.core.i18n import gettext as _
from app.core.i18n import translate
from app.models.vocabulary import OrganizationType, Ownership
from app.organization.service import OrganizationService
from app.reference.communes import load_communes
from app.registration.schemas import Registration
from app.registration.service import register
from app.user.schemas import PasswordChange
from app.user.service import UserService
from app.web.forms import FormState, form_text, nest, read_form, validate
from app.web.pages.public import local_path
from app.web.session import MemberUser, sign_in, sign_out, undo
from app.web.templating import render

router = APIRouter()


class SignInForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    email: str
    password: str


# --- sign in and out -----------------------------------------------------------------------


@router.get("/sign-in", name="site_sign_in")
async def sign_in_page(request: Request, next: str = "/account") -> HTMLResponse:
    return render(request, "account/sign_in.html", {"form": FormState(), "next": local_path(next)})


@router.post("/sign-in")
async def sign_in_submit(
    request: Request, session: SessionDep, settings: SettingsDep, client: ClientDep
) -> Response:
    form = await read_form(request)
    next_page = local_path(await form_text(request, "next") or "/account")
    data = validate(
        SignInForm, {**form.values, "password": await form_text(request, "password")}, form
    )
    if data is not None:
        try:
            user = await AuthService(session, settings).authenticate(
                data.email, data.password, client
            )
        except AppError as exc:
            await undo(request, session)
            form.fail(_sign_in_refusal(exc))
        else:
            sign_in(request, user)
            return RedirectResponse(next_page, status_code=303)
    context = {"form": form, "next": next_page}
    return render(request, "account/sign_in.html", context, status_code=400)


def _sign_in_refusal(exc: AppError) -> str:
    if isinstance(exc, Unauthorized):
        return _("Incorrect e-mail or password.")
    if isinstance(exc, TooManyRequests):
        return _("Too many failed attempts. Wait a few minutes and try again.")
    return translate(exc.detail)


@router.post("/sign-out", name="site_sign_out")
async def sign_out_submit(request: Request) -> RedirectResponse:
    sign_out(request)
    return RedirectResponse("/", status_code=303)


# --- registration -------------------------------------------------------------------------


def _registration_context(form: FormState) -> dict[str, object]:
    return {
        "form": form,
        "organization_types": list(OrganizationType),
        "ownerships": list(Ownership),
        "communes": sorted(load_communes().values(), key=lambda commune: commune.name),
    }


@router.get("/register", name="site_register")
async def register_page(request: Request) -> HTMLResponse:
    form = FormState(values={"organization.country": "VN"})
    return render(request, "account/register.html", _registration_context(form))


@router.post("/register")
async def register_submit(
    request: Request, session: SessionDep, settings: SettingsDep, client: ClientDep
) -> Response:
    form = await read_form(request)
    values = nest(form.values) | {"password": await form_text(request, "password")}
    data = validate(Registration, values, form)
    if data is not None:
        try:
            user, _organization = await register(session, settings, data, client)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
        else:
            sign_in(request, user)
            return RedirectResponse("/account?registered=1", status_code=303)
    return render(request, "account/register.html", _registration_context(form), status_code=400)


# --- the account --------------------------------------------------------------------------


@router.get("/account", name="site_account")
async def account_page(
    request: Request,
    user: MemberUser,
    session: SessionDep,
    registered: bool = False,
    password_changed: bool = False,
) -> Response:
    organization = (
        await OrganizationService(session).get_visible(user.organization_id, user)
        if user.organization_id
        else None
    )
    context = {
        "registered": registered,
        "password_changed": password_changed,
        "user": user,
        "organization": organization,
    }
    return render(request, "account/account.html", context)


@router.get("/account/password", name="site_change_password")
async def password_page(request: Request, user: MemberUser) -> HTMLResponse:
    return render(request, "account/password.html", {"form": FormState()})


@router.post("/account/password")
async def password_submit(
    request: Request, user: MemberUser, session: SessionDep, settings: SettingsDep
) -> Response:
    form = FormState()
    values = {
        "current_password": await form_text(request, "current_password"),
        "new_password": await form_text(request, "new_password"),
    }
    data = validate(PasswordChange, values, form)
    if data is not None:
        try:
            await UserService(session, settings).change_password(user, data)
        except AppError as exc:
            await undo(request, session)
            name = "current_password" if isinstance(exc, Unauthorized) else "new_password"
            form.fail(_password_refusal(exc), name)
        else:
            # Every other session of the account ends; this one goes on.
            sign_in(request, user)
            return RedirectResponse("/account?password_changed=1", status_code=303)
    return render(request, "account/password.html", {"form": form}, status_code=400)


def _password_refusal(exc: AppError) -> str:
    if isinstance(exc, Unauthorized):
        return _("The current password is not correct.")
    return translate(exc.detail)
