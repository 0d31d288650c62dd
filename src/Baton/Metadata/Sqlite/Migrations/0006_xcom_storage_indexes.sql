-- Baton metadata schema, version 6: the web UI's Storage page at a million XComs. Values and bytes per DAG and storage
-- (GROUP BY dag_id, storage with COUNT and SUM(size)) and the object rows (storage = 'object') are read from the first
-- index alone, which holds every column they need, instead of visiting each row of the table; the largest values
-- (ORDER BY size DESC LIMIT n) from the second, backwards, instead of sorting the table. At 1M rows: 2.2 s -> 0.24 s,
-- 0.24 s -> under 1 ms and 0.44 s -> under 1 ms in the sqlite3 shell (benchmarks, scenario web).
CREATE INDEX ix_xcom_storage_dag_size ON xcom (storage, dag_id, size);
CREATE INDEX ix_xcom_size ON xcom (size);
