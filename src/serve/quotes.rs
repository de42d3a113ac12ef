//! The quote routes of cli.md's HTTP API: customers request quotes and read their own through
//! a secret link; sales users list, open, revise, move along the lifecycle and export them. The
//! server prices every quote itself (a client's price or validity is never read) and stores
//! each revision with the catalog version it was priced with (docs/quote-store.md).

use super::auth::{hex, sha256, Role, User};
use super::error::{ErrorBody, HttpError};
use super::lookup::{body, catalog};
use super::store::{Approval, CatalogVersion, Database, NewRevision, StoredQuote};
use super::{Catalog, State};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{request::Parts, StatusCode};
use axum::Json;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value as Json_};
use std::sync::Arc;
use utoipa::ToSchema;

type S = Arc<State>;
type Answer = Result<Json<Json_>, HttpError>;

/// `POST /api/quotes`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuoteBody {
    pub catalog: String,
    #[serde(default)]
    pub select: Vec<String>,
    /// Free details (`name` is printed on the quote).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub customer: Json_,
    /// Labels in this language (default: the catalog's first).
    pub lang: Option<String>,
}

/// `POST /api/quotes/{id}/revisions`: what changes; the rest is kept from the last revision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionBody {
    pub select: Option<Vec<String>>,
    /// A sales discount in percent per period; beyond the catalog's `quote.max_discount` it
    /// waits for a manager.
    pub discount: Option<DiscountBody>,
    pub lang: Option<String>,
}

#[derive(Deserialize, ToSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct DiscountBody {
    #[serde(default)]
    #[schema(value_type = String)]
    pub once: Decimal,
    #[serde(default)]
    #[schema(value_type = String)]
    pub monthly: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// draft, sent, accepted or withdrawn (expired is derived from the validity date).
    pub status: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    pub revision: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Matches the id, the catalog or the customer (case-insensitive).
    pub q: Option<String>,
}

fn store(state: &State) -> Result<Arc<dyn Database>, HttpError> {
    state.store.clone().ok_or_else(|| {
        HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server keeps no quotes",
        )
    })
}

pub(super) fn db_error(e: super::store::StoreError) -> HttpError {
    match e {
        super::store::StoreError::NoQuote(what) => {
            HttpError::new(StatusCode::NOT_FOUND, format!("no quote `{what}`"))
        }
        other => HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

/// 128 random bits as hex: quote ids and link secrets are neither sequential nor guessable.
fn random_hex(bytes: usize) -> Result<String, HttpError> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).map_err(|e| {
        HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("no randomness: {e}"),
        )
    })?;
    Ok(hex(&buf))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The status a quote is in: its last recorded one, or `expired` once the validity of its
/// last revision has passed (accepted and withdrawn quotes do not expire).
pub fn derived_status(q: &StoredQuote, today: chrono::NaiveDate) -> String {
    let last = q.statuses.last().map_or("draft", |s| s.status.as_str());
    let valid_until = q
        .revisions
        .last()
        .and_then(|r| crate::engine::parse_day(&r.valid_until).ok());
    match (last, valid_until) {
        ("draft" | "sent", Some(v)) if today > v => "expired".to_string(),
        _ => last.to_string(),
    }
}

fn with_status(q: &StoredQuote) -> Json_ {
    let mut v = serde_json::to_value(q).unwrap_or(Json_::Null);
    v["status"] = json!(derived_status(q, today()));
    v
}

/// Prices `select` on the catalog's current version, server-side, made today.
async fn price(c: &Arc<Catalog>, select: Vec<String>, who: Who) -> Result<Json_, HttpError> {
    let answer = c
        .pool
        .with(move |k| {
            let mut for_ =
                crate::api::quote_for(&k.session().model, who.customer, who.lang, today());
            for_.manual_discount = who.discount;
            k.quote_for(&select, &for_)
        })
        .await;
    match answer {
        Some(Ok(q)) => Ok(serde_json::to_value(q).unwrap_or(Json_::Null)),
        Some(Err(e)) => Err(HttpError(StatusCode::BAD_REQUEST, e)),
        None => Err(HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )),
    }
}

