-- Named SQL statements, '?' placeholders (PostgreSQL's $n are generated), ':keys' expands to a list.
-- Per-dialect files db/<dialect>/statements.sql override entries of the same name.

-- name: bookingColumns
id, owner, api, qos_profile, start_time, start_ms, end_ms, duration_s, service_area, total_devices,
remaining_devices, state, reason, sink, sink_credential, device_json, device_key, device_from_token, flows,
created_ms, started_ms, terminated_ms, version

-- name: insertBooking
INSERT INTO booking (${bookingColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: findBooking
SELECT ${bookingColumns} FROM booking WHERE id = ?

-- name: lockBooking
SELECT ${bookingColumns} FROM booking WHERE id = ? FOR UPDATE

-- name: updateBooking
UPDATE booking SET remaining_devices = ?, state = ?, reason = ?, started_ms = ?, terminated_ms = ?, version = version + 1
WHERE id = ? AND version = ?

-- name: deleteBooking
DELETE FROM booking WHERE id = ?

-- name: bookingsOfOwner
SELECT ${bookingColumns} FROM booking WHERE owner = ? ORDER BY created_ms

-- name: liveBookingsOfDevice
SELECT ${bookingColumns} FROM booking WHERE state <> 'TERMINATED' AND id IN
  (SELECT booking_id FROM assignment WHERE device_key = ? AND end_ms > ?)
ORDER BY start_ms

-- name: dueForExpiry
SELECT id FROM booking WHERE state <> 'TERMINATED' AND end_ms <= ? ORDER BY end_ms LIMIT ?

-- name: purgeEndedBefore
DELETE FROM booking WHERE (state = 'TERMINATED' AND terminated_ms <= ?) OR (state <> 'TERMINATED' AND end_ms <= ?)

-- name: assignmentColumns
booking_id, device_key, device_json, state, three_legged, sink, sink_credential, assigned_ms

-- name: insertAssignment
INSERT INTO assignment (${assignmentColumns}, start_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: assignments
SELECT ${assignmentColumns} FROM assignment WHERE booking_id = ? ORDER BY assigned_ms, device_key

-- name: deleteAssignment
DELETE FROM assignment WHERE booking_id = ? AND device_key = ?

-- name: conflictingDevices
SELECT a.device_key FROM assignment a JOIN booking b ON b.id = a.booking_id
WHERE a.booking_id <> ? AND a.start_ms < ? AND a.end_ms > ? AND b.state <> 'TERMINATED' AND a.device_key IN (:keys)

-- name: lockDevice
SELECT device_key FROM device_lock WHERE device_key = ? FOR UPDATE

-- name: ping
SELECT 1

-- name: createSchemaVersion
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  script VARCHAR(200) NOT NULL,
  applied_ms BIGINT NOT NULL
)

-- name: schemaVersions
SELECT version FROM schema_version

-- name: insertSchemaVersion
INSERT INTO schema_version (version, script, applied_ms) VALUES (?, ?, ?)

-- name: migrationLock
SELECT 1

-- outbox (notify, issue 7): the notifier's own statements are in db/outbox/statements.sql

-- name: insertOutboxEvent
INSERT INTO outbox_event (id, booking_id, sink, sink_credential, event_type, source, data, created_ms, state, attempts,
  next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)
