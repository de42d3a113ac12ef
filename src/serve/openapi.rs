//! `GET /api/openapi.json`: the OpenAPI 3 document, collected from the handlers' annotations.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(info(
    title = "tailor",
    description = "The JSON API of `tailor serve` (cli.md): the same answers as the CLI's --json."
))]
struct Doc;

pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) =
        utoipa_axum::router::OpenApiRouter::<std::sync::Arc<super::State>>::with_openapi(
            Doc::openapi(),
        )
        .merge(super::routes::api_router())
        .split_for_parts();
    let mut api = api;
    // The document describes itself too, so "every route is in it" holds for it as well.
    api.paths.paths.insert(
        "/api/openapi.json".to_string(),
        utoipa::openapi::path::PathItem::new(
            utoipa::openapi::HttpMethod::Get,
            utoipa::openapi::path::OperationBuilder::new()
                .summary(Some("This document"))
                .response(
                    "200",
                    utoipa::openapi::Response::new("the OpenAPI 3 document"),
                ),
        ),
    );
    api
}
