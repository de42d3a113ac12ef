//! API errors as cli.md gives them: `{ "error": { "message", "diagnostics" } }` with a 4xx status.

use crate::api::ApiError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub message: String,
    /// Each: severity, message, file, line, col, start, end, notes.
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: Vec<crate::diagnostic::Located>,
}

pub struct HttpError(pub StatusCode, pub ApiError);

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> HttpError {
        HttpError(status, ApiError::plain(message.into()))
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                message: self.1.message,
                diagnostics: self.1.diagnostics,
            },
        };
        (self.0, Json(body)).into_response()
    }
}
