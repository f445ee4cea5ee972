//! Merging, passwords, signatures and form fields through the API: a PDF asset appended and the file encrypted
//! (pikepdf opens it only with the password; the passwords are nowhere in the store once the job ends), a job whose
//! passwords are gone is never retried, a signature pyHanko validates against the test CA (and a revoked
//! certificate refused before queueing), a broken PDF refused at upload, and form fields rendered by the server.

use std::ffi::OsStr;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::support::{fetch_raw, invoice_variables, setup, wait_for_job};
use crate::common::multipart::Part;
use crate::common::{TestServer, assert_error};
use crate::pdf_readers::{python, run_python, temp_pdf};

/// Runs `script` on the PDF `bytes` with `args` after the file's path.
fn run(python: &PathBuf, script: &str, bytes: &[u8], args: &[&str]) -> String {
    let file = temp_pdf(bytes);
    let args: Vec<&OsStr> = std::iter::once(file.path().as_os_str()).chain(args.iter().map(OsStr::new)).collect();
    run_python(python, script, &args)
}

const OPEN: &str = r#"
import sys, pikepdf
try:
    pdf = pikepdf.open(sys.argv[1], password=sys.argv[2])
except pikepdf.PasswordError:
    print('password refused'); sys.exit(0)
a = pdf.allow
print(f'R={pdf.encryption.R} pages={len(pdf.pages)} print={a.print_highres} copy={a.extract}')
"#;

const VALIDATE: &str = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
root = load_cert_from_pemder(sys.argv[2])
with open(sys.argv[1], 'rb') as f:
    sig = PdfFileReader(f).embedded_signatures[0]
    s = validate_pdf_signature(sig, ValidationContext(trust_roots=[root], allow_fetching=False))
    print(f'intact={s.intact} valid={s.valid} trusted={s.trusted} coverage={s.coverage.name} signer={s.signing_cert.subject.human_friendly}')
"#;

const FIELDS: &str = r#"
import sys
from pypdf import PdfReader
fields = PdfReader(sys.argv[1]).get_fields()
print(' '.join(f"{name}={f.get('/V', '')}" for name, f in sorted(fields.items())))
"#;

