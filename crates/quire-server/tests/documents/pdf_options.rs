//! A request's `pdf` options and `eInvoice` over HTTP: a PDF/A-3b with an attached file, the e-invoice example as a
//! Factur-X PDF through generate → poll → download, its XML alone (`format: "xml"`), and what is refused before a
//! job is queued (a bad option with its `pdf.` path, a standard the template cannot meet, broken business rules as
//! `422 ERR_EINV_001` listing every rule, `xml` of a template without an e-invoice).

use base64::Engine as _;
use serde_json::{Value, json};

use super::support::{fetch_raw, invoice_variables, pdf_text, setup, wait_for_job};
use crate::common::{TestServer, assert_error};

fn example(name: &str) -> Value {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    serde_json::from_str(&std::fs::read_to_string(format!("{dir}{name}")).unwrap()).unwrap()
}

async fn render(server: &TestServer, key: &str, body: Value) -> (u16, String, Vec<u8>) {
    let response = server
        .client
        .post(format!("{}/api/v1/documents/render", server.base))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, content_type, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn request_pdf_options_make_an_archival_file_with_an_attachment() {
    let server = TestServer::start().await;
    let s = setup(&server, "pdfa@example.com").await;
    let body = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Initech"),
        "pdf": { "standard": "pdf/a-3b", "title": "Invoice for {{customer.name}}", "language": "en-GB",
                 "attachments": [ { "contentBase64": base64::engine::general_purpose::STANDARD.encode("a,b\n1,2\n"),
                                    "filename": "lines.csv", "mimeType": "text/csv", "relationship": "Supplement" } ] } });
    let (status, _, bytes) = render(&server, &s.key, body).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert!(catalog.has(b"AF"), "the attached file is in /AF");
    assert_eq!(catalog.get(b"Lang").and_then(lopdf::Object::as_str).ok(), Some(b"en-GB".as_slice()));
    assert!(pdf_text(&bytes).contains("Initech"));
}

#[tokio::test]
async fn bad_pdf_options_and_unmet_standards_are_refused_before_queueing() {
    let server = TestServer::start().await;
    let s = setup(&server, "pdfbad@example.com").await;
    let generate = |pdf: Value| json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("X"), "pdf": pdf });
    let answer = server.post("/api/v1/documents/generate", &s.key, generate(json!({ "standard": "pdf/a-9" }))).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert!(answer.body.to_string().contains("pdf.standard"), "{}", answer.body);
    let answer = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            generate(json!({ "userPassword": "s3cret", "ownerPassword": "s3cret" })),
        )
        .await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert!(answer.body.to_string().contains("pdf.ownerPassword"), "{}", answer.body);
    assert!(!answer.body.to_string().contains("s3cret"), "a password is never echoed: {}", answer.body);
    // The invoice template has no title of its own: PDF/UA needs one.
    let answer = server.post("/api/v1/documents/generate", &s.key, generate(json!({ "standard": "pdf/ua-1" }))).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert!(answer.body.to_string().contains("schema.pdf.title"), "{}", answer.body);
    let answer = server
        .post("/api/v1/documents/generate", &s.key, generate(json!({ "standard": "pdf/ua-1", "title": "Invoice" })))
        .await;
    assert_eq!(answer.status.as_u16(), 202, "with a title it is queued: {}", answer.body);
    let xml = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "xml", "variables": invoice_variables("X") }),
        )
        .await;
    assert_error(&xml, 422, "ERR_TMPL_005");
    let jobs = server.get("/api/v1/documents/jobs", &s.key).await;
    assert_eq!(jobs.body["jobs"].as_array().map(Vec::len), Some(1), "only the valid request made a job: {}", jobs.body);
}

#[tokio::test]
async fn the_e_invoice_example_is_a_factur_x_pdf_and_its_xml_through_the_api() {
    let server = TestServer::start().await;
    let s = setup(&server, "einvoice@example.com").await;
    let template = example("e-invoice.json");
    let data = example("e-invoice.data.json");
    let created = server.post("/api/v1/templates", &s.key, template.clone()).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let formats = created.body["outputFormats"].to_string() + &created.body["formats"].to_string();
    assert!(formats.contains("xml"), "the template offers xml: {}", created.body);
    assert!(server.post(&format!("/api/v1/templates/{id}/publish"), &s.key, json!({})).await.status.is_success());

    let queued = server
        .post("/api/v1/documents/generate", &s.key, json!({ "templateId": id, "format": "pdf", "variables": data }))
        .await;
    assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
    let job = wait_for_job(&server, &s.key, queued.body["jobId"].as_str().unwrap()).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);
    let (status, _, pdf) = fetch_raw(&server, job.body["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let document = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(document.catalog().unwrap().has(b"AF"), "factur-x.xml is attached");
    assert!(pdf_text(&pdf).contains("RE-2026-0042"));

    let (status, content_type, xml) =
        render(&server, &s.key, json!({ "templateId": id, "format": "xml", "variables": data })).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&xml));
    assert!(content_type.starts_with("application/xml"), "{content_type}");
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains("<ram:GrandTotalAmount>1150.93</ram:GrandTotalAmount>"), "{xml}");

    // XRechnung UBL asked for in the request, over the same variables.
    let e_invoice = json!({ "profile": "xrechnung", "syntax": "ubl", "data": template["schema"]["eInvoice"]["data"] });
    let (status, _, ubl) =
        render(&server, &s.key, json!({ "templateId": id, "format": "xml", "variables": data, "eInvoice": e_invoice }))
            .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&ubl));
    assert!(String::from_utf8(ubl).unwrap().contains("xrechnung_3.0"));
}

#[tokio::test]
async fn broken_business_rules_are_422_with_every_rule_and_no_job() {
    let server = TestServer::start().await;
    let s = setup(&server, "einvrules@example.com").await;
    let created = server.post("/api/v1/templates", &s.key, example("e-invoice.json")).await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert!(server.post(&format!("/api/v1/templates/{id}/publish"), &s.key, json!({})).await.status.is_success());
    let mut data = example("e-invoice.data.json");
    data["totals"]["grandTotal"] = json!(999.99);
    data["items"][0]["lineTotal"] = json!(940.00);
    let answer = server
        .post("/api/v1/documents/generate", &s.key, json!({ "templateId": id, "format": "pdf", "variables": data }))
        .await;
    assert_error(&answer, 422, "ERR_EINV_001");
    let errors = answer.body["relatedInfo"]["errors"].as_array().expect("the rules are listed").clone();
    assert!(errors.len() >= 2, "{}", answer.body);
    assert!(
        errors.iter().all(|e| e["rule"].is_string() && e["path"].as_str().unwrap().starts_with("eInvoice.data.")),
        "{}",
        answer.body
    );
    assert!(errors.iter().any(|e| e["path"] == "eInvoice.data.lines[0].lineTotal"), "{}", answer.body);
    let answer = server.post("/api/v1/documents/generate", &s.key,
        json!({ "templateId": id, "format": "pdf", "variables": example("e-invoice.data.json"), "eInvoice": { "profile": "zugferd-9", "data": {} } })).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert!(answer.body.to_string().contains("eInvoice.profile"), "{}", answer.body);
    let jobs = server.get("/api/v1/documents/jobs", &s.key).await;
    assert_eq!(jobs.body["jobs"].as_array().map(Vec::len), Some(0), "nothing was queued: {}", jobs.body);
}
