//! The HTTP routes: static files (the page, the catalogs folder) and the JSON API. The API's
//! OpenAPI document is built from the same handler annotations the router is (utoipa-axum), so
//! a route cannot exist without its description.

use super::error::{ErrorBody, HttpError};
use super::lookup::{body, catalog};
use super::State;
use crate::api::{ApiError, CatalogFiles};
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json_;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Request bodies larger than this are refused with 413 (cli.md).
pub const MAX_BODY: usize = 1024 * 1024;

type S = Arc<State>;
type Answer = Result<Json<Json_>, HttpError>;

/// One entry of `GET /api/catalogs`.
#[derive(Serialize, ToSchema)]
pub struct CatalogSummary {
    pub id: String,
    /// Display name per language.
    #[schema(value_type = Object)]
    pub name: indexmap::IndexMap<String, String>,
    pub version: String,
    pub hash: String,
    /// The main file's path in the catalogs folder (images are relative to it).
    pub main: String,
}

/// `GET /api/catalogs/{id}`: ready for `new Configurator({main, files})`.
#[derive(Serialize, ToSchema)]
pub struct CatalogSource {
    pub id: String,
    pub version: String,
    pub hash: String,
    pub main: String,
    #[schema(value_type = Object)]
    pub files: indexmap::IndexMap<String, String>,
}

/// Choices, as the CLI's `--select` takes them.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectBody {
    #[serde(default)]
    pub select: Vec<String>,
    /// configure only: give every blocked value its minimal reason.
    #[serde(default)]
    pub reasons: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    #[serde(default)]
    pub select: Vec<String>,
    /// `once`, `monthly`, `term` or an attribute.
    pub minimize: Option<String>,
    pub maximize: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainBody {
    #[serde(default)]
    pub select: Vec<String>,
    /// `PATH=VALUE`, `PATH` or `!PATH`.
    pub why: String,
}

/// The whole app: API (rate-limited, CORS as configured), catalogs folder, page.
pub fn router(state: S) -> Router {
    let (api, _) = api_router().split_for_parts();
    let api = api
        .route(
            "/api/openapi.json",
            axum::routing::get(|| async { Json(super::openapi()) }),
        )
        .fallback(|| async { HttpError::new(StatusCode::NOT_FOUND, "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state.clone());
    let api = super::limit::rate_limited(api, &state.config);
    let api = api.layer(cors(&state.config.cors_origins));
    let mut app = Router::new()
        .merge(api)
        .nest_service("/catalogs", ServeDir::new(&state.config.catalogs));
    if let Some(www) = &state.config.www {
        app = app.fallback_service(ServeDir::new(www).append_index_html_on_directories(true));
    }
    app
}

/// The API routes with their OpenAPI descriptions.
pub fn api_router() -> OpenApiRouter<S> {
    OpenApiRouter::new()
        .routes(routes!(list_catalogs))
        .routes(routes!(get_catalog))
        .routes(routes!(configure))
        .routes(routes!(complete))
        .routes(routes!(explain))
        .routes(routes!(count))
        .routes(routes!(
            super::quotes::create_quote,
            super::quotes::list_quotes
        ))
        .routes(routes!(super::quotes::get_quote))
        .routes(routes!(super::quotes::quote_by_link))
        .routes(routes!(super::quotes::set_status))
        .routes(routes!(super::quotes::add_revision))
        .routes(routes!(super::quotes::approve))
        .routes(routes!(super::quotes::order))
        .routes(routes!(super::quotes::revalidate))
        .routes(routes!(super::quotes::impact))
        .routes(routes!(super::quotes::document))
}

fn cors(origins: &[String]) -> CorsLayer {
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
        ]);
    if origins.iter().any(|o| o == "*") {
        base.allow_origin(AllowOrigin::any())
    } else {
        // Empty list: no cross-origin caller is allowed (same origin only).
        let list: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
        base.allow_origin(AllowOrigin::list(list))
    }
}

/// Runs a question with its parsed body on one of the catalog's sessions: 404 for an unknown
/// catalog, 400/413/422 for a bad body, 400 with the message for a bad choice.
async fn ask<B: Send + 'static, T: Serialize + Send + 'static>(
    state: &State,
    id: &str,
    b: Result<Json<B>, JsonRejection>,
    f: impl FnOnce(&mut crate::api::Configurator, B) -> Result<T, ApiError> + Send + 'static,
) -> Answer {
    let c = catalog(state, id)?;
    let b = body(b)?;
    match c.pool.with(move |k| f(k, b)).await {
        Some(Ok(t)) => Ok(Json(serde_json::to_value(t).unwrap_or(Json_::Null))),
        Some(Err(e)) => Err(HttpError(StatusCode::BAD_REQUEST, e)),
        None => Err(HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )),
    }
}