async fn keep_version(db: &Arc<dyn Database>, c: &Catalog) -> Result<(), HttpError> {
    db.put_catalog_version(&CatalogVersion {
        hash: c.hash.clone(),
        catalog_id: c.id.clone(),
        version: c.version.clone(),
        files: serde_json::to_value(&c.files).unwrap_or(Json_::Null),
    })
    .await
    .map_err(db_error)
}

/// Who a quote is for, as the request says.
struct Who {
    customer: Option<String>,
    lang: Option<String>,
    discount: [Decimal; 2],
}

fn who_for(customer: &Json_, lang: Option<String>, discount: [Decimal; 2]) -> Who {
    Who {
        customer: customer
            .get("name")
            .and_then(|n| n.as_str())
            .map(String::from),
        lang,
        discount,
    }
}

/// A sales user, when the request carries a token (a wrong one is refused).
pub struct MaybeUser(pub Option<User>);
/// A sales user (401 without one).
pub struct SalesUser(pub User);

impl axum::extract::FromRequestParts<S> for SalesUser {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, HttpError> {
        state.config.users.authenticate(parts).map(SalesUser)
    }
}

impl axum::extract::FromRequestParts<S> for MaybeUser {
    type Rejection = HttpError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, HttpError> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            state
                .config
                .users
                .authenticate(parts)
                .map(|u| MaybeUser(Some(u)))
        } else {
            Ok(MaybeUser(None))
        }
    }
}

/// A quote request (anyone) or a quote made by a sales user: priced by the server, stored as
/// the first revision, status `draft`. The answer carries the customer's secret link, once.
#[utoipa::path(post, path = "/api/quotes", request_body = NewQuoteBody,
    responses((status = 201, description = "`{id, secret, link, status, quote}`", body = Object),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn create_quote(
    Shared(state): Shared<S>,
    MaybeUser(user): MaybeUser,
    b: Result<Json<NewQuoteBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Json_>), HttpError> {
    let db = store(&state)?;
    let b = body(b)?;
    if !(b.customer.is_object() || b.customer.is_null()) {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "`customer` is an object",
        ));
    }
    let customer = if b.customer.is_null() {
        json!({})
    } else {
        b.customer
    };
    let c = catalog(&state, &b.catalog)?;
    let who = who_for(&customer, b.lang, [Decimal::ZERO; 2]);
    let quote = price(&c, b.select.clone(), who).await?;
    keep_version(&db, &c).await?;
    let (id, secret) = (random_hex(16)?, random_hex(32)?);
    let first = NewRevision {
        catalog_hash: c.hash.clone(),
        selection: json!(b.select),
        discount: json!({ "once": "0", "monthly": "0" }),
        valid_until: quote["valid_until"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        quote: quote.clone(),
        approval: Approval::None,
        created_at: super::store::now(),
        created_by: user.map_or("customer".to_string(), |u| u.name),
    };
    db.create_quote(
        &id,
        &c.id,
        &hex(&sha256(secret.as_bytes())),
        &customer,
        &first,
    )
    .await
    .map_err(db_error)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": id,
            "secret": secret,
            "link": format!("/api/quote-links/{secret}"),
            "status": "draft",
            "quote": quote,
        })),
    ))
}

/// The customer's view of their quote: its status and the latest revision not awaiting a
/// manager.
#[utoipa::path(get, path = "/api/quote-links/{secret}", params(("secret" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn quote_by_link(Shared(state): Shared<S>, Path(secret): Path<String>) -> Answer {
    let db = store(&state)?;
    let q = db
        .quote_by_link(&hex(&sha256(secret.as_bytes())))
        .await
        .map_err(db_error)?
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no quote behind this link"))?;
    let shown = q
        .revisions
        .iter()
        .rev()
        .find(|r| r.approval != Approval::Pending);
    Ok(Json(json!({
        "id": q.id,
        "status": derived_status(&q, today()),
        "customer": q.customer,
        "revision": shown.map(|r| r.number),
        "quote": shown.map(|r| r.quote.clone()),
    })))
}

