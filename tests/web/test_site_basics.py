"""The site's foundation: languages, sessions, form tokens, error pages, offline docs."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import PlatformRole
from app.web.session import StaffPageUser
from tests.factories import make_organization, make_user
from tests.web.helpers import post_form, sign_in, token_in


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)">', html)
    assert match
    return match.group(1)


async def test_pages_speak_vietnamese_by_default_and_english_when_asked(
    client: httpx.AsyncClient,
) -> None:
    home = await client.get("/")
    assert home.status_code == 200
    assert html_lang(home.text) == "vi"
    assert "Sàn giao dịch công nghệ Bắc Ninh" in home.text

    english = await client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,vi;q=0.5"})
    assert html_lang(english.text) == "en"
    assert "Bắc Ninh Technology Exchange" in english.text
    assert "Sàn giao dịch công nghệ Bắc Ninh" not in english.text

    unknown = await client.get("/", headers={"Accept-Language": "fr, de;q=0.8"})
    assert html_lang(unknown.text) == "vi"


async def test_the_language_switch_is_remembered_and_wins_over_the_browser(
    client: httpx.AsyncClient,
) -> None:
    switched = await post_form(client, "/", "/language", {"lang": "en", "next": "/sign-in"})
    assert switched.status_code == 303
    assert switched.headers["location"] == "/sign-in"
    page = await client.get("/sign-in", headers={"Accept-Language": "vi"})
    assert html_lang(page.text) == "en"
    assert "<h1>Sign in</h1>" in page.text

    back = await post_form(client, "/", "/language", {"lang": "vi", "next": "/"})
    assert back.status_code == 303
    assert html_lang((await client.get("/")).text) == "vi"


async def test_the_language_switch_goes_back_only_to_pages_of_this_site(
    client: httpx.AsyncClient,
) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = await post_form(client, "/", "/language", {"lang": "en", "next": target})
        assert response.headers["location"] == "/"


async def test_a_form_without_its_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    await client.get("/sign-in")  # the visitor holds a token cookie, but the form lacks it
    refused = await client.post(
        "/sign-in", data={"email": user.email, "password": "correct horse battery"}
    )
    assert refused.status_code == 403
    assert "Biểu mẫu đã hết hạn" in refused.text
    assert "techex_session" not in refused.headers.get("set-cookie", "")
    assert (await client.get("/account")).status_code == 303

    other = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    stolen = token_in((await other.get("/sign-in")).text)
    forged = await client.post(
        "/sign-in",
        data={"email": user.email, "password": "correct horse battery", "csrf_token": stolen},
    )
    assert forged.status_code == 403
    await other.aclose()


async def test_sign_in_sets_a_protected_session_cookie_and_sign_out_ends_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, organization=await make_organization(session))
    assert (await client.get("/account")).headers["location"] == "/sign-in?next=%2Faccount"

    response = await post_form(
        client,
        "/sign-in",
        "/sign-in",
        {"email": user.email.upper(), "password": "correct horse battery", "next": "/account"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "techex_session" in c)
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()

    account = await client.get("/account")
    assert account.status_code == 200
    assert user.email in account.text

    await post_form(client, "/account", "/sign-out", {})
    assert (await client.get("/account")).status_code == 303


async def test_a_wrong_password_comes_back_with_the_email_typed_and_a_message(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    response = await post_form(
        client, "/sign-in", "/sign-in", {"email": user.email, "password": "not the password"}
    )
    assert response.status_code == 400
    assert "Thư điện tử hoặc mật khẩu không đúng." in response.text
    assert f'value="{user.email}"' in response.text
    assert "not the password" not in response.text


async def test_registration_shows_each_bad_field_and_keeps_what_was_typed(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client,
        "/register",
        "/register",
        {
            "full_name": "Phạm Văn Đức",
            "email": "not-an-email",
            "password": "secret phrase of a founder",
            "organization.name": "Công ty TNHH Đúc đồng <Kinh Bắc>",
            "organization.type": "",
            "organization.country": "VN",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert 'value="Phạm Văn Đức"' in html
    assert 'value="Công ty TNHH Đúc đồng &lt;Kinh Bắc&gt;"' in html
    assert "secret phrase of a founder" not in html
    assert re.search(r'id="f-email-error">[^<]*ten@example\.com', html)
    assert 'id="f-organization-type-error">Mục này là bắt buộc.' in html
    assert 'aria-invalid="true"' in html


async def test_registration_creates_the_account_signs_in_and_awaits_verification(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client,
        "/register",
        "/register",
        {
            "full_name": "Phạm Văn Đức",
            "email": "giamdoc@ducdongkinhbac.vn",
            "phone": "",
            "password": "đúc đồng Đại Bái 2026",
            "organization.name": "Công ty TNHH Đúc đồng Kinh Bắc",
            "organization.type": "enterprise",
            "organization.ownership": "private",
            "organization.tax_code": "0100109106",
            "organization.commune_code": "",
            "organization.country": "VN",
        },
    )
    assert response.status_code == 303, response.text
    account = await client.get(response.headers["location"])
    assert "Công ty TNHH Đúc đồng Kinh Bắc" in account.text
    assert "Chờ xác minh" in account.text


async def test_changing_the_password_ends_the_other_sessions_only(
    client: httpx.AsyncClient, app: FastAPI, session: AsyncSession
) -> None:
    user = await make_user(session)
    other_device = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    await sign_in(other_device, user.email)
    await sign_in(client, user.email)

    wrong = await post_form(
        client,
        "/account/password",
        "/account/password",
        {"current_password": "guess", "new_password": "a much longer new phrase"},
    )
    assert wrong.status_code == 400
    assert 'id="f-current_password-error">Mật khẩu hiện tại không đúng.' in wrong.text

    changed = await post_form(
        client,
        "/account/password",
        "/account/password",
        {"current_password": "correct horse battery", "new_password": "a much longer new phrase"},
    )
    assert changed.status_code == 303
    assert (await client.get("/account")).status_code == 200
    assert (await other_device.get("/account")).status_code == 303
    await other_device.aclose()


async def test_error_pages_are_pages_in_the_visitors_language(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    missing = await client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy trang" in missing.text
    english = await client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert "Page not found" in english.text

    api = await client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"


async def test_an_unexpected_error_on_a_page_is_a_page_too(app: FastAPI) -> None:
    async def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken-page", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get(
            "/broken-page", headers={"Accept-Language": "en", "Accept": "text/html"}
        )
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "boom" not in response.text


async def test_staff_pages_refuse_members_with_a_page(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    async def staff_only(user: StaffPageUser) -> dict[str, str]:
        return {"ok": user.email}

    app.add_api_route("/staff-only", staff_only)
    member = await make_user(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, member.email)
    refused = await client.get("/staff-only")
    assert refused.status_code == 403
    assert "Chỉ Sở Khoa học và Công nghệ" in refused.text
    await post_form(client, "/", "/sign-out", {})
    await sign_in(client, officer.email)
    assert (await client.get("/staff-only")).json() == {"ok": officer.email}


async def test_api_docs_load_only_packaged_assets_with_cache_headers(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/docs", "/redoc"):
        page = (await client.get(path)).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources
        assert all(source.startswith("/static/") for source in sources), sources
        assert "<script>" not in page  # no inline script
        for source in sources:
            asset = await client.get(source)
            assert asset.status_code == 200, source
            assert asset.headers["cache-control"] == "public, max-age=31536000"


async def test_site_stylesheet_is_cached_and_revalidated(client: httpx.AsyncClient) -> None:
    home = (await client.get("/")).text
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', home)
    assert stylesheet
    first = await client.get(stylesheet.group(1))
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = await client.get(stylesheet.group(1), headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