/// Every catalog the server offers.
#[utoipa::path(get, path = "/api/catalogs", responses((status = 200, body = Vec<CatalogSummary>)))]
async fn list_catalogs(Shared(state): Shared<S>) -> Json<Vec<CatalogSummary>> {
    Json(
        state
            .catalogs
            .list()
            .iter()
            .map(|c| CatalogSummary {
                id: c.id.clone(),
                name: c.name.clone(),
                version: c.version.clone(),
                hash: c.hash.clone(),
                main: c.files.main.clone(),
            })
            .collect(),
    )
}

/// A catalog's files (the main YAML and everything it includes).
#[utoipa::path(get, path = "/api/catalogs/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CatalogSource), (status = 404, body = ErrorBody)))]
async fn get_catalog(
    Shared(state): Shared<S>,
    Path(id): Path<String>,
) -> Result<Json<CatalogSource>, HttpError> {
    let c = catalog(&state, &id)?;
    let CatalogFiles { main, files } = c.files.clone();
    Ok(Json(CatalogSource {
        id: c.id.clone(),
        version: c.version.clone(),
        hash: c.hash.clone(),
        main,
        files,
    }))
}

/// The state after a selection (`configure --json`).
#[utoipa::path(post, path = "/api/catalogs/{id}/configure", params(("id" = String, Path)),
    request_body = SelectBody,
    responses((status = 200, description = "as `configure --json`", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429)))]
async fn configure(
    Shared(state): Shared<S>,
    Path(id): Path<String>,
    b: Result<Json<SelectBody>, JsonRejection>,
) -> Answer {
    ask(&state, &id, b, |k, b| k.configure(&b.select, b.reasons)).await
}

/// One full valid configuration (`complete --json`).
#[utoipa::path(post, path = "/api/catalogs/{id}/complete", params(("id" = String, Path)),
    request_body = CompleteBody,
    responses((status = 200, description = "as `complete --json`", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429)))]
async fn complete(
    Shared(state): Shared<S>,
    Path(id): Path<String>,
    b: Result<Json<CompleteBody>, JsonRejection>,
) -> Answer {
    ask(&state, &id, b, |k, b| {
        k.complete(&b.select, b.minimize.as_deref(), b.maximize.as_deref())
    })
    .await
}

/// Why a value is not available or is forced (`explain --json`).
#[utoipa::path(post, path = "/api/catalogs/{id}/explain", params(("id" = String, Path)),
    request_body = ExplainBody,
    responses((status = 200, description = "as `explain --json`", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429)))]
async fn explain(
    Shared(state): Shared<S>,
    Path(id): Path<String>,
    b: Result<Json<ExplainBody>, JsonRejection>,
) -> Answer {
    ask(&state, &id, b, |k, b| k.explain(&b.select, &b.why)).await
}

/// The exact number of valid configurations (`count --json`).
#[utoipa::path(post, path = "/api/catalogs/{id}/count", params(("id" = String, Path)),
    request_body = SelectBody,
    responses((status = 200, description = "as `count --json`", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 429)))]
async fn count(
    Shared(state): Shared<S>,
    Path(id): Path<String>,
    b: Result<Json<SelectBody>, JsonRejection>,
) -> Answer {
    ask(&state, &id, b, |k, b| k.count(&b.select)).await
}
