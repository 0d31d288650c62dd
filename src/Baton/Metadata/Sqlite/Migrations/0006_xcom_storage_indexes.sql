-- Baton metadata schema, version 6: the web UI's Storage page and the orphan sweep at a million XComs, each read from an
-- index that holds every column it needs instead of visiting each row of the table (times in the sqlite3 shell, 1M rows,
-- benchmarks' scenario web):
--   values and bytes per DAG and storage (GROUP BY dag_id, storage; COUNT, SUM(size)): 2.2 s -> 0.26 s, in group order;
--   the largest values (ORDER BY size DESC LIMIT n): 0.44 s -> under 1 ms, read backwards;
--   the locations rows reference (the sweep's set; objects and bytes per store): a partial index of the rows that have a
--   location, so it is as small as the number of objects and costs nothing when a value is stored inline.
CREATE INDEX ix_xcom_dag_storage_size ON xcom (dag_id, storage, size);
CREATE INDEX ix_xcom_size ON xcom (size);
CREATE INDEX ix_xcom_location ON xcom (location, storage, size) WHERE location IS NOT NULL;
