"""The whole OAuth flow driven by authlib (PyPI), a generic OAuth 2 client, against a real Quire server.

Usage: authlib_flow.py <base URL> <dashboard JWT of the project owner> <team id> <environment id>
Every step asserts; the last line printed is "OK <steps>".
"""
import sys
from urllib.parse import parse_qsl, urlparse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError

BASE, JWT, TEAM, ENV = sys.argv[1:5]
REDIRECT = "http://127.0.0.1:8765/callback"
steps = []


def step(name):
    steps.append(name)


def dashboard(method, path, body):
    answer = requests.request(method, BASE + path, json=body, headers={"authorization": "Bearer " + JWT})
    return answer


meta = requests.get(BASE + "/.well-known/oauth-authorization-server").json()
assert meta["code_challenge_methods_supported"] == ["S256"], meta
step("discovery")

registered = dashboard("POST", meta["registration_endpoint"].replace(BASE, ""), {
    "client_name": "authlib test", "redirect_uris": ["http://127.0.0.1/callback"], "token_endpoint_auth_method": "none",
    "grant_types": ["authorization_code", "refresh_token"], "scope": "documents:generate profile:read", "team_id": TEAM})
assert registered.status_code == 201, registered.text
client_id = registered.json()["client_id"]
step("registration")


def authorize(session, verifier):
    """The consent: the authorization URL leads to the dashboard page, whose Allow is posted as the page does."""
    uri, state = session.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
    page = requests.get(uri, allow_redirects=False)
    assert page.status_code in (302, 303), page.status_code
    assert page.headers["location"].startswith("/dashboard/authorize?"), page.headers["location"]
    params = dict(parse_qsl(urlparse(uri).query))
    params.update(decision="allow", environmentId=ENV)
    decided = dashboard("POST", "/api/oauth/authorize", params)
    assert decided.status_code == 200, decided.text
    return decided.json()["redirectTo"], state


def new_session():
    return OAuth2Session(client_id, scope="documents:generate profile:read", redirect_uri=REDIRECT,
                         code_challenge_method="S256", token_endpoint_auth_method="none")


session = new_session()
verifier = generate_token(64)
back, state = authorize(session, verifier)
token = session.fetch_token(meta["token_endpoint"], authorization_response=back, code_verifier=verifier, state=state)
assert token["access_token"].startswith("oat_") and token["refresh_token"].startswith("ort_"), token
step("code + PKCE")

call = session.get(BASE + "/api/v1/templates")
assert call.status_code == 200, call.text
assert call.headers["x-ratelimit-limit"] == "120", call.headers
step("API call in the OAuth tier")

me = session.get(meta["userinfo_endpoint"]).json()
assert me["email"] == "oauth-owner@example.com", me
step("userinfo")

old_refresh = token["refresh_token"]
rotated = session.refresh_token(meta["token_endpoint"], refresh_token=old_refresh)
assert rotated["refresh_token"] != old_refresh
assert session.get(BASE + "/api/v1/templates").status_code == 200
step("refresh")

try:
    session.refresh_token(meta["token_endpoint"], refresh_token=old_refresh)
    raise AssertionError("a reused refresh token was accepted")
except OAuthError as e:
    assert e.error == "invalid_grant", e
revoked_grant = session.get(BASE + "/api/v1/templates")
assert revoked_grant.status_code == 401 and revoked_grant.json()["code"] == "ERR_AUTH_004", revoked_grant.text
step("refresh reuse revokes the grant")

session = new_session()
verifier = generate_token(64)
back, state = authorize(session, verifier)
try:
    session.fetch_token(meta["token_endpoint"], authorization_response=back, code_verifier=generate_token(64), state=state)
    raise AssertionError("a wrong code_verifier was accepted")
except OAuthError as e:
    assert e.error == "invalid_grant", e
step("wrong verifier is invalid_grant")

session = new_session()
verifier = generate_token(64)
back, state = authorize(session, verifier)
token = session.fetch_token(meta["token_endpoint"], authorization_response=back, code_verifier=verifier, state=state)
assert session.revoke_token(meta["revocation_endpoint"], token=token["access_token"],
                            token_type_hint="access_token").status_code == 200
after = session.get(BASE + "/api/v1/templates")
assert after.status_code == 401 and after.json()["code"] == "ERR_AUTH_004", after.text
step("revocation gives 401")

confidential = dashboard("POST", "/api/oauth/register", {
    "client_name": "authlib machine", "grant_types": ["client_credentials"], "environment_id": ENV,
    "scope": "documents:generate", "team_id": TEAM}).json()
for method in ("client_secret_basic", "client_secret_post"):
    machine = OAuth2Session(confidential["client_id"], confidential["client_secret"], token_endpoint_auth_method=method)
    machine.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
    assert machine.get(BASE + "/api/v1/templates").status_code == 200
    step("client credentials by " + method)

wrong = OAuth2Session(confidential["client_id"], "ocs_wrong", token_endpoint_auth_method="client_secret_basic")
try:
    wrong.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
    raise AssertionError("a wrong client secret was accepted")
except OAuthError as e:
    assert e.error == "invalid_client", e
step("wrong secret is invalid_client")

print("OK", len(steps), "steps:", "; ".join(steps))
