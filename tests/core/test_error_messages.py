"""API error messages in the request's language: the same bad request gives a Vietnamese
`detail` with Accept-Language: vi (or none: Vietnamese is the default) and an English one
with Accept-Language: en, across domains; and every message raised in app/ is marked for the
catalogues, with its parameters named."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import AppError, InvalidValue, NotFound
from app.core.i18n import N_, use_locale
from tests.factories import auth_headers, make_organization, make_user

ROOT = Path(__file__).resolve().parents[2]
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}


async def _both(client: httpx.AsyncClient, method: str, url: str, **kwargs: object) -> list[dict]:
    answers = []
    for language in (VI, EN, {}):
        headers = {**kwargs.pop("headers", {}), **language}  # type: ignore[dict-item]
        response = await client.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
        kwargs["headers"] = {k: v for k, v in headers.items() if k != "Accept-Language"}
        answers.append(response.json())
    return answers


async def test_a_missing_offer_in_each_language(client: httpx.AsyncClient) -> None:
    vi, en, default = await _both(client, "GET", "/api/v1/offers/987654")
    assert en["detail"] == "Offer 987654 does not exist."
    assert vi["detail"] == "Không có tin chào bán công nghệ số 987654."
    assert default == vi  # no Accept-Language: Vietnamese, the product's language
    assert vi["error"] == en["error"] == "not_found"


async def test_a_bad_token_in_each_language(client: httpx.AsyncClient) -> None:
    vi, en, _ = await _both(
        client, "GET", "/api/v1/users/me", headers={"Authorization": "Bearer not-a-token"}
    )
    assert en["detail"] == "The access token is invalid or has expired."
    assert vi["detail"] == "Mã truy cập không hợp lệ hoặc đã hết hạn."


async def test_a_missing_sign_in_in_each_language(client: httpx.AsyncClient) -> None:
    vi, en, _ = await _both(client, "GET", "/api/v1/users/me")
    assert (vi["detail"], en["detail"]) == ("Cần đăng nhập.", "Authentication required.")


async def test_the_frameworks_404_and_405_in_each_language(client: httpx.AsyncClient) -> None:
    vi, en, _ = await _both(client, "GET", "/api/v1/no-such-thing")
    assert en["detail"].startswith("Nothing is found at this address")
    assert vi["detail"].startswith("Không có gì ở địa chỉ này")
    vi, en, _ = await _both(client, "DELETE", "/api/v1/auth/token")
    assert vi["error"] == "method_not_allowed"
    assert en["detail"].startswith("This address does not accept this method")
    assert vi["detail"].startswith("Địa chỉ này không nhận phương thức này")


async def test_validation_names_each_field_in_each_language(client: httpx.AsyncClient) -> None:
    vi, en, _ = await _both(client, "GET", "/api/v1/offers/not-a-number")
    assert en["fields"] == [{"field": "offer_id", "message": "must be a whole number"}]
    assert vi["fields"] == [{"field": "offer_id", "message": "phải là số nguyên"}]
    assert en["detail"] == "Please correct: offer_id: must be a whole number"
    assert vi["detail"] == "Vui lòng sửa: offer_id: phải là số nguyên"


async def test_a_validators_own_message_in_each_language(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    user = await make_user(session, organization=organization)
    headers = await auth_headers(client, user)
    body = {"title": "Máy sấy nông sản", "field_code": "99999", "description": "x" * 40}
    vi, en, _ = await _both(client, "POST", "/api/v1/offers", json=body, headers=headers)
    assert vi["error"] == "validation_error"
    [en_field] = [f for f in en["fields"] if f["field"] == "field_code"]
    [vi_field] = [f for f in vi["fields"] if f["field"] == "field_code"]
    assert en_field["message"].startswith("'99999' is not a code of the S&T field")
    assert vi_field["message"].startswith("'99999' không phải mã trong bảng phân loại")


async def test_a_rate_limit_and_a_number_in_the_readers_format() -> None:
    error = AppError(
        N_("The file has more than %(max_rows)s rows; split it into parts."),
        max_rows=__import__("app.core.i18n", fromlist=["x"]).lazy_number(5000),
    )
    with use_locale("vi"):
        assert error.detail == "Tệp có hơn 5.000 dòng; hãy chia thành nhiều tệp."
    with use_locale("en"):
        assert error.detail == "The file has more than 5,000 rows; split it into parts."
    assert str(error) == "The file has more than 5,000 rows; split it into parts."


def test_a_validator_refusal_keeps_its_parameters() -> None:
    refusal = InvalidValue(
        N_("tax code %(main)s: the check digit (10th digit) does not match"), main="0100109107"
    )
    error = NotFound.from_value_error(refusal)
    with use_locale("vi"):
        assert error.detail.startswith("mã số thuế 0100109107: chữ số kiểm tra")


# --- every message in app/ is marked ----------------------------------------------------

_MARKED_ELSEWHERE = "message"  # `exc.message`: a refusal's marked message passed on


def _error_classes() -> set[str]:
    """AppError, InvalidValue and every class in app/ derived from them."""
    names = {"AppError", "InvalidValue"}
    bases: dict[str, set[str]] = {}
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id for b in node.bases if isinstance(b, ast.Name)}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in names and parents & names:
                names.add(name)
                grew = True
    return names


def _is_marked(node: ast.expr, constants: set[str]) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
        return len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
    if isinstance(node, ast.IfExp):
        return _is_marked(node.body, constants) and _is_marked(node.orelse, constants)
    if isinstance(node, ast.Name):
        return node.id in constants
    return isinstance(node, ast.Attribute) and node.attr == _MARKED_ELSEWHERE


def _marked_constants(tree: ast.Module) -> set[str]:
    """Module-level names bound to a marked message (_BAD_CREDENTIALS = N_("..."))."""
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and _is_marked(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def unmarked_messages() -> list[str]:
    errors = _error_classes() | {"ValueError"}
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text())
        constants = _marked_constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            name = call.func.id if isinstance(call.func, ast.Name) else None
            if name not in errors or not call.args:
                continue
            # A ValueError outside a request's input (settings, programming errors) is
            # nobody's message to read; those of schemas and validators are.
            if name == "ValueError" and not _reaches_a_person(path):
                continue
            if not _is_marked(call.args[0], constants):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _reaches_a_person(path: Path) -> bool:
    return path.name in {"schemas.py", "validation.py", "tax_code.py", "countries.py"}


def test_every_error_message_in_app_is_marked_for_translation() -> None:
    unmarked = unmarked_messages()
    assert not unmarked, (
        'raise errors with N_("English message %(name)s"), name=value (see app/core/errors.py):'
        f" {unmarked}"
    )


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_a_message_keeps_its_parameters_in_each_translation(locale: str) -> None:
    """A translation that drops or renames a parameter would fail at the moment of the error."""
    from babel.messages.pofile import read_po

    from app.core.i18n import LOCALE_DIR

    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=locale)
    import re

    placeholder = re.compile(r"%\((\w+)\)s")
    wrong = [
        message.id
        for message in catalogue
        if isinstance(message.id, str)
        and message.string
        and set(placeholder.findall(message.id)) != set(placeholder.findall(str(message.string)))
    ]
    assert not wrong, wrong
