-- Baton metadata schema, version 3: the web server's users and their API tokens. A password is stored only as the hash
-- ASP.NET Core Identity's PasswordHasher makes (PBKDF2 with a salt and its format version); a token only as the SHA-256
-- of its text, so the database never holds what logs a user in. role is Viewer, User, Op or Admin (Airflow's roles).
CREATE TABLE baton_user (
    username        TEXT NOT NULL PRIMARY KEY,
    role            TEXT NOT NULL,
    password_hash   TEXT NULL,
    created_at      TEXT NOT NULL,
    last_login_at   TEXT NULL
);

-- token_id is the public handle of a token (shown by `users list-tokens`); token_hash the hex SHA-256 of the token text.
-- A revoked token keeps its row (revoked_at set) so the listing shows it was revoked; deleting the user deletes its tokens.
CREATE TABLE user_token (
    token_id        TEXT NOT NULL PRIMARY KEY,
    username        TEXT NOT NULL REFERENCES baton_user (username) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NULL,
    last_used_at    TEXT NULL,
    revoked_at      TEXT NULL,
    UNIQUE (username, name)
);
