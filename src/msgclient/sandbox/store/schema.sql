-- The sandbox stand's database. Times are ISO-8601 UTC strings with milliseconds
-- ("2022-02-04T07:59:05.517Z"), which sort like the instants they name.
-- JSON columns hold small lists/maps exactly as the API shows them.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE users (
    id        INTEGER PRIMARY KEY,
    login     TEXT NOT NULL UNIQUE,
    password  TEXT NOT NULL,                 -- plain text: a demo stand with published demo logins
    role      TEXT NOT NULL,                 -- SUPERVISOR | OPERATOR | INTEGRATOR | BOT
    full_name TEXT NOT NULL,
    status    TEXT NOT NULL DEFAULT 'READY'  -- READY | OUTGOING | INACTIVE (workplace status)
);

CREATE TABLE tokens (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);

CREATE TABLE channels (
    id                  INTEGER PRIMARY KEY,
    type                TEXT NOT NULL,       -- WHATSAPP | VIBER | EMAIL | WEB | MOBILE | TELEGRAM
    name                TEXT NOT NULL,
    enabled             INTEGER NOT NULL,
    max_attachment_size INTEGER NOT NULL,
    attachment_types    TEXT NOT NULL,       -- JSON array of MIME types
    max_attachments     INTEGER NOT NULL
);

CREATE TABLE email_accounts (
    id      INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    enabled INTEGER NOT NULL
);

CREATE TABLE tags (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    parent_id INTEGER REFERENCES tags(id),
    path      TEXT NOT NULL UNIQUE,
    level     INTEGER NOT NULL
);

CREATE TABLE templates (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    channel_type TEXT NOT NULL,
    language     TEXT NOT NULL,
    text         TEXT NOT NULL
);

CREATE TABLE clients (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT UNIQUE,             -- authorised external id (web chat / mobile app)
    unauthorized_id TEXT UNIQUE,             -- external id in the widget / app before login
    full_name       TEXT,
    segment         TEXT,
    phone           TEXT,
    email           TEXT,
    blocked         INTEGER NOT NULL DEFAULT 0,
    additional      TEXT NOT NULL DEFAULT '[]'  -- JSON [{key, value}]
);
CREATE INDEX clients_phone ON clients(phone);
CREATE INDEX clients_email ON clients(email COLLATE NOCASE);

CREATE TABLE threads (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id),
    channel_id        INTEGER NOT NULL REFERENCES channels(id),
    email_account_id  INTEGER REFERENCES email_accounts(id),
    status            TEXT NOT NULL,
    start_time        TEXT NOT NULL,
    state_change_time TEXT NOT NULL,
    unread            INTEGER NOT NULL DEFAULT 0,
    unanswered        INTEGER NOT NULL DEFAULT 0,
    current_agent_id  INTEGER REFERENCES users(id),
    last_agent_id     INTEGER REFERENCES users(id),
    tags              TEXT NOT NULL DEFAULT '[]',  -- JSON array of tag ids as strings
    info              TEXT NOT NULL DEFAULT '{}'   -- JSON {str: str}
);
CREATE INDEX threads_client_status ON threads(client_id, status);
CREATE INDEX threads_client_channel ON threads(client_id, channel_id);
CREATE INDEX threads_state_change ON threads(state_change_time);

-- Tag filter on the thread list: one row per (thread, tag) so the filter can use an index.
CREATE TABLE thread_tags (
    thread_id INTEGER NOT NULL REFERENCES threads(id),
    tag_id    INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (tag_id, thread_id)
) WITHOUT ROWID;

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES threads(id),
    direction   TEXT NOT NULL,               -- INCOMING | OUTGOING
    author_type TEXT NOT NULL,               -- CLIENT | AGENT | SUPERVISOR | SYSTEM
    author_id   INTEGER REFERENCES users(id),
    text        TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',  -- JSON [Attachment]
    channel_id  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    template    TEXT,                        -- JSON {id, name, title, signature, variables}
    email       TEXT,                        -- JSON {from, to, subject, bcc}: staff-only history
    tags        TEXT NOT NULL DEFAULT '[]',
    sent_as     TEXT                         -- JSON {login, channelType, status}: outgoing-from-myself
);
CREATE INDEX messages_thread ON messages(thread_id, id);

CREATE TABLE files (
    id         TEXT PRIMARY KEY,             -- random, unguessable: the download needs no token
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE idempotency (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- How the stand was seeded: one row (closed_threads: generated closed threads beyond the demo's).
CREATE TABLE seeding (
    closed_threads INTEGER NOT NULL
);
