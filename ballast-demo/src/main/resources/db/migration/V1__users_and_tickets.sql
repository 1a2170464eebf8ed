-- Users and tickets of the Ballast demo service.

CREATE TABLE users (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- one account per address, whatever its case
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE tickets (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text        NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    priority    text        NOT NULL DEFAULT 'Medium'
                            CHECK (priority IN ('Low', 'Medium', 'High', 'Critical')),
    status      text        NOT NULL DEFAULT 'Open'
                            CHECK (status IN ('Open', 'InProgress', 'Resolved', 'Closed')),
    reporter_id bigint      REFERENCES users (id),
    -- A key the client chose, stored as given. Deliberately NOT unique: a unique constraint would turn a
    -- duplicated write into an error and hide it; the chaos mode counts rows per key to prove there are none.
    request_key uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- GET /api/tickets?status=Open lists newest first
CREATE INDEX tickets_status_id_idx ON tickets (status, id DESC);
CREATE INDEX tickets_reporter_idx ON tickets (reporter_id) WHERE reporter_id IS NOT NULL;
CREATE INDEX tickets_request_key_idx ON tickets (request_key) WHERE request_key IS NOT NULL;
