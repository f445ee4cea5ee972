//! `quire backup` / `quire restore` through the real binary: a backup taken while a server keeps writing restores
//! into an installation that starts and serves what the snapshot held; bad archives and folders are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/installation.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use support::{Server, names_in, printed, quire, small_archive};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_of_a_busy_server_restores_keys_templates_and_documents() {
    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    let server = Server::start(&live).await;
    let caller = server.caller("backup@example.com").await;
    let template_id = server.template(&caller, "Greeting").await;
    let job_id = server.generate(&caller, &template_id, "Ada").await;
    let (status, original) = server.download(&caller, &job_id).await;
    assert_eq!(status, 200);
    assert!(original.starts_with(b"%PDF"));

    // Keeps generating documents and creating templates while the backup runs.
    let server = Arc::new(server);
    let stop = Arc::new(AtomicBool::new(false));
    let writes = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn({
        let (server, caller, template_id) = (server.clone(), caller.clone(), template_id.clone());
        let (stop, writes) = (stop.clone(), writes.clone());
        async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                server.generate(&caller, &template_id, &format!("Customer {n}")).await;
                server.template(&caller, &format!("Busy {n}")).await;
                writes.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    while writes.load(Ordering::SeqCst) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let archive = scratch.path().join("quire-backup.zip");
    // The writer keeps going while the backup runs (how many writes land during it depends on the machine, so
    // the test does not count them; what it checks is that the copy is consistent and complete).
    let backup = quire(&live, &["backup", "--to", archive.to_str().unwrap()], &[]).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(backup.status.success(), "{}", printed(&backup));
    assert!(String::from_utf8_lossy(&backup.stdout).contains("document files included"), "{}", printed(&backup));
    assert_eq!(
        names_in(scratch.path()).len(),
        2,
        "only the data folder and the archive: {:?}",
        names_in(scratch.path())
    );
    Arc::try_unwrap(server).ok().expect("writer finished").stop().await;

    let restored = scratch.path().join("restored");
    let restore = quire(&restored, &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(restore.status.success(), "{}", printed(&restore));
    assert_eq!(
        std::fs::read_to_string(restored.join("encryption-key")).unwrap(),
        std::fs::read_to_string(live.join("encryption-key")).unwrap(),
        "the key sealing signing certificates came along"
    );
    let server = Server::start(&restored).await;

    let (status, template) = server.get(&format!("/api/v1/templates/{template_id}"), &caller.key).await;
    assert_eq!(status, 200, "the same API key authenticates and the template is there: {template}");
    assert_eq!(template["name"], "Greeting");
    let (status, _) = server.get("/api/teams", &caller.token).await;
    assert_eq!(status, 200, "a dashboard token from before the backup still verifies: the JWT secret came along");
    let (status, bytes) = server.download(&caller, &job_id).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, original, "the restored file is the one generated before the backup");

    // Every document the snapshot holds as completed has its file: files were copied after the snapshot.
    let (_, listed) = server.get("/api/v1/documents/jobs?status=completed&limit=100", &caller.key).await;
    let completed = listed["jobs"].as_array().unwrap();
    assert!(!completed.is_empty());
    for job in completed {
        let (status, _) = server.download(&caller, job["id"].as_str().unwrap()).await;
        assert_eq!(status, 200, "completed job {} downloads after restore", job["id"]);
    }

    let fresh = server.generate(&caller, &template_id, "Grace").await;
    let (status, bytes) = server.download(&caller, &fresh).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"%PDF"), "a new document can be generated");
    server.stop().await;
}

#[tokio::test]
async fn restore_refuses_a_folder_that_is_not_empty_and_leaves_it_alone() {
    let scratch = tempfile::tempdir().unwrap();
    let archive = scratch.path().join("backup.zip");
    small_archive(&scratch.path().join("source"), &archive).await;
    let target = scratch.path().join("target");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "mine").unwrap();

    let restore = quire(&target, &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(!restore.status.success());
    assert!(String::from_utf8_lossy(&restore.stderr).contains("not empty"), "{}", printed(&restore));
    assert_eq!(names_in(&target), vec!["keep.txt".to_string()]);
    assert_eq!(std::fs::read_to_string(target.join("keep.txt")).unwrap(), "mine");
    assert_eq!(names_in(scratch.path()).len(), 3, "no staging folder left: {:?}", names_in(scratch.path()));
}

