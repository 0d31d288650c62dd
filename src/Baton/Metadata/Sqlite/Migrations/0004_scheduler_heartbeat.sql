-- Baton metadata schema, version 4: each running scheduler (the `scheduler` command, or AddBatonScheduler() in a host)
-- writes its row every few seconds, so the web server's /health can tell how long ago a scheduler was last alive.
CREATE TABLE scheduler_heartbeat (
    hostname            TEXT NOT NULL,
    pid                 INTEGER NOT NULL,
    started_at          TEXT NOT NULL,
    latest_heartbeat    TEXT NOT NULL,
    PRIMARY KEY (hostname, pid)
);
