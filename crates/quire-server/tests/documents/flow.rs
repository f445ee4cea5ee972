//! The happy paths: generate → completed → download, Excel, batches, listing, sync render, analytics.

use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{fetch_raw, invoice_variables, pdf_text, setup, wait_for_job};

#[tokio::test]
async fn generated_pdf_downloads_through_its_signed_link_and_shows_the_data() {
    let server = TestServer::start().await;
    let s = setup(&server, "flow@example.com").await;
    let queued = server
        .post("/api/v1/documents/generate", &s.key, json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Globex & <Sons> \"#1\""), "filename": "inv-2042", "metadata": { "orderId": "A-1", "n": 3 } }))
        .await;
    assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
    assert_eq!(queued.body["status"], "queued");
    assert!(queued.body["estimatedWaitSeconds"].as_i64().unwrap() >= 1);
    let job_id = queued.body["jobId"].as_str().unwrap();
    assert!(queued.body["statusUrl"].as_str().unwrap().ends_with(job_id));
    let job = wait_for_job(&server, &s.key, job_id).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);
    assert_eq!(job.body["pageCount"], 1);
    assert_eq!(job.body["templateVersion"], 1);
    assert_eq!(job.body["metadata"]["orderId"], "A-1");
    let url = job.body["downloadUrl"].as_str().unwrap();
    let (status, headers, bytes) = fetch_raw(&server, url).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"].to_str().unwrap().contains("filename=\"inv-2042.pdf\""));
    assert_eq!(job.body["fileSize"].as_u64().unwrap() as usize, bytes.len());
    let text = pdf_text(&bytes);
    assert!(text.contains("Globex & <Sons> \"#1\""), "{text}");
    assert!(text.contains("INVOICE") && text.contains("Consulting"), "{text}");
}

#[tokio::test]
async fn excel_and_csv_come_back_with_their_content_types() {
    let server = TestServer::start().await;
    let s = setup(&server, "excel@example.com").await;
    for (format, content_type, ext) in [
        ("excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("csv", "text/csv", "csv"),
    ] {
        let queued = server
            .post(
                "/api/v1/documents/generate",
                &s.key,
                json!({ "templateId": s.template_id, "format": format, "variables": invoice_variables("Initech") }),
            )
            .await;
        assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
        let job = wait_for_job(&server, &s.key, queued.body["jobId"].as_str().unwrap()).await;
        assert_eq!(job.body["status"], "completed", "{}", job.body);
        let (status, headers, bytes) = fetch_raw(&server, job.body["downloadUrl"].as_str().unwrap()).await;
        assert_eq!(status, 200);
        assert!(headers["content-type"].to_str().unwrap().starts_with(content_type));
        assert!(headers["content-disposition"].to_str().unwrap().contains(&format!(".{ext}\"")));
        if ext == "csv" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.starts_with("Description,Qty,Rate,Amount"), "{text}");
            assert!(text.contains("Consulting"));
        } else {
            assert_eq!(&bytes[..2], b"PK");
        }
    }
}

