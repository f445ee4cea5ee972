//! Environment restrictions of members: which environments a caller is limited to, what they may grant,
//! and what of others' restrictions they may see. A restricted caller learns nothing of hidden environments.

use quire_core::{ApiError, FieldError};
use quire_store::Member;

use crate::auth::Caller;
use crate::http::HttpError;
use crate::state::AppState;

/// The environments `caller` is limited to: `None` for an unrestricted member, a restricted member's list,
/// or an API key's (or OAuth token's) own environment.
pub fn caller_environments(caller: &Caller, member: Option<&Member>) -> Option<Vec<String>> {
    match (caller.environment_id(), member) {
        (Some(own), _) => Some(vec![own.to_string()]),
        (None, Some(m)) => m.environment_ids.clone(),
        (None, None) => None,
    }
}

fn not_in_project(index: usize, id: &str) -> FieldError {
    FieldError::new(format!("environmentIds[{index}]"), format!("{id} is not an environment of this project"))
}

/// Environment ids must belong to the project.
pub async fn check_environment_ids(
    state: &AppState,
    project_id: &str,
    ids: &Option<Vec<String>>,
) -> Result<(), HttpError> {
    let Some(ids) = ids else { return Ok(()) };
    let known: Vec<String> = state.store.environments(project_id).await?.into_iter().map(|e| e.id).collect();
    let unknown: Vec<FieldError> =
        ids.iter().enumerate().filter(|(_, id)| !known.contains(id)).map(|(i, id)| not_in_project(i, id)).collect();
    if unknown.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(unknown))) }
}

/// A caller limited to some environments may grant only those, and must name them: otherwise they could
/// hand out access they do not have. Hidden ids are reported like unknown ones.
pub fn check_grant(limited_to: Option<&[String]>, granted: &Option<Vec<String>>) -> Result<(), HttpError> {
    let Some(own) = limited_to else { return Ok(()) };
    let Some(ids) = granted else {
        return Err(HttpError(ApiError::invalid_field(
            "environmentIds",
            "must list the environments to grant: your own access is limited to some environments",
        )));
    };
    let outside: Vec<FieldError> =
        ids.iter().enumerate().filter(|(_, id)| !own.contains(id)).map(|(i, id)| not_in_project(i, id)).collect();
    if outside.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(outside))) }
}

/// Someone's restriction as a caller limited to `limited_to` may see it: hidden environment ids left out.
pub fn visible_restriction(limited_to: Option<&[String]>, ids: Option<Vec<String>>) -> Option<Vec<String>> {
    match limited_to {
        None => ids,
        Some(own) => ids.map(|ids| ids.into_iter().filter(|id| own.contains(id)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unrestricted_callers_grant_anything() {
        assert!(check_grant(None, &None).is_ok());
        assert!(check_grant(None, &Some(ids(&["ws_a"]))).is_ok());
    }

    #[test]
    fn restricted_callers_grant_only_their_own_environments() {
        let own = ids(&["ws_a"]);
        assert!(check_grant(Some(&own), &Some(ids(&["ws_a"]))).is_ok());
        assert!(check_grant(Some(&own), &None).is_err());
        let err = check_grant(Some(&own), &Some(ids(&["ws_a", "ws_b"]))).err().map(|e| e.0.related_info);
        assert_eq!(err.flatten().map(|i| i["errors"][0]["field"].clone()), Some("environmentIds[1]".into()));
    }

    #[test]
    fn hidden_ids_are_left_out_of_restrictions() {
        let own = ids(&["ws_a"]);
        assert_eq!(visible_restriction(Some(&own), Some(ids(&["ws_a", "ws_b"]))), Some(ids(&["ws_a"])));
        assert_eq!(visible_restriction(Some(&own), None), None);
        assert_eq!(visible_restriction(None, Some(ids(&["ws_b"]))), Some(ids(&["ws_b"])));
    }
}
