-- Baton metadata schema, version 1. Times are ISO 8601 text in UTC ("yyyy-MM-ddTHH:mm:ss.ffffffZ"), so text order is time order.
CREATE TABLE dag (
    dag_id          TEXT NOT NULL PRIMARY KEY,
    is_paused       INTEGER NOT NULL,
    description     TEXT NULL,
    schedule        TEXT NULL,
    tags            TEXT NOT NULL DEFAULT '',
    last_seen_at    TEXT NOT NULL
);

CREATE TABLE dag_run (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    dag_id              TEXT NOT NULL,
    run_id              TEXT NOT NULL,
    run_type            TEXT NOT NULL,
    logical_date        TEXT NOT NULL,
    data_interval_start TEXT NOT NULL,
    data_interval_end   TEXT NOT NULL,
    state               TEXT NOT NULL,
    conf                TEXT NULL,
    queued_at           TEXT NOT NULL,
    start_date          TEXT NULL,
    end_date            TEXT NULL,
    UNIQUE (dag_id, run_id)
);
CREATE INDEX ix_dag_run_dag_state ON dag_run (dag_id, state);
CREATE INDEX ix_dag_run_dag_logical_date ON dag_run (dag_id, logical_date);

CREATE TABLE task_instance (
    dag_id          TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    task_id         TEXT NOT NULL,
    map_index       INTEGER NOT NULL DEFAULT -1,
    state           TEXT NOT NULL,
    try_number      INTEGER NOT NULL DEFAULT 0,
    max_tries       INTEGER NOT NULL DEFAULT 0,
    start_date      TEXT NULL,
    end_date        TEXT NULL,
    duration_ms     REAL NULL,
    hostname        TEXT NULL,
    pid             INTEGER NULL,
    next_retry_at   TEXT NULL,
    error           TEXT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX ix_task_instance_state ON task_instance (state);

-- One row per XCom. storage says where the value is: 'inline' (value holds the bytes) or 'object' (location names it).
CREATE TABLE xcom (
    dag_id          TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    task_id         TEXT NOT NULL,
    map_index       INTEGER NOT NULL DEFAULT -1,
    key             TEXT NOT NULL,
    storage         TEXT NOT NULL,
    value           BLOB NULL,
    location        TEXT NULL,
    format          TEXT NOT NULL,
    compression     TEXT NOT NULL DEFAULT 'none',
    size            INTEGER NOT NULL,
    checksum        TEXT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index, key)
);
CREATE INDEX ix_xcom_created_at ON xcom (created_at);

-- password and extra are encrypted (AES-GCM) before they reach this table.
CREATE TABLE connection (
    conn_id             TEXT NOT NULL PRIMARY KEY,
    conn_type           TEXT NOT NULL,
    description         TEXT NULL,
    host                TEXT NULL,
    schema              TEXT NULL,
    login               TEXT NULL,
    password_encrypted  BLOB NULL,
    port                INTEGER NULL,
    extra_encrypted     BLOB NULL
);
