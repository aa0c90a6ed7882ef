-- PostgreSQL overrides of db/statements.sql

-- name: ensureDeviceLock
INSERT INTO device_lock (device_key) VALUES (?) ON CONFLICT DO NOTHING

-- name: migrationLock
SELECT pg_advisory_xact_lock(7432001)
