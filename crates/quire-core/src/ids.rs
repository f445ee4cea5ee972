//! Prefixed identifiers (`team_…`, `ws_…`, `usr_…`, `key_…`, `tmpl_…`, `job_…`, …).

use crate::base62;

/// Length of the random part of an id: 22 base62 characters carry about 131 bits.
const ID_RANDOM_LEN: usize = 22;

/// A fresh identifier `"<prefix>_<22 base62 characters>"`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", base62::random_string(ID_RANDOM_LEN))
}

/// True when `id` is `"<prefix>_"` followed by base62 characters only.
pub fn has_prefix(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|rest| !rest.is_empty() && base62::is_base62(rest))
}

/// Id prefixes of every resource, in one place.
pub mod prefix {
    pub const PROJECT: &str = "team";
    pub const ENVIRONMENT: &str = "ws";
    pub const USER: &str = "usr";
    pub const MEMBER: &str = "mem";
    pub const INVITATION: &str = "inv";
    pub const API_KEY: &str = "key";
    pub const ACTIVITY: &str = "act";
    pub const TEMPLATE: &str = "tmpl";
    pub const JOB: &str = "job";
    pub const BATCH: &str = "batch";
    pub const WEBHOOK: &str = "wh";
    pub const DELIVERY: &str = "del";
    pub const EVENT: &str = "evt";
    pub const ASSET: &str = "asset";
    pub const OAUTH_APP: &str = "oapp";
    pub const OAUTH_GRANT: &str = "ogr";
    pub const SIGNING_CERTIFICATE: &str = "cert";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_carry_their_prefix() {
        let id = new_id(prefix::PROJECT);
        assert!(id.starts_with("team_"));
        assert!(has_prefix(&id, "team"));
        assert!(!has_prefix(&id, "ws"));
        assert!(!has_prefix("team_", "team"));
        assert!(!has_prefix("team_a-b", "team"));
    }
}
