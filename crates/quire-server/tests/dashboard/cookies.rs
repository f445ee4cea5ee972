//! Reading `Set-Cookie` answers and sending cookies back, for the session tests.

use std::collections::HashMap;

use crate::common::Answer;

/// One `Set-Cookie`: its value and its attributes (lower-case names).
#[derive(Debug, Clone)]
pub struct SetCookie {
    pub value: String,
    pub attributes: HashMap<String, String>,
}

impl SetCookie {
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.contains_key(&attribute.to_lowercase())
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(&name.to_lowercase()).map(String::as_str)
    }
}

/// The cookies an answer sets, by name.
pub fn set_cookies(answer: &Answer) -> HashMap<String, SetCookie> {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| {
            let text = v.to_str().unwrap();
            let mut parts = text.split(';').map(str::trim);
            let (name, value) = parts.next().unwrap().split_once('=').unwrap();
            let attributes = parts
                .map(|p| match p.split_once('=') {
                    Some((k, v)) => (k.to_lowercase(), v.to_string()),
                    None => (p.to_lowercase(), String::new()),
                })
                .collect();
            (name.to_string(), SetCookie { value: value.to_string(), attributes })
        })
        .collect()
}

/// A browser's view of a session: the three cookies.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub csrf: String,
}

impl Session {
    /// From a sign-in, sign-up or refresh answer.
    pub fn from_answer(answer: &Answer) -> Session {
        let cookies = set_cookies(answer);
        Session {
            access: cookies["quire_session"].value.clone(),
            refresh: cookies["quire_refresh"].value.clone(),
            csrf: cookies["quire_csrf"].value.clone(),
        }
    }

    /// The `Cookie` header for an API call (a browser sends the refresh cookie only to the session path).
    pub fn api_cookies(&self) -> String {
        format!("quire_session={}; quire_csrf={}", self.access, self.csrf)
    }

    /// The `Cookie` header for the session endpoints.
    pub fn session_cookies(&self) -> String {
        format!("quire_session={}; quire_refresh={}; quire_csrf={}", self.access, self.refresh, self.csrf)
    }
}
