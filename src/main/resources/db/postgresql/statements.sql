-- PostgreSQL overrides of db/statements.sql

-- name: ensureDeviceLock
INSERT INTO device_lock (device_key) VALUES (?) ON CONFLICT DO NOTHING

-- name: migrationLock
SELECT pg_advisory_xact_lock(7432001)

-- name: claimJobs
UPDATE job SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_ms = ?
WHERE id IN (SELECT id FROM job WHERE state = 'PENDING' AND due_ms <= ? AND (lease_until IS NULL OR lease_until < ?)
  ORDER BY due_ms, ${jobOrder} LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING ${jobColumns}

-- name: claimBookings
UPDATE booking SET lease_owner = ?, lease_until = ?, due_attempts = due_attempts + 1
WHERE id IN (SELECT id FROM booking WHERE due_ms <= ? AND (lease_until IS NULL OR lease_until < ?)
  ORDER BY due_ms LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING ${bookingDueColumns}

-- name: addOpenBooking
INSERT INTO owner_open (owner, open_count) VALUES (?, 1)
ON CONFLICT (owner) DO UPDATE SET open_count = owner_open.open_count + 1

-- name: claimAssignments
UPDATE assignment SET sub_lease_owner = ?, sub_lease_until = ?, sub_attempts = sub_attempts + 1
WHERE (booking_id, device_key) IN (SELECT booking_id, device_key FROM assignment
  WHERE sub_due_ms <= ? AND (sub_lease_until IS NULL OR sub_lease_until < ?)
  ORDER BY sub_due_ms, booking_id, device_key LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING ${assignmentJobColumns}
