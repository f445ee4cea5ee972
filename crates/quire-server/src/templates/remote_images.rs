//! Remote images (`QUIRE_REMOTE_IMAGES`): an image `src` that is an `http(s)` URL, fetched while rendering with the
//! webhook client's guard (public addresses only, unless the operator lists the host), at most three redirects
//! each checked again, a size and a time limit, SVGs sanitised like uploads, and a cache shared by renders.

use std::sync::Arc;
use std::time::Duration;

use quire_render::{Asset, ImageFormat};
use reqwest::header::{ACCEPT, LOCATION, USER_AGENT};
use url::Url;

use crate::config::RemoteImageConfig;
use crate::webhooks::delivery::http_client;
use crate::webhooks::target::{check_target, parse_target};

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 3;

/// Fetches remote images and keeps them for a while.
pub struct RemoteImages {
    config: RemoteImageConfig,
    cache: Option<moka::sync::Cache<String, Arc<Asset>>>,
}

impl std::fmt::Debug for RemoteImages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteImages").field("config", &self.config).finish_non_exhaustive()
    }
}

impl RemoteImages {
    /// `None` when the operator has not allowed remote images.
    pub fn from_config(config: &RemoteImageConfig) -> Option<Arc<Self>> {
        if !config.enabled {
            return None;
        }
        let cache = (config.cache_seconds > 0 && config.cache_bytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(config.cache_bytes)
                .weigher(|url: &String, asset: &Arc<Asset>| {
                    u32::try_from(url.len() + asset.bytes.len()).unwrap_or(u32::MAX)
                })
                .time_to_live(Duration::from_secs(config.cache_seconds))
                .build()
        });
        Some(Arc::new(Self { config: config.clone(), cache }))
    }

    /// The image at `url`, from the cache or fetched now; the error says why it was refused.
    pub async fn fetch(&self, url: &str) -> Result<Arc<Asset>, String> {
        if let Some(hit) = self.cache.as_ref().and_then(|cache| cache.get(url)) {
            return Ok(hit);
        }
        let limit = self.config.timeout();
        let asset = tokio::time::timeout(limit, self.fetch_following_redirects(url))
            .await
            .map_err(|_| format!("fetching the image took longer than {} ms", limit.as_millis()))??;
        let asset = Arc::new(asset);
        if let Some(cache) = &self.cache {
            cache.insert(url.to_string(), asset.clone());
        }
        Ok(asset)
    }

    async fn fetch_following_redirects(&self, url: &str) -> Result<Asset, String> {
        let mut current = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let (target, client) = self.checked(&current).await?;
            let response = client
                .get(target.clone())
                .header(ACCEPT, "image/*")
                .header(USER_AGENT, concat!("Quire-Images/", env!("CARGO_PKG_VERSION")))
                .send()
                .await
                .map_err(|e| format!("the image could not be fetched: {}", without_url(&e)))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok());
                let location = location.ok_or_else(|| format!("the server answered {status} without a Location"))?;
                current = target.join(location).map_err(|e| format!("the redirect is not a valid URL: {e}"))?.into();
                continue;
            }
            if !status.is_success() {
                return Err(format!("the server answered {status}"));
            }
            return self.read_image(response).await;
        }
        Err(format!("the image URL redirected more than {MAX_REDIRECTS} times"))
    }

    /// The URL if it may be fetched, with the client to fetch it: any address for a listed host, public ones
    /// otherwise (checked now, and again by the client's resolver when it connects).
    async fn checked(&self, url: &str) -> Result<(Url, &'static reqwest::Client), String> {
        let parsed = parse_target(url).map_err(|r| format!("image URL refused: {r}"))?;
        let listed = parsed.host_str().is_some_and(|host| self.config.host_allowed(&host.to_ascii_lowercase()));
        if !listed {
            check_target(url, false).await.map_err(|r| format!("image URL refused: {r}"))?;
        }
        Ok((parsed, http_client(listed)?))
    }

    async fn read_image(&self, mut response: reqwest::Response) -> Result<Asset, String> {
        let max = self.config.max_bytes;
        let too_large = || format!("the image is larger than the limit of {max} bytes");
        if response.content_length().is_some_and(|length| length > max as u64) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|e| format!("reading the image failed: {}", without_url(&e)))?
        {
            if bytes.len() + chunk.len() > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        let format = ImageFormat::sniff(&bytes).ok_or("the URL did not answer a PNG, JPEG, GIF, WebP or SVG image")?;
        if format == ImageFormat::Svg {
            let text = std::str::from_utf8(&bytes).map_err(|_| "the SVG image is not UTF-8".to_string())?;
            let problems = quire_render::svg_problems(text);
            if !problems.is_empty() {
                return Err(format!("the SVG image is not safe to render: {}", problems.join("; ")));
            }
        }
        Ok(Asset { bytes, content_type: format.mime_type().to_string() })
    }
}

/// A client error and its causes, without the URL (it is in the caller's template already, and may carry a token).
fn without_url(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    if let Some(url) = err.url() {
        text = text.replace(&format!(" for url ({url})"), "").replace(url.as_str(), "the URL");
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
