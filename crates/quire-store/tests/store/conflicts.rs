//! Uniqueness rules come back as `StoreError::Conflict`, naming what was taken the way the server looks for it.

use quire_core::Timestamp;
use quire_store::{Project, StoreError, TemplateRecord, User, UserCredentials};

use crate::support::{environment, on_every_store, tenant};

fn template(environment_id: &str, project_id: &str, short_id: &str, slug: Option<&str>) -> TemplateRecord {
    let now = Timestamp::now();
    TemplateRecord {
        id: quire_core::ids::new_id("tmpl"),
        short_id: short_id.into(),
        slug: slug.map(str::to_string),
        project_id: project_id.into(),
        environment_id: environment_id.into(),
        name: "Invoice".into(),
        description: None,
        template_type: "pdf".into(),
        output_formats: vec!["pdf".into()],
        variables: serde_json::json!([]),
        schema: serde_json::json!({"b": 1, "a": 2}),
        revision: 1,
        published_version: None,
        created_by: "usr_1".into(),
        created_at: now,
        updated_at: now,
    }
}

#[tokio::test]
async fn a_taken_email_is_a_conflict() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        tenant(&store, "taken@example.com").await;
        let now = Timestamp::now();
        let user = User { id: "usr_2".into(), email: "TAKEN@example.com".into(), name: "B".into(), created_at: now };
        let project = Project {
            id: "team_2".into(),
            name: "B".into(),
            slug: "b".into(),
            is_personal: true,
            created_by: "usr_2".into(),
            created_at: now,
            updated_at: now,
        };
        let credentials = UserCredentials { user, password_hash: "x".into() };
        let result = store.create_user_with_project(&credentials, &project, &environment("team_2", "P"), "mem_2").await;
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{}: {result:?}", backend.name);
        assert!(store.project("team_2").await.unwrap().is_none(), "{}: nothing half-written", backend.name);
    })
    .await;
}

#[tokio::test]
async fn a_taken_slug_and_a_taken_short_id_are_conflicts_naming_the_column() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "slugs@example.com").await;
        let (env, project) = (&owner.environment_id, &owner.project_id);
        let first = template(env, project, "atpl_00000001", Some("invoice"));
        store.create_template(&first).await.unwrap();
        let stored = store.template(env, "invoice").await.unwrap().unwrap();
        assert_eq!(stored.schema.to_string(), r#"{"b":1,"a":2}"#, "{}: JSON keys keep their order", backend.name);
        match store.create_template(&template(env, project, "atpl_00000002", Some("invoice"))).await {
            Err(StoreError::Conflict(what)) => assert!(what.contains("slug"), "{}: {what}", backend.name),
            other => panic!("{}: {other:?}", backend.name),
        }
        match store.create_template(&template(env, project, "atpl_00000001", None)).await {
            Err(StoreError::Conflict(what)) => assert!(what.contains("short_id"), "{}: {what}", backend.name),
            other => panic!("{}: {other:?}", backend.name),
        }
        // A deleted template frees its slug.
        store.delete_template(env, &first.id, Timestamp::now()).await.unwrap();
        store.create_template(&template(env, project, "atpl_00000003", Some("invoice"))).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_taken_environment_name_is_a_conflict() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "envs@example.com").await;
        let result = store.create_environment(&environment(&owner.project_id, "Production")).await;
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{}: {result:?}", backend.name);
        store.create_environment(&environment(&owner.project_id, "Staging")).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn template_search_ignores_case_and_takes_wildcards_literally() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "search@example.com").await;
        let (env, project) = (&owner.environment_id, &owner.project_id);
        let mut a = template(env, project, "atpl_0000000a", Some("monthly_report"));
        a.name = "Monthly Report".into();
        let mut b = template(env, project, "atpl_0000000b", Some("monthlyxreport"));
        b.name = "Other".into();
        store.create_template(&a).await.unwrap();
        store.create_template(&b).await.unwrap();
        let query = |search: &str, types: Vec<String>| quire_store::TemplateQuery {
            search: Some(search.into()),
            types,
            offset: 0,
            limit: 10,
        };
        let (found, total) = store.templates(env, &query("MONTHLY report", vec![])).await.unwrap();
        assert_eq!((found.len(), total), (1, 1), "{}", backend.name);
        let (found, _) = store.templates(env, &query("y_r", vec![])).await.unwrap();
        assert_eq!(found.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [a.id.as_str()], "{}", backend.name);
        let (_, total) = store.templates(env, &query("monthly", vec!["excel".into()])).await.unwrap();
        assert_eq!(total, 0, "{}", backend.name);
        let (_, total) = store.templates(env, &query("monthly", vec!["excel".into(), "pdf".into()])).await.unwrap();
        assert_eq!(total, 2, "{}", backend.name);
    })
    .await;
}