/// Quotes, newest first (sales).
#[utoipa::path(get, path = "/api/quotes", params(ListQuery),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody)))]
pub async fn list_quotes(
    Shared(state): Shared<S>,
    _user: SalesUser,
    Query(q): Query<ListQuery>,
) -> Answer {
    let db = store(&state)?;
    let mut list = db
        .list(q.q.as_deref().filter(|s| !s.is_empty()), 500)
        .await
        .map_err(db_error)?;
    let day = today();
    for s in &mut list {
        if matches!(s.status.as_str(), "draft" | "sent")
            && crate::engine::parse_day(&s.valid_until).is_ok_and(|v| day > v)
        {
            s.status = "expired".to_string();
        }
    }
    Ok(Json(json!({ "quotes": list })))
}

/// One quote with every revision and status change (sales).
#[utoipa::path(get, path = "/api/quotes/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_quote(
    Shared(state): Shared<S>,
    _user: SalesUser,
    Path(id): Path<String>,
) -> Answer {
    let q = load(&state, &id).await?;
    Ok(Json(with_status(&q)))
}

async fn load(state: &State, id: &str) -> Result<StoredQuote, HttpError> {
    store(state)?
        .quote(id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, format!("no quote `{id}`")))
}

/// Moves a quote along its lifecycle (sales): draft → sent → accepted, or withdrawn; an
/// accepted quote is frozen, an expired one cannot be accepted.
#[utoipa::path(post, path = "/api/quotes/{id}/status", params(("id" = String, Path)),
    request_body = StatusBody,
    responses((status = 200, body = Object), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn set_status(
    Shared(state): Shared<S>,
    SalesUser(user): SalesUser,
    Path(id): Path<String>,
    b: Result<Json<StatusBody>, JsonRejection>,
) -> Answer {
    let b = body(b)?;
    let q = load(&state, &id).await?;
    let now = derived_status(&q, today());
    let to = b.status.as_str();
    let allowed = match (now.as_str(), to) {
        ("draft", "sent" | "withdrawn") => true,
        ("sent", "accepted" | "withdrawn" | "draft") => true,
        ("withdrawn", "draft") => true,
        ("expired", "withdrawn") => true,
        _ => false,
    };
    if !["draft", "sent", "accepted", "withdrawn"].contains(&to) {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            format!("`{to}` is not a status: draft, sent, accepted or withdrawn"),
        ));
    }
    if !allowed {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            format!("a quote that is {now} cannot become {to}"),
        ));
    }
    if matches!(to, "sent" | "accepted")
        && q.revisions
            .last()
            .is_some_and(|r| r.approval == Approval::Pending)
    {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            "the latest revision's discount awaits a manager's approval",
        ));
    }
    store(&state)?
        .add_status(&id, to, &super::store::now(), &user.name)
        .await
        .map_err(db_error)?;
    Ok(Json(with_status(&load(&state, &id).await?)))
}

