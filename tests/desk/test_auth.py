"""Who gets into the standalone desk: the token as a Bearer header or through the login page's
signed cookie, nobody else; forms need their CSRF token; --no-auth only on loopback; and every
page reads as newswatch_reader in a read-only session."""

from __future__ import annotations

import pytest

from newswatch.desk import DeskSettings, create_app
from newswatch.desk.auth import SESSION_COOKIE, csrf_token, csrf_valid, read_session, session_cookie
from newswatch.errors import ConfigError

HTML = {"Accept": "text/html"}
TOKEN = "desk-test-token-0123456789"  # the `token` fixture's (conftest)


@pytest.fixture(autouse=True)
def _same_token(token):
    assert token == TOKEN


@pytest.fixture
def anonymous(desk_db, client_for):
    app = create_app(DeskSettings(database_url=desk_db, auth="token", token=TOKEN))
    return client_for(app, follow_redirects=False)


def _sign_in(client, name="Ana Analyst", token=TOKEN, next_="/"):
    return client.post("/login", data={"token": token, "name": name, "next": next_})


@pytest.mark.integration
@pytest.mark.parametrize("path", ["/", "/events/00000000-0000-0000-0000-000000000000", "/timeline", "/search",
                                  "/feeds", "/topics/arms-transfers.atom", "/?format=csv"])
