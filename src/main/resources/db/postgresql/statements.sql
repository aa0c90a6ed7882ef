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

-- name: moveSubscriptionOfDevice
INSERT INTO nef_subscription (${subscriptionColumns})
SELECT ${movedSubscriptionColumns} FROM assignment
WHERE booking_id = ? AND device_key = ? AND sub_state IN (${mayExistOnNef})
ON CONFLICT (booking_id, device_key) DO UPDATE SET ${leftoverReplaced}

-- name: moveSubscriptionsOfBooking
INSERT INTO nef_subscription (${subscriptionColumns})
SELECT ${movedSubscriptionColumns} FROM assignment WHERE booking_id = ? AND sub_state IN (${mayExistOnNef})
ON CONFLICT (booking_id, device_key) DO UPDATE SET ${leftoverReplaced}

-- name: moveSubscriptionsOfPurged
INSERT INTO nef_subscription (${subscriptionColumns})
SELECT ${movedSubscriptionColumns} FROM assignment WHERE sub_state IN (${mayExistOnNef}) AND booking_id IN
  (SELECT id FROM booking WHERE (due_kind IS NULL OR due_kind <> 'END')
    AND ((state = 'TERMINATED' AND terminated_ms <= ?) OR (state <> 'TERMINATED' AND end_ms <= ?)))
ON CONFLICT (booking_id, device_key) DO UPDATE SET ${leftoverReplaced}

-- name: leftoverReplaced
state = EXCLUDED.state, token = EXCLUDED.token, resource_url = EXCLUDED.resource_url,
last_event = EXCLUDED.last_event, last_event_ms = EXCLUDED.last_event_ms, updated_ms = EXCLUDED.updated_ms