/// A new revision (sales): a changed selection or discount, priced anew on the catalog's
/// current version. A discount beyond the catalog's limit waits for a manager unless a manager
/// makes it.
#[utoipa::path(post, path = "/api/quotes/{id}/revisions", params(("id" = String, Path)),
    request_body = RevisionBody,
    responses((status = 201, body = Object), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn add_revision(
    Shared(state): Shared<S>,
    SalesUser(user): SalesUser,
    Path(id): Path<String>,
    b: Result<Json<RevisionBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Json_>), HttpError> {
    let b = body(b)?;
    let q = load(&state, &id).await?;
    let status = derived_status(&q, today());
    if matches!(status.as_str(), "accepted" | "withdrawn") {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            format!("a quote that is {status} takes no revision"),
        ));
    }
    let last = q
        .revisions
        .last()
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no revision"))?;
    let select: Vec<String> = match b.select {
        Some(s) => s,
        None => serde_json::from_value(last.selection.clone()).unwrap_or_default(),
    };
    let discount = match b.discount {
        Some(d) => d,
        None => serde_json::from_value(last.discount.clone()).unwrap_or_default(),
    };
    let manual = [discount.once, discount.monthly];
    if manual
        .iter()
        .any(|d| d.is_sign_negative() || *d > Decimal::ONE_HUNDRED)
    {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "a discount is a percentage from 0 to 100",
        ));
    }
    let c = catalog(&state, &q.catalog_id)?;
    let limit = c
        .pool
        .with(|k| k.session().model.quote_terms.max_discount)
        .await
        .unwrap_or([Decimal::ZERO; 2]);
    let beyond = manual.iter().zip(&limit).any(|(d, l)| d > l);
    let approval = match (beyond, user.role) {
        (false, _) => Approval::None,
        (true, Role::Manager) => Approval::Approved,
        (true, Role::Sales) => Approval::Pending,
    };
    let who = who_for(&q.customer, b.lang, manual);
    let quote = price(&c, select.clone(), who).await?;
    keep_version(&store(&state)?, &c).await?;
    let r = NewRevision {
        catalog_hash: c.hash.clone(),
        selection: json!(select),
        discount: json!({ "once": discount.once.to_string(), "monthly": discount.monthly.to_string() }),
        valid_until: quote["valid_until"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        quote,
        // A manager's own discount is stored pending and approved at once, so the approval
        // records who gave it.
        approval: match approval {
            Approval::Approved => Approval::Pending,
            a => a,
        },
        created_at: super::store::now(),
        created_by: user.name.clone(),
    };
    let db = store(&state)?;
    let n = db.add_revision(&id, &r).await.map_err(db_error)?;
    if approval == Approval::Approved {
        db.approve(&id, n, &user.name).await.map_err(db_error)?;
    }
    Ok((
        StatusCode::CREATED,
        Json(with_status(&load(&state, &id).await?)),
    ))
}

/// A manager approves a revision's discount (an extension of cli.md).
#[utoipa::path(post, path = "/api/quotes/{id}/approve", params(("id" = String, Path)),
    request_body = ApproveBody,
    responses((status = 200, body = Object), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn approve(
    Shared(state): Shared<S>,
    SalesUser(user): SalesUser,
    Path(id): Path<String>,
    b: Result<Json<ApproveBody>, JsonRejection>,
) -> Answer {
    let b = body(b)?;
    if user.role != Role::Manager {
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            "only a manager approves discounts",
        ));
    }
    store(&state)?
        .approve(&id, b.revision, &user.name)
        .await
        .map_err(db_error)?;
    Ok(Json(with_status(&load(&state, &id).await?)))
}

/// The order document of an accepted quote, for the systems that fulfil it (an extension).
#[utoipa::path(get, path = "/api/quotes/{id}/order", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn order(Shared(state): Shared<S>, _user: SalesUser, Path(id): Path<String>) -> Answer {
    let q = load(&state, &id).await?;
    let Some(accepted) = q.statuses.iter().rev().find(|s| s.status == "accepted") else {
        return Err(HttpError::new(
            StatusCode::CONFLICT,
            "only an accepted quote is an order",
        ));
    };
    let r = q
        .revisions
        .last()
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no revision"))?;
    Ok(Json(json!({
        "order": {
            "quote": q.id,
            "revision": r.number,
            "accepted_at": accepted.at,
            "accepted_by": accepted.by,
            "customer": q.customer,
            "catalog": r.quote["catalog"],
            "selection": r.selection,
            "configuration": r.quote["configuration"],
            "lines": r.quote["lines"],
            "adjustments": r.quote["adjustments"],
            "totals": r.quote["totals"],
            "tax": r.quote.get("tax"),
        }
    })))
}

