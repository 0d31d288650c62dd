-- Baton metadata schema, version 2: the process working on a run (dags test, backfill, tasks test, the scheduler, or a
-- command deleting or clearing it) holds it here, so no other process deletes, resets or drives it meanwhile. A holder
-- that is gone (its pid is not alive on its host) no longer counts. owner_token tells two holders in one process apart.
ALTER TABLE dag_run ADD COLUMN owner_token TEXT NULL;
ALTER TABLE dag_run ADD COLUMN owner_pid INTEGER NULL;
ALTER TABLE dag_run ADD COLUMN owner_hostname TEXT NULL;
ALTER TABLE dag_run ADD COLUMN owned_since TEXT NULL;