#[tokio::test]
async fn restore_into_an_empty_folder_works() {
    let scratch = tempfile::tempdir().unwrap();
    let archive = scratch.path().join("backup.zip");
    small_archive(&scratch.path().join("source"), &archive).await;
    let target = scratch.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let restore = quire(&target, &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(restore.status.success(), "{}", printed(&restore));
    assert!(target.join("quire.db").is_file());
}

#[tokio::test]
async fn a_truncated_archive_is_refused_and_leaves_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let archive = scratch.path().join("backup.zip");
    small_archive(&scratch.path().join("source"), &archive).await;
    let bytes = std::fs::read(&archive).unwrap();
    std::fs::write(&archive, &bytes[..bytes.len() / 2]).unwrap();

    let target = scratch.path().join("target");
    let restore = quire(&target, &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(!restore.status.success());
    assert!(String::from_utf8_lossy(&restore.stderr).contains("truncated or damaged"), "{}", printed(&restore));
    assert!(!target.exists());
    assert_eq!(names_in(scratch.path()).len(), 2, "nothing half-written: {:?}", names_in(scratch.path()));
}

#[tokio::test]
async fn an_archive_with_damaged_bytes_is_refused_and_leaves_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let archive = scratch.path().join("backup.zip");
    small_archive(&scratch.path().join("source"), &archive).await;
    let mut bytes = std::fs::read(&archive).unwrap();
    // The database entry comes first: flip bytes inside its compressed data, leaving the zip structure intact.
    for byte in &mut bytes[200..260] {
        *byte ^= 0x5a;
    }
    std::fs::write(&archive, &bytes).unwrap();

    let target = scratch.path().join("target");
    let restore = quire(&target, &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(!restore.status.success(), "{}", printed(&restore));
    assert!(!target.exists());
    assert_eq!(names_in(scratch.path()).len(), 2, "nothing half-written: {:?}", names_in(scratch.path()));
}

#[tokio::test]
async fn backup_refuses_postgres_and_names_pg_dump() {
    let scratch = tempfile::tempdir().unwrap();
    let archive = scratch.path().join("backup.zip");
    let url = [("QUIRE_DATABASE_URL", "postgres://quire@localhost/quire")];
    let backup = quire(scratch.path(), &["backup", "--to", archive.to_str().unwrap()], &url).await;
    assert!(!backup.status.success());
    assert!(String::from_utf8_lossy(&backup.stderr).contains("pg_dump"), "{}", printed(&backup));
    assert!(!archive.exists());
}

#[tokio::test]
async fn a_failed_backup_leaves_no_half_file() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let archive = out.join("backup.zip");
    // No database in this data folder: the snapshot step fails.
    let backup = quire(&scratch.path().join("empty"), &["backup", "--to", archive.to_str().unwrap()], &[]).await;
    assert!(!backup.status.success());
    assert!(String::from_utf8_lossy(&backup.stderr).contains("no database"), "{}", printed(&backup));
    assert!(names_in(&out).is_empty(), "{:?}", names_in(&out));
}

#[tokio::test]
async fn with_s3_the_archive_lists_object_keys_instead_of_files() {
    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    let (_, job_id) = one_document(&live).await;

    // The backup never talks to the bucket: the keys come from the database snapshot.
    let archive = scratch.path().join("backup.zip");
    let s3 = [("QUIRE_S3_BUCKET", "quire-docs"), ("QUIRE_S3_PREFIX", "prod")];
    let backup = quire(&live, &["backup", "--to", archive.to_str().unwrap()], &s3).await;
    assert!(backup.status.success(), "{}", printed(&backup));
    assert!(String::from_utf8_lossy(&backup.stdout).contains("NOT in this archive"), "{}", printed(&backup));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    assert!(zip.file_names().all(|name| !name.unwrap().starts_with("files/")), "no document files in the archive");
    let manifest: serde_json::Value = serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    assert_eq!(manifest["fileStore"]["kind"], "s3");
    assert_eq!(manifest["fileStore"]["bucket"], "quire-docs");
    let keys = manifest["fileKeys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].as_str().unwrap().contains(&job_id), "{manifest}");
}

#[tokio::test]
async fn a_file_deleted_after_the_snapshot_is_reported_and_the_backup_still_restores() {
    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    let (_, job_id) = one_document(&live).await;
    // What the retention sweeper does between the snapshot and the file copy, made certain.
    let files = live.join("files");
    let env_folder = std::fs::read_dir(&files).unwrap().next().unwrap().unwrap().path();
    std::fs::remove_file(std::fs::read_dir(&env_folder).unwrap().next().unwrap().unwrap().path()).unwrap();

    let archive = scratch.path().join("backup.zip");
    let backup = quire(&live, &["backup", "--to", archive.to_str().unwrap()], &[]).await;
    assert!(backup.status.success(), "{}", printed(&backup));
    assert!(
        String::from_utf8_lossy(&backup.stderr).contains("deleted before they could be copied"),
        "{}",
        printed(&backup)
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let manifest: serde_json::Value = serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    assert_eq!(manifest["counts"]["files"], 0);
    assert!(manifest["missingFileKeys"][0].as_str().unwrap().contains(&job_id), "{manifest}");

    let restore = quire(&scratch.path().join("restored"), &["restore", "--from", archive.to_str().unwrap()], &[]).await;
    assert!(restore.status.success(), "{}", printed(&restore));
}

/// A data folder whose server made one completed PDF, then stopped; returns the caller and the job id.
async fn one_document(data_dir: &std::path::Path) -> (support::Caller, String) {
    let server = Server::start(data_dir).await;
    let caller = server.caller("one@example.com").await;
    let template_id = server.template(&caller, "Greeting").await;
    let job_id = server.generate(&caller, &template_id, "Ada").await;
    server.completed(&caller, &job_id).await;
    server.stop().await;
    (caller, job_id)
}