def test_every_page_refuses_a_request_without_the_token(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.get(path, headers={"Authorization": "Bearer not-the-token-at-all"}).status_code == 401
    assert anonymous.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code in (200, 404)


@pytest.mark.integration
@pytest.mark.parametrize("path", ["/alerts/00000000-0000-0000-0000-000000000000/acknowledge", "/mutes",
                                  "/mutes/unmute", "/logout"])
def test_every_action_refuses_a_request_without_the_token(anonymous, path):
    assert anonymous.post(path, data={"topic": "arms-transfers"}).status_code == 401


@pytest.mark.integration
def test_a_browser_without_a_session_is_sent_to_the_login_page_and_back(anonymous):
    response = anonymous.get("/feeds?health=failing", headers=HTML)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Ffeeds%3Fhealth%3Dfailing"
    assert 'name="token"' in anonymous.get("/login", params={"next": "/feeds?health=failing"}).text

    wrong = _sign_in(anonymous, token="wrong-token-wrong-token")
    assert wrong.status_code == 401 and "not the desk token" in wrong.text
    assert SESSION_COOKIE not in wrong.cookies

    signed = _sign_in(anonymous, next_="/feeds?health=failing")
    assert signed.status_code == 303 and signed.headers["location"] == "/feeds?health=failing"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert TOKEN not in cookie  # the cookie is signed with the token; it never holds it
    page = anonymous.get("/", headers=HTML)
    assert page.status_code == 200 and "Ana Analyst" in page.text


@pytest.mark.integration
def test_the_login_page_never_sends_anyone_to_another_site(anonymous):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        assert _sign_in(anonymous, next_=target).headers["location"] == "/"


@pytest.mark.integration
def test_a_tampered_or_foreign_session_cookie_is_refused(anonymous):
    forged = session_cookie("another-token-0123456789", "Mallory", days=1)
    anonymous.cookies.set(SESSION_COOKIE, forged)
    assert anonymous.get("/").status_code == 401
    genuine = session_cookie(TOKEN, "Ana", days=1)
    name, expires, signature = genuine.split(".")
    anonymous.cookies.set(SESSION_COOKIE, f"{name}.{int(expires) + 86400}.{signature}")  # a longer life
    assert anonymous.get("/").status_code == 401
    anonymous.cookies.set(SESSION_COOKIE, genuine)
    assert anonymous.get("/").status_code == 200


def test_a_session_expires():
    cookie = session_cookie(TOKEN, "Ana", days=7, now=1_000_000)
    assert read_session(TOKEN, cookie, now=1_000_000 + 6 * 86400) == "Ana"
    assert read_session(TOKEN, cookie, now=1_000_000 + 7 * 86400 + 1) is None
    assert read_session(TOKEN, "garbage", now=1_000_000) is None


def test_a_csrf_token_is_the_users_and_lasts_a_day_or_two():
    token = csrf_token("secret", "Ana", now=1_000_000)
    assert csrf_valid("secret", "Ana", token, now=1_000_000 + 86400)  # a page left open overnight
    assert not csrf_valid("secret", "Ana", token, now=1_000_000 + 3 * 86400)
    assert not csrf_valid("secret", "Bob", token, now=1_000_000)
    assert not csrf_valid("other", "Ana", token, now=1_000_000)
    assert not csrf_valid("secret", "Ana", None, now=1_000_000)


@pytest.mark.integration
def test_a_form_without_its_csrf_token_changes_nothing(anonymous, desk_db):
    _sign_in(anonymous)
    alert_id = anonymous.get("/?format=json").json()["rows"][0]["alert_id"]
    refused = anonymous.post(f"/alerts/{alert_id}/acknowledge", data={"next": "/"})
    assert refused.status_code == 403
    forged = anonymous.post(f"/alerts/{alert_id}/acknowledge",
                            data={"csrf_token": csrf_token("guess", "Ana Analyst"), "next": "/"})
    assert forged.status_code == 403
    assert anonymous.get("/?format=json&acknowledged=yes").json()["rows"] == []
    good = anonymous.post(f"/alerts/{alert_id}/acknowledge",
                          data={"csrf_token": csrf_token(TOKEN, "Ana Analyst"), "next": "/"})
    assert good.status_code == 303
    assert [r["alert_id"] for r in anonymous.get("/?format=json&acknowledged=yes").json()["rows"]] == [alert_id]


@pytest.mark.integration
def test_signing_out_ends_the_session(anonymous):
    _sign_in(anonymous)
    out = anonymous.post("/logout", data={"csrf_token": csrf_token(TOKEN, "Ana Analyst")})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    anonymous.cookies.clear()  # what the browser does with the deleted cookie
    assert anonymous.get("/").status_code == 401


def test_the_desk_will_not_start_with_a_missing_or_short_token():
    with pytest.raises(ConfigError, match="NEWSWATCH_DESK_TOKEN"):
        DeskSettings(database_url="postgresql://x/y", auth="token", token=None)
    with pytest.raises(ConfigError, match="too short"):
        DeskSettings(database_url="postgresql://x/y", auth="token", token="short")


@pytest.mark.integration
def test_without_auth_the_desk_answers_only_to_its_loopback_names(desk_db, client_for):
    app = create_app(DeskSettings(database_url=desk_db, auth="none", local_user="ana",
                                  allowed_hosts=("127.0.0.1", "localhost")))
    client = client_for(app, base_url="http://127.0.0.1:8000")
    assert client.get("/").status_code == 200
    # A page on another site that rebinds its own name to 127.0.0.1 still sends its own Host.
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.integration
def test_pages_read_through_the_reader_login_in_a_read_only_session(desk_db):
    import psycopg2

    from newswatch.desk.db import open_reader

    conn = open_reader(desk_db, statement_timeout_ms=1000)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_user, pg_has_role(current_user, 'newswatch_reader', 'USAGE'),"
                        " current_setting('transaction_read_only'), current_setting('statement_timeout')")
            # the login `newswatch init` creates, which is only newswatch_reader (store.roles)
            assert cur.fetchone() == ("newswatch_analyst", True, "on", "1s")
            cur.execute("SELECT count(*) FROM newswatch.alerts")  # the views: yes
            assert cur.fetchone()[0] == 2
        conn.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
            cur.execute("SELECT * FROM newswatch.proj_alerts")  # a projection table: no
        conn.rollback()
        with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction), conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE scratch (x int)")
        conn.rollback()
        with pytest.raises(psycopg2.Error), conn.cursor() as cur:
            cur.execute("SET SESSION default_transaction_read_only = off;"
                        " INSERT INTO newswatch.events (event_id, stream, stream_version, type, data)"
                        " VALUES (gen_random_uuid(), 'alert-x', 0, 'X', '{}')")  # the role still may not
    finally:
        conn.close()
