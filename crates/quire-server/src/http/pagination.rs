//! List paging (`limit` default 20, max 100, with `page` or `offset`) and the list envelope.

use serde::{Deserialize, Serialize};

/// Paging parameters from the query string.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct PageQuery {
    pub limit: Option<i64>,
    pub page: Option<i64>,
    pub offset: Option<i64>,
}

impl PageQuery {
    /// The limit in force (1..=100).
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(20).clamp(1, 100)
    }

    /// The offset in force; `offset` wins over `page`.
    pub fn offset(&self) -> i64 {
        match (self.offset, self.page) {
            (Some(offset), _) => offset.max(0),
            (None, Some(page)) => (page.max(1) - 1) * self.limit(),
            (None, None) => 0,
        }
    }

    /// The 1-based page the offset falls on.
    pub fn page(&self) -> i64 {
        self.offset() / self.limit() + 1
    }
}

/// `{data, total, page, limit, totalPages}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Paged<T: Serialize> {
    pub data: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub total_pages: i64,
}

impl<T: Serialize> Paged<T> {
    /// One page of `total` items.
    pub fn new(data: Vec<T>, total: i64, query: &PageQuery) -> Self {
        let limit = query.limit();
        Paged { data, total, page: query.page(), limit, total_pages: (total + limit - 1) / limit }
    }

    /// A whole (small) list, sliced in memory.
    pub fn slice(all: Vec<T>, query: &PageQuery) -> Self {
        let total = all.len() as i64;
        let data = all.into_iter().skip(query.offset() as usize).take(query.limit() as usize).collect();
        Self::new(data, total, query)
    }
}
