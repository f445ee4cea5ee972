"""The official Rynko Python SDK, unchanged, against a real Quire server (base URL pointed at Quire)."""
import http.server
import json
import subprocess
import tempfile
import threading
import time

from rynko import Rynko, verify_webhook_signature

VARIABLES = {
    "invoiceNumber": "INV-SDK-1",
    "customer": {"name": "SDK Customer Ltd"},
    "items": [{"description": "Widgets", "quantity": 2, "rate": 10, "amount": 20}],
    "total": 20,
}


def client(quire):
    return Rynko(api_key=quire["key"], base_url=quire["base"])


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout


def test_generate_pdf_wait_and_download(quire):
    rynko = client(quire)
    job = rynko.documents.generate_pdf(template_id=quire["template_id"], variables=VARIABLES, metadata={"order": "42"})
    assert job["status"] == "queued"
    done = rynko.documents.wait_for_completion(job["jobId"], poll_interval=0.1)
    assert done["status"] == "completed"
    content = rynko.documents.download(done["downloadUrl"])
    assert content[:5] == b"%PDF-"
    assert "SDK Customer Ltd" in pdf_text(content)
    assert rynko.documents.get_job(job["jobId"])["metadata"] == {"order": "42"}


def test_generate_excel(quire):
    rynko = client(quire)
    job = rynko.documents.generate_excel(template_id=quire["template_id"], variables=VARIABLES)
    done = rynko.documents.wait_for_completion(job["jobId"], poll_interval=0.1)
    assert done["status"] == "completed"
    assert rynko.documents.download(done["downloadUrl"])[:2] == b"PK"


def test_batch_and_listing(quire):
    rynko = client(quire)
    batch = rynko.documents.generate_batch(
        template_id=quire["template_id"], format="pdf",
        documents=[{"variables": dict(VARIABLES, invoiceNumber=f"B-{i}")} for i in range(3)])
    done = rynko.documents.wait_for_batch_completion(batch["batchId"], poll_interval=0.1)
    assert done["status"] == "completed"
    assert done["completedJobs"] == 3
    listed = rynko.documents.list_jobs(status="completed", limit=2)
    assert len(listed["data"]) == 2
    assert listed["meta"]["total"] >= 3


def test_cancel_and_retry(quire):
    rynko = client(quire)
    job = rynko.documents.generate_pdf(template_id=quire["template_id"], variables=VARIABLES)
    try:
        cancelled = rynko.documents.cancel(job["jobId"])
        assert cancelled["status"] == "cancelled"
    except Exception as error:  # the render may win the race; then the job is completed
        assert getattr(error, "status_code", None) == 409
        return
    retried = rynko.documents.retry(job["jobId"])
    done = rynko.documents.wait_for_completion(retried["jobId"], poll_interval=0.1)
    assert done["status"] == "completed"


class _Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"])).decode()
        _Receiver.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhook_subscription_delivers_a_verifiable_event(quire):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        rynko = client(quire)
        url = f"http://127.0.0.1:{server.server_port}/hook"
        subscription = rynko.webhooks.create(url=url, events=["document.generated"])
        secret = subscription["secret"]
        job = rynko.documents.generate_pdf(template_id=quire["template_id"], variables=VARIABLES)
        rynko.documents.wait_for_completion(job["jobId"], poll_interval=0.1)
        deadline = time.time() + 20
        event = None
        while time.time() < deadline and event is None:
            for headers, body in list(_Receiver.received):
                if json.loads(body)["data"].get("jobId") == job["jobId"]:
                    signature = {k.lower(): v for k, v in headers.items()}["x-rynko-signature"]
                    event = verify_webhook_signature(payload=body, signature=signature, secret=secret)
            time.sleep(0.1)
        assert event is not None, "no webhook delivery arrived"
        assert event["type"] == "document.generated"
        assert event["data"]["status"] == "completed"
    finally:
        server.shutdown()