fn fixture(name: &str) -> String {
    format!("{}/../quire-pdf-post/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The invoice rendered now, as a PDF to upload.
async fn invoice_pdf(server: &TestServer, key: &str, template_id: &str) -> Vec<u8> {
    let body = json!({ "templateId": template_id, "format": "pdf", "variables": invoice_variables("Terms Ltd") });
    let response =
        server.client.post(format!("{}/api/v1/documents/render", server.base)).bearer_auth(key).json(&body).send();
    let response = response.await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.bytes().await.unwrap().to_vec()
}

async fn upload_pdf(server: &TestServer, key: &str, bytes: Vec<u8>) -> crate::common::Answer {
    server.post_multipart("/api/v1/assets", key, &[Part::file("file", "terms.pdf", bytes)]).await
}

async fn generate_and_download(server: &TestServer, key: &str, body: Value) -> (Value, Vec<u8>) {
    let queued = server.post("/api/v1/documents/generate", key, body).await;
    assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
    let job = wait_for_job(server, key, queued.body["jobId"].as_str().unwrap()).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);
    let (status, _, bytes) = fetch_raw(server, job.body["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    (job.body, bytes)
}

/// Every file of the data folder, read whole (the SQLite database, its WAL, generated secrets, documents).
fn data_files(dir: &std::path::Path, out: &mut Vec<u8>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            data_files(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.extend_from_slice(&bytes);
        }
    }
}

#[tokio::test]
async fn a_merged_encrypted_document_opens_only_with_its_password_which_the_store_forgets() {
    let server = TestServer::start().await;
    let s = setup(&server, "encrypt@example.com").await;
    let terms = upload_pdf(&server, &s.key, invoice_pdf(&server, &s.key, &s.template_id).await).await;
    assert_eq!(terms.status.as_u16(), 201, "{}", terms.body);
    assert_eq!(
        (terms.body["contentType"].as_str(), terms.body["kind"].as_str()),
        (Some("application/pdf"), Some("document"))
    );
    let pdf = json!({ "append": [terms.body["id"]], "userPassword": "open-sesame-42", "ownerPassword": "owner-secret-42",
        "permissions": ["print"] });
    let body =
        json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Initech"), "pdf": pdf });
    let (job, bytes) = generate_and_download(&server, &s.key, body).await;
    assert!(!job.to_string().contains("open-sesame-42"), "the job never shows a password: {job}");

    let stored = server.state().store.job_by_id(job["jobId"].as_str().or(job["id"].as_str()).unwrap()).await.unwrap();
    let stored = stored.expect("the job is stored");
    assert_eq!(stored.pdf_secrets, None, "the sealed passwords are wiped when the job completes");
    assert!(!stored.template_snapshot.contains("open-sesame-42"), "{}", stored.template_snapshot);
    let mut everything = Vec::new();
    data_files(server.data_dir(), &mut everything);
    for secret in ["open-sesame-42", "owner-secret-42"] {
        assert!(!everything.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is in the data folder");
    }

    let Some(python) = python("encrypted download opened with pikepdf") else { return };
    assert_eq!(run(&python, OPEN, &bytes, &[""]).trim(), "password refused");
    let opened = run(&python, OPEN, &bytes, &["open-sesame-42"]);
    assert_eq!(opened.trim(), "R=6 pages=2 print=True copy=False", "the invoice and the appended terms");
}

#[tokio::test]
async fn a_job_whose_passwords_are_gone_is_never_retried() {
    let server = TestServer::start().await;
    let s = setup(&server, "retry-pw@example.com").await;
    // The appended asset does not exist: the render fails, and the job ends with its passwords wiped.
    let pdf = json!({ "append": ["asset_doesnotexist"], "userPassword": "open-sesame-42" });
    let body = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("X"), "pdf": pdf });
    let queued = server.post("/api/v1/documents/generate", &s.key, body).await;
    assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
    let job_id = queued.body["jobId"].as_str().unwrap();
    let job = wait_for_job(&server, &s.key, job_id).await;
    assert_eq!(job.body["status"], "failed", "{}", job.body);
    assert!(job.body.to_string().contains("asset_doesnotexist"), "{}", job.body);
    let stored = server.state().store.job_by_id(job_id).await.unwrap().unwrap();
    assert_eq!(stored.pdf_secrets, None, "wiped when the job failed");
    let retry = server.post(&format!("/api/v1/documents/jobs/{job_id}/retry"), &s.key, json!({})).await;
    assert_error(&retry, 409, "ERR_DOC_002");
    assert!(retry.body.to_string().contains("passwords"), "{}", retry.body);
}

#[tokio::test]
async fn a_signed_document_validates_and_a_revoked_or_unknown_certificate_is_refused_before_queueing() {
    let server = TestServer::start().await;
    let s = setup(&server, "sign@example.com").await;
    let p12 = std::fs::read(fixture("signer-rsa.p12")).unwrap();
    let parts = [Part::file("file", "signer.p12", p12), Part::text("password", "quire-test")];
    let certificate = server.post_multipart("/api/v1/signing-certificates", &s.key, &parts).await;
    assert_eq!(certificate.status.as_u16(), 201, "{}", certificate.body);
    let id = certificate.body["id"].as_str().unwrap().to_owned();
    let generate = |sign: Value| {
        json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Signed Ltd"),
                "pdf": { "sign": sign } })
    };
    let visible = json!({ "page": 1, "x": 380, "y": 700, "width": 170, "height": 50 });
    let (_, bytes) = generate_and_download(
        &server,
        &s.key,
        generate(json!({ "certificateId": id, "reason": "Approved", "visible": visible })),
    )
    .await;
    if let Some(python) = python("signature validated by pyHanko") {
        let status = run(&python, VALIDATE, &bytes, &[&fixture("ca.pem")]);
        assert!(status.contains("intact=True valid=True trusted=True coverage=ENTIRE_FILE"), "{status}");
        assert!(status.contains("Quire Test Signer"), "{status}");
        let mut tampered = bytes.clone();
        let middle = tampered.len() / 3;
        tampered[middle] ^= 0x01;
        assert!(run(&python, VALIDATE, &tampered, &[&fixture("ca.pem")]).contains("intact=False"));
    }

    let unknown =
        server.post("/api/v1/documents/generate", &s.key, generate(json!({ "certificateId": "cert_nope" }))).await;
    assert_error(&unknown, 422, "ERR_VALID_001");
    assert!(unknown.body.to_string().contains("pdf.sign.certificateId"), "{}", unknown.body);
    let revoked = server.delete(&format!("/api/v1/signing-certificates/{id}"), &s.key).await;
    assert_eq!(revoked.status.as_u16(), 204, "{}", revoked.body);
    let refused = server.post("/api/v1/documents/generate", &s.key, generate(json!({ "certificateId": id }))).await;
    assert_error(&refused, 422, "ERR_VALID_001");
    assert!(refused.body.to_string().contains("revoked"), "{}", refused.body);
    let conflict = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf",
            "variables": invoice_variables("X"), "pdf": { "standard": "pdf/a-3b", "userPassword": "x" } }),
        )
        .await;
    assert_error(&conflict, 400, "ERR_VALID_001");
    assert!(conflict.body.to_string().contains("pdf/a-3b"), "{}", conflict.body);
    let excel = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "xlsx",
            "variables": invoice_variables("X"), "pdf": { "userPassword": "x" } }),
        )
        .await;
    assert_error(&excel, 400, "ERR_VALID_001");
    assert!(excel.body.to_string().contains("passwords protect PDF files"), "{}", excel.body);
}

