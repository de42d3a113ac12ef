//! Per-client-address rate limiting of the anonymous API (tower_governor): past the limit a
//! client gets 429 with `retry-after`, so one client cannot take the solver from everyone.

use super::Config;
use axum::Router;
use std::sync::Arc;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::GovernorLayer;

pub fn rate_limited(api: Router, config: &Config) -> Router {
    if config.rate_per_second == 0 {
        return api;
    }
    // governor counts one token per `period`; `per_millisecond` gives rates above 1/s.
    let period_ms = (1000 / u64::from(config.rate_per_second)).max(1);
    let Some(gov) = GovernorConfigBuilder::default()
        .per_millisecond(period_ms)
        .burst_size(config.rate_burst.max(1))
        .use_headers()
        .finish()
    else {
        return api;
    };
    api.layer(GovernorLayer {
        config: Arc::new(gov),
    })
}
