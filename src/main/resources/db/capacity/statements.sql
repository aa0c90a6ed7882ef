-- Named SQL statements of admission control (io.qosb.admission), '?' placeholders ($n generated for
-- PostgreSQL). Tables: db/<dialect>/V3__capacity.sql.

-- name: ensureLock.h2
MERGE INTO capacity_lock (zone, profile) KEY (zone, profile) VALUES (?, ?)

-- name: ensureLock.postgresql
INSERT INTO capacity_lock (zone, profile) VALUES (?, ?) ON CONFLICT DO NOTHING

-- name: lock
SELECT zone FROM capacity_lock WHERE zone = ? AND profile = ? FOR UPDATE

-- name: overlapping
-- pieces of live bookings that overlap [from, to): start_ms >= from - 6h AND start_ms < to AND end_ms > from
SELECT c.start_ms, c.end_ms, c.devices FROM capacity_claim c JOIN booking b ON b.id = c.booking_id
WHERE c.zone = ? AND c.profile = ? AND c.start_ms >= ? AND c.start_ms < ? AND c.end_ms > ? AND b.state <> 'TERMINATED'

-- name: insertClaim
INSERT INTO capacity_claim (booking_id, zone, profile, start_ms, end_ms, devices) VALUES (?, ?, ?, ?, ?, ?)
