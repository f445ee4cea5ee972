"""Starts a real Quire server (the built binary) for the Rynko SDK tests."""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


@pytest.fixture(scope="session")
def quire():
    binary = os.environ.get("QUIRE_BIN", os.path.join(ROOT, "target", "debug", "quire"))
    assert os.path.exists(binary), f"build the binary first: {binary}"
    data_dir = tempfile.mkdtemp(prefix="quire-sdk-")
    port = _free_port()
    env = dict(os.environ, QUIRE_LISTEN=f"127.0.0.1:{port}", QUIRE_DATA_DIR=data_dir,
               QUIRE_WEBHOOKS_ALLOW_PRIVATE="true", QUIRE_RATE_LIMIT_API_KEY="100000",
               QUIRE_RATE_LIMIT_UNAUTHENTICATED="100000", QUIRE_RATE_LIMIT_JWT="100000")
    log = open(os.path.join(data_dir, "server.log"), "w")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health")
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        raise RuntimeError("server did not start")
    me = _call(base, "POST", "/api/auth/register", body={"email": "sdk@example.com", "password": "sdk password 123", "name": "SDK"})
    token = me["accessToken"]
    team = _call(base, "GET", "/api/teams", token)["data"][0]["id"]
    env_id = _call(base, "GET", f"/api/teams/{team}/environments", token)["data"][0]["id"]
    key = _call(base, "POST", "/api/v1/api-keys", token, {
        "environmentId": env_id, "name": "sdk",
        "permissions": ["documents:generate", "templates:manage", "analytics:view", "project:manage"]})["key"]
    with open(os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "rynko-invoice.json")) as f:
        fixture = json.load(f)
    template = _call(base, "POST", "/api/v1/templates", key, {
        "name": "Invoice", "type": "both", "schema": fixture["schema"], "variables": fixture["variables"]})
    _call(base, "POST", f"/api/v1/templates/{template['id']}/publish", key, {})
    yield {"base": base, "key": key, "template_id": template["id"], "data_dir": data_dir}
    process.terminate()
    process.wait(timeout=20)
    log.close()
