//! HTTP routes, one module per resource.

pub mod activity;
pub mod auth;
pub mod environments;
pub mod health;
pub mod members;
pub mod teams;
