-- The quote store (docs/quote-store.md). Quotes are immutable revisions; the catalog version each
-- revision was priced with is kept by content hash, so any old quote shows exactly as it was.
CREATE TABLE catalog_versions (
    hash       TEXT PRIMARY KEY,      -- sha256:... of the catalog's files
    catalog_id TEXT NOT NULL,
    version    TEXT NOT NULL,
    files      TEXT NOT NULL,         -- JSON {"main": ..., "files": {path: text}}
    stored_at  TEXT NOT NULL
);

CREATE TABLE quotes (
    id         TEXT PRIMARY KEY,      -- random, 128 bits: not sequential, not guessable
    catalog_id TEXT NOT NULL,
    link_hash  TEXT NOT NULL UNIQUE,  -- sha256 of the customer's secret link (the link is never stored)
    customer   TEXT NOT NULL,         -- JSON
    created_at TEXT NOT NULL,         -- RFC 3339, UTC
    created_by TEXT NOT NULL          -- a sales user's name, or "customer"
);
CREATE INDEX quotes_by_time ON quotes (created_at);

CREATE TABLE revisions (
    quote_id     TEXT NOT NULL REFERENCES quotes (id),
    number       BIGINT NOT NULL,     -- 1, 2, ...
    catalog_hash TEXT NOT NULL REFERENCES catalog_versions (hash),
    selection    TEXT NOT NULL,       -- JSON list of choices
    discount     TEXT NOT NULL,       -- JSON {"once": percent, "monthly": percent}
    quote        TEXT NOT NULL,       -- JSON: the quote as priced by the server
    valid_until  TEXT NOT NULL,       -- YYYY-MM-DD
    approval     TEXT NOT NULL,       -- none | pending | approved
    approved_by  TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (quote_id, number)
);

CREATE TABLE status_changes (
    quote_id TEXT NOT NULL REFERENCES quotes (id),
    seq      BIGINT NOT NULL,
    status   TEXT NOT NULL,           -- draft | sent | accepted | withdrawn (expired is derived)
    at       TEXT NOT NULL,
    by_user  TEXT NOT NULL,
    PRIMARY KEY (quote_id, seq)
);