#[tokio::test]
async fn a_batch_reports_progress_and_completes() {
    let server = TestServer::start().await;
    let s = setup(&server, "batch@example.com").await;
    let documents: Vec<_> = (0..5)
        .map(|i| json!({ "variables": invoice_variables(&format!("Customer {i}")), "metadata": { "row": i } }))
        .collect();
    let queued = server.post("/api/v1/documents/generate/batch", &s.key, json!({ "templateId": s.template_id, "format": "pdf", "documents": documents, "metadata": { "run": "nightly" } })).await;
    assert_eq!(queued.status.as_u16(), 202, "{}", queued.body);
    assert_eq!(queued.body["totalJobs"], 5);
    let batch_id = queued.body["batchId"].as_str().unwrap();
    let mut batch = server.get(&format!("/api/v1/documents/batches/{batch_id}"), &s.key).await;
    for _ in 0..300 {
        if batch.body["status"] == "completed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        batch = server.get(&format!("/api/v1/documents/batches/{batch_id}"), &s.key).await;
    }
    assert_eq!(batch.body["status"], "completed", "{}", batch.body);
    assert_eq!(batch.body["completedJobs"], 5);
    assert_eq!(batch.body["failedJobs"], 0);
    assert_eq!(batch.body["jobs"].as_array().unwrap().len(), 5);
    assert!(batch.body["completedAt"].is_string());
    assert_eq!(batch.body["metadata"]["run"], "nightly");
    let listed = server
        .get(&format!("/api/v1/documents/jobs?batchId={batch_id}&status=completed&format=pdf&limit=2"), &s.key)
        .await;
    assert_eq!(listed.body["total"], 5);
    assert_eq!(listed.body["jobs"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn render_answers_with_the_file_synchronously() {
    let server = TestServer::start().await;
    let s = setup(&server, "render@example.com").await;
    let response = server
        .client
        .post(format!("{}/api/v1/documents/render", server.base))
        .bearer_auth(&s.key)
        .json(&json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Umbrella Corp"), "filename": "now" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("now.pdf"));
    let bytes = response.bytes().await.unwrap();
    assert!(pdf_text(&bytes).contains("Umbrella Corp"));
}

#[tokio::test]
async fn tampered_and_expired_links_are_refused_and_retention_gives_410() {
    let server = TestServer::start_with(|c| c.retention_sweep_seconds = 1).await;
    let s = setup(&server, "links@example.com").await;
    // This environment keeps files for 1 s; the server's default stays at 3 days.
    let env_path = format!("/api/environments/{}", s.account.env_id);
    assert_error(
        &server.patch(&env_path, &s.account.token, json!({ "retentionSeconds": 0 })).await,
        400,
        "ERR_VALID_001",
    );
    let patched = server.patch(&env_path, &s.account.token, json!({ "retentionSeconds": 1 })).await;
    assert_eq!(patched.body["retentionSeconds"], 1, "{}", patched.body);
    let queued = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("X") }),
        )
        .await;
    let job_id = queued.body["jobId"].as_str().unwrap().to_string();
    let job = wait_for_job(&server, &s.key, &job_id).await;
    let url = job.body["downloadUrl"].as_str().unwrap().to_string();
    let tampered = url.replace("signature=", "signature=00");
    assert_eq!(fetch_raw(&server, &tampered).await.0, 403);
    let other_job = url.replace(&job_id, "job_someoneelse");
    assert_eq!(fetch_raw(&server, &other_job).await.0, 403);
    let past = quire_core::Timestamp::now().plus_seconds(-7200);
    let (expired, _) = server.state().links.mint(&server.base, &job_id, past);
    let answer = server.client.get(&expired).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 403);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("expired"));
    tokio::time::sleep(std::time::Duration::from_millis(2600)).await;
    let gone = server.call(reqwest::Method::GET, &url.replace(&server.base, ""), None, None).await;
    assert_error(&gone, 410, "ERR_DOC_003");
    let record = server.get(&format!("/api/v1/documents/jobs/{job_id}"), &s.key).await;
    assert_eq!(record.body["status"], "completed");
    assert!(record.body["downloadUrl"].is_null());
}

#[tokio::test]
async fn analytics_count_jobs_by_status_format_and_template() {
    let server = TestServer::start().await;
    let s = setup(&server, "analytics@example.com").await;
    for _ in 0..3 {
        let q = server
            .post(
                "/api/v1/documents/generate",
                &s.key,
                json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("A") }),
            )
            .await;
        wait_for_job(&server, &s.key, q.body["jobId"].as_str().unwrap()).await;
    }
    let report = server.get("/api/v1/documents/analytics", &s.key).await;
    assert_eq!(report.status.as_u16(), 200, "{}", report.body);
    assert_eq!(report.body["summary"]["totalDocuments"], 3);
    assert_eq!(report.body["summary"]["successRate"], 100.0);
    assert_eq!(report.body["byFormat"]["pdf"], 3);
    assert_eq!(report.body["byTemplate"][0]["count"], 3);
    let per_template = server.get(&format!("/api/v1/templates/{}/analytics", s.template_id), &s.key).await;
    assert_eq!(per_template.body["usage"]["total"], 3);
    assert!(per_template.body["performance"]["p95GenerationTimeMs"].as_i64().unwrap() > 0);
    let (narrow, _) = server.create_key(&s.account.token, &s.account.env_id, &["documents:generate"]).await;
    assert_error(&server.get("/api/v1/documents/analytics", &narrow).await, 403, "ERR_AUTH_005");
}
