//! Rendering off the async runtime: a bounded number of blocking render threads share one engine.

use std::sync::Arc;

use quire_render::{AssetResolver, Engine, OutputFormat, PdfPasswords, RenderError, RenderedFile, TemplateDoc};
use serde_json::Value;
use tokio::sync::Semaphore;

/// The engine plus a limit on concurrent renders.
#[derive(Clone)]
pub struct RenderPool {
    engine: Engine,
    permits: Arc<Semaphore>,
}

impl std::fmt::Debug for RenderPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RenderPool({} free)", self.permits.available_permits())
    }
}

impl RenderPool {
    /// A pool running at most `threads` renders at once.
    pub fn new(engine: Engine, threads: usize) -> Self {
        Self { engine, permits: Arc::new(Semaphore::new(threads.max(1))) }
    }

    /// The engine (for validation and limits).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Renders on a blocking thread once a permit is free.
    pub async fn render(
        &self,
        template: Arc<TemplateDoc>,
        variables: Value,
        format: OutputFormat,
        assets: Arc<dyn AssetResolver>,
    ) -> Result<RenderedFile, RenderError> {
        self.render_with_passwords(template, variables, format, assets, PdfPasswords::default()).await
    }

    /// [`RenderPool::render`] encrypting the PDF with a request's passwords.
    pub async fn render_with_passwords(
        &self,
        template: Arc<TemplateDoc>,
        variables: Value,
        format: OutputFormat,
        assets: Arc<dyn AssetResolver>,
        passwords: PdfPasswords,
    ) -> Result<RenderedFile, RenderError> {
        let _permit = self.permits.acquire().await.map_err(|_| RenderError::generation("render pool closed"))?;
        let engine = self.engine.clone();
        let started = std::time::Instant::now();
        let rendered = tokio::task::spawn_blocking(move || {
            engine.render_with_passwords(&template, &variables, format, assets.as_ref(), &passwords)
        })
        .await
        .map_err(|e| RenderError::generation(format!("render thread failed: {e}")))?;
        if let Ok(file) = &rendered {
            crate::metrics::metrics().rendered(format.extension(), started.elapsed(), file.page_count);
        }
        rendered
    }
}