#[tokio::test]
async fn a_broken_pdf_is_refused_at_upload_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let s = setup(&server, "brokenpdf@example.com").await;
    let answer = upload_pdf(&server, &s.key, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".to_vec()).await;
    assert_error(&answer, 415, "ERR_ASSET_002");
    assert!(answer.body["message"].as_str().unwrap().contains("The PDF cannot be used"), "{}", answer.body);
    let listed = server.get("/api/v1/assets", &s.key).await;
    assert_eq!(listed.body["data"].as_array().map(Vec::len), Some(0), "{}", listed.body);
}

#[tokio::test]
async fn form_fields_are_rendered_by_the_server_with_one_name_per_loop_row() {
    let server = TestServer::start().await;
    let s = setup(&server, "forms@example.com").await;
    let schema = json!({ "components": [
        { "type": "form-field", "props": { "fieldType": "text", "name": "customer", "label": "Customer", "value": "{{name}}" } },
        { "type": "loop", "props": { "items": "{{rows}}" }, "children": [
            { "type": "form-field", "props": { "fieldType": "checkbox", "name": "ok_{{index}}", "label": "{{item}}" } } ] } ] });
    let created =
        server.post("/api/v1/templates", &s.key, json!({ "name": "Form", "type": "pdf", "schema": schema })).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap();
    let body = json!({ "templateId": id, "format": "pdf", "useDraft": true,
        "variables": { "name": "Ada", "rows": ["Paper", "Ink"] } });
    let response =
        server.client.post(format!("{}/api/v1/documents/render", server.base)).bearer_auth(&s.key).json(&body);
    let response = response.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let Some(python) = python("form fields read back with pypdf") else { return };
    assert_eq!(run(&python, FIELDS, &bytes, &[]).trim(), "customer=Ada ok_0=/Off ok_1=/Off");
}
