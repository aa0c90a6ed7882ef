-- H2 overrides of db/statements.sql

-- name: ensureDeviceLock
MERGE INTO device_lock (device_key) KEY (device_key) VALUES (?)
