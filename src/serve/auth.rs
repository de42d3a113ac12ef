//! Who may use the sales endpoints: users with a name, a role (`sales`, `manager`) and a token
//! kept only as its SHA-256. A request's bearer token is hashed and compared with every user's
//! hash in constant time (no early exit, no length leak), so response times say nothing about
//! how close a guess was. With no user configured the sales endpoints are closed.

use super::error::HttpError;
use axum::http::{header, request::Parts, StatusCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Sales,
    Manager,
}

/// A sales user as the server knows them.
#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub role: Role,
    token_sha256: [u8; 32],
}

/// One entry of the `--users` file (YAML list): the token's SHA-256 in hex, never the token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    pub name: String,
    pub role: Role,
    pub token_sha256: String,
}

#[derive(Debug, Default, Clone)]
pub struct Users(Vec<User>);

impl Users {
    /// The users of a `--users` file and, when `sales_token` is set (TAILOR_SALES_TOKEN), a
    /// manager named `sales` with that token.
    pub fn new(entries: Vec<UserEntry>, sales_token: Option<&str>) -> Result<Users, String> {
        let mut users = Vec::new();
        for e in entries {
            let bytes = hex_32(&e.token_sha256)
                .ok_or_else(|| format!("user `{}`: token_sha256 is not 64 hex digits", e.name))?;
            users.push(User {
                name: e.name,
                role: e.role,
                token_sha256: bytes,
            });
        }
        if let Some(t) = sales_token.filter(|t| !t.is_empty()) {
            users.push(User {
                name: "sales".to_string(),
                role: Role::Manager,
                token_sha256: sha256(t.as_bytes()),
            });
        }
        Ok(Users(users))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The user whose token this is.
    pub fn find(&self, token: &str) -> Option<&User> {
        let h = sha256(token.as_bytes());
        let mut found = None;
        for u in &self.0 {
            if same(&u.token_sha256, &h) {
                found = Some(u);
            }
        }
        found
    }

    /// The user of a request's `Authorization: Bearer` header, else 401.
    pub fn authenticate(&self, parts: &Parts) -> Result<User, HttpError> {
        if self.is_empty() {
            return Err(HttpError::new(
                StatusCode::UNAUTHORIZED,
                "the sales endpoints are closed: no sales user is configured (TAILOR_SALES_TOKEN or --users)",
            ));
        }
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match token.and_then(|t| self.find(t)) {
            Some(u) => Ok(u.clone()),
            None => Err(HttpError::new(
                StatusCode::UNAUTHORIZED,
                "a sales user's token is needed: Authorization: Bearer <token>",
            )),
        }
    }
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Equal in constant time: every byte is looked at whatever differs first.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_by_hash_only() {
        let alice = UserEntry {
            name: "alice".into(),
            role: Role::Sales,
            token_sha256: hex(&sha256(b"alice-secret")),
        };
        let users = Users::new(vec![alice], Some("boss-secret")).unwrap();
        assert_eq!(
            users.find("alice-secret").map(|u| u.role),
            Some(Role::Sales)
        );
        assert_eq!(
            users.find("boss-secret").map(|u| u.name.as_str()),
            Some("sales")
        );
        assert!(users.find("alice-secreT").is_none());
        assert!(users.find("").is_none());
        let bad = UserEntry {
            name: "x".into(),
            role: Role::Sales,
            token_sha256: "abc".into(),
        };
        assert!(Users::new(vec![bad], None).is_err());
        assert!(Users::new(vec![], Some("")).unwrap().is_empty());
    }
}