/// The latest revision of a quote checked against its catalog as the server has it now (sales):
/// choices that became invalid, with reasons, and amounts that changed, old against new.
#[utoipa::path(post, path = "/api/quotes/{id}/revalidate", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn revalidate(
    Shared(state): Shared<S>,
    _user: SalesUser,
    Path(id): Path<String>,
) -> Answer {
    let q = load(&state, &id).await?;
    let c = catalog(&state, &q.catalog_id)?;
    let r = revalidate_on(&c.pool, &q).await?;
    let mut v = serde_json::to_value(r).unwrap_or(Json_::Null);
    v["id"] = json!(q.id);
    v["revision"] = json!(q.revisions.last().map(|r| r.number));
    Ok(Json(v))
}

/// Revalidates the latest revision of `q` on a session of some catalog version.
async fn revalidate_on(
    pool: &Arc<super::pool::Pool>,
    q: &StoredQuote,
) -> Result<crate::api::Revalidation, HttpError> {
    let last = q
        .revisions
        .last()
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no revision"))?;
    let old = last.quote.clone();
    let answer = pool
        .with(move |k| {
            let who = crate::api::who_of(&k.session().model, &old, today());
            k.revalidate(&old, &who)
        })
        .await;
    match answer {
        Some(Ok(r)) => Ok(r),
        Some(Err(e)) => Err(HttpError(StatusCode::BAD_REQUEST, e)),
        None => Err(HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )),
    }
}

/// A new version of a catalog (its files, as `GET /api/catalogs/{id}` gives them) against every
/// quote of that catalog still open (draft or sent, not expired): which it would break or
/// reprice, before it is published (sales).
#[utoipa::path(post, path = "/api/catalogs/{id}/impact", params(("id" = String, Path)),
    request_body = Object,
    responses((status = 200, body = Object), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody)))]
pub async fn impact(
    Shared(state): Shared<S>,
    _user: SalesUser,
    Path(id): Path<String>,
    b: Result<Json<crate::api::CatalogFiles>, JsonRejection>,
) -> Answer {
    let files = body(b)?;
    let db = store(&state)?;
    let current = catalog(&state, &id)?;
    let limits = crate::api::Limits {
        millis: state.config.budget_ms,
        conflicts: None,
    };
    let compiled = tokio::task::spawn_blocking({
        let files = files.clone();
        move || crate::api::Configurator::from_files(&files, limits)
    })
    .await
    .map_err(|e| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map_err(|e| HttpError(StatusCode::BAD_REQUEST, e))?;
    let new_id = compiled.session().model.id.clone();
    if new_id != current.id {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            format!("the files are of catalog `{new_id}`, not `{id}`"),
        ));
    }
    let pool = Arc::new(super::pool::Pool::new(compiled, files, limits));
    impact_of(&db, &id, &pool).await.map(Json)
}

/// Every open quote of catalog `id` (draft or sent, not expired) revalidated on `pool` (a new
/// version of it): `{catalog, checked, affected: [...]}`. The route and `tailor impact` share it.
pub async fn impact_of(
    db: &Arc<dyn Database>,
    id: &str,
    pool: &Arc<super::pool::Pool>,
) -> Result<Json_, HttpError> {
    let day = today();
    let mut affected = Vec::new();
    let mut checked = 0;
    for s in db.list(None, IMPACT_LIMIT).await.map_err(db_error)? {
        if s.catalog_id != id {
            continue;
        }
        let Some(q) = db.quote(&s.id).await.map_err(db_error)? else {
            continue;
        };
        if !matches!(derived_status(&q, day).as_str(), "draft" | "sent") {
            continue;
        }
        checked += 1;
        let r = revalidate_on(pool, &q).await?;
        if r.affected() {
            affected.push(json!({
                "id": q.id,
                "customer": q.customer,
                "status": derived_status(&q, day),
                "revision": q.revisions.last().map(|r| r.number),
                "valid": r.valid,
                "invalid": r.invalid,
                "conflict": r.conflict,
                "changes": r.changes,
            }));
        }
    }
    let m = pool
        .with(|k| {
            let m = &k.session().model;
            json!({ "id": m.id, "version": m.version, "hash": m.hash })
        })
        .await
        .unwrap_or(Json_::Null);
    Ok(json!({ "catalog": m, "checked": checked, "affected": affected }))
}

