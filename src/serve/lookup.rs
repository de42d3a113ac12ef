//! What every API handler does first: find the catalog it names and read its body, each a
//! clear HTTP error when it cannot (shared by the configurator's routes and the quotes').

use super::error::HttpError;
use super::{Catalog, State};
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::Json;
use std::sync::Arc;

/// The catalog `id`, or 404.
pub(super) fn catalog(state: &State, id: &str) -> Result<Arc<Catalog>, HttpError> {
    state
        .catalogs
        .get(id)
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, format!("no catalog `{id}`")))
}

/// A body that did not parse: 400 (413 when too large), in the API's error shape.
pub(super) fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, HttpError> {
    b.map(|Json(t)| t)
        .map_err(|r| HttpError::new(r.status(), r.body_text()))
}
