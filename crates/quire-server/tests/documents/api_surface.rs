//! The published API surface: every operation of the OpenAPI document is routed, and /docs renders.

use crate::common::TestServer;

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let server = TestServer::start().await;
    let account = server.register("surface@example.com").await;
    let doc = server.get("/api/openapi.json", &account.token).await;
    assert_eq!(doc.body["openapi"], "3.1.0");
    let paths = doc.body["paths"].as_object().unwrap();
    assert!(paths.len() > 40, "only {} paths", paths.len());
    for (path, item) in paths {
        let concrete = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "x_unknown" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let answer = server.call(method.clone(), &concrete, Some(&account.token), None).await;
            let code = answer.body["code"].as_str().unwrap_or("");
            assert!(
                code != "ERR_NOT_FOUND" && code != "ERR_METHOD",
                "{method} {path} is documented but not routed: {}",
                answer.body
            );
        }
    }
    let codes = doc.body["x-error-codes"].as_array().unwrap();
    assert!(codes.iter().any(|c| c["code"] == "ERR_AKEY_002"));
    let page = server.client.get(format!("{}/docs", server.base)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("/api/openapi.json"));
}