/// Quotes looked at by one impact request, newest first.
const IMPACT_LIMIT: i64 = 10_000;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DocumentQuery {
    /// html (default), csv or json.
    pub format: Option<String>,
    /// A revision number (default: the latest).
    pub revision: Option<i64>,
}

/// A revision as a document (sales): the printable HTML page, CSV or JSON, exactly as it was
/// priced (an extension of cli.md).
#[utoipa::path(get, path = "/api/quotes/{id}/document", params(("id" = String, Path), DocumentQuery),
    responses((status = 200, description = "text/html, text/csv or application/json"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn document(
    Shared(state): Shared<S>,
    _user: SalesUser,
    Path(id): Path<String>,
    Query(d): Query<DocumentQuery>,
) -> Result<axum::response::Response, HttpError> {
    use axum::response::IntoResponse;
    let q = load(&state, &id).await?;
    let r = match d.revision {
        Some(n) => q.revisions.iter().find(|r| r.number == n),
        None => q.revisions.last(),
    }
    .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no such revision"))?;
    let quote: crate::engine::Quote = serde_json::from_value(r.quote.clone())
        .map_err(|e| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let (format, mime) = match d.format.as_deref().unwrap_or("html") {
        "html" => (crate::api::QuoteFormat::Html, "text/html; charset=utf-8"),
        "csv" => (crate::api::QuoteFormat::Csv, "text/csv; charset=utf-8"),
        "json" => (crate::api::QuoteFormat::Json, "application/json"),
        other => {
            return Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                format!("format `{other}`: html, csv or json"),
            ))
        }
    };
    let title = state
        .catalogs
        .get(&q.catalog_id)
        .and_then(|c| {
            let lang = quote.language.clone().unwrap_or_default();
            c.name
                .get(&lang)
                .or_else(|| c.name.values().next())
                .cloned()
        })
        .unwrap_or_else(|| q.catalog_id.clone());
    let text = crate::api::render_titled(&quote, &title, format);
    Ok(([(axum::http::header::CONTENT_TYPE, mime)], text).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::store::{Revision, StatusChange};

    fn quote(statuses: &[&str], valid_until: &str) -> StoredQuote {
        StoredQuote {
            id: "q".into(),
            catalog_id: "c".into(),
            customer: json!({}),
            created_at: "2026-12-01T00:00:00Z".into(),
            created_by: "customer".into(),
            revisions: vec![Revision {
                number: 1,
                catalog_hash: "h".into(),
                selection: json!([]),
                discount: json!({}),
                quote: json!({}),
                valid_until: valid_until.into(),
                approval: Approval::None,
                approved_by: None,
                created_at: "2026-12-01T00:00:00Z".into(),
                created_by: "customer".into(),
            }],
            statuses: statuses
                .iter()
                .map(|s| StatusChange {
                    status: s.to_string(),
                    at: "t".into(),
                    by: "x".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_quote_expires_the_day_after_its_validity_unless_accepted_or_withdrawn() {
        let day = |d: &str| crate::engine::parse_day(d).unwrap();
        let q = quote(&["draft"], "2026-12-20");
        assert_eq!(derived_status(&q, day("2026-12-20")), "draft");
        assert_eq!(derived_status(&q, day("2026-12-21")), "expired");
        let q = quote(&["draft", "sent"], "2026-12-20");
        assert_eq!(derived_status(&q, day("2027-01-01")), "expired");
        let q = quote(&["draft", "sent", "accepted"], "2026-12-20");
        assert_eq!(derived_status(&q, day("2027-01-01")), "accepted");
        let q = quote(&["draft", "withdrawn"], "2026-12-20");
        assert_eq!(derived_status(&q, day("2027-01-01")), "withdrawn");
    }
}
