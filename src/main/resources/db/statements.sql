-- Named SQL statements, '?' placeholders (PostgreSQL's $n are generated), ':keys' expands to a list.
-- Per-dialect files db/<dialect>/statements.sql override entries of the same name.

-- name: bookingColumns
id, owner, api, qos_profile, start_time, start_ms, end_ms, duration_s, service_area, total_devices,
remaining_devices, state, reason, sink, sink_credential, device_json, device_key, device_from_token, flows,
created_ms, started_ms, terminated_ms, version, api_version

-- name: insertBooking
-- with its START due at its start (V8); handed off to the in-process scheduler, it is written claimed
INSERT INTO booking (${bookingColumns}, due_kind, due_ms, due_attempts, lease_owner, lease_until)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'START', ?, ?, ?, ?)

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
-- the owner's bookings first, newest first, at most the limit: the first row also tells whether only
-- other consumers' bookings hold the device
SELECT ${bookingColumns} FROM booking WHERE state <> 'TERMINATED' AND api = ? AND id IN
  (SELECT booking_id FROM assignment WHERE device_key = ? AND end_ms > ?)
ORDER BY CASE WHEN owner = ? THEN 0 ELSE 1 END, created_ms DESC, start_ms DESC LIMIT ?

-- name: openBookingsHint
SELECT open_count FROM owner_open WHERE owner = ?

-- name: countOpenBookingsOfOwner
-- the exact count, only when the hint says the limit is reached: open = not terminated and not ended
-- at ?; the second column is what owner_open keeps (not terminated), to repair the hint
SELECT COUNT(*), SUM(CASE WHEN end_ms > ? THEN 1 ELSE 0 END) FROM booking WHERE owner = ? AND state <> 'TERMINATED'

-- name: setOpenBookings
UPDATE owner_open SET open_count = ? WHERE owner = ?

-- name: addOpenBooking
MERGE INTO owner_open t USING (SELECT CAST(? AS VARCHAR(256)) AS owner) s ON t.owner = s.owner
WHEN MATCHED THEN UPDATE SET open_count = t.open_count + 1
WHEN NOT MATCHED THEN INSERT (owner, open_count) VALUES (s.owner, 1)

-- name: incrementOpenBookings
UPDATE owner_open SET open_count = open_count + 1 WHERE owner = ?

-- name: releaseOpenBooking
-- before a booking is deleted or made TERMINATED: one open booking fewer if it was open
UPDATE owner_open SET open_count = open_count - 1
WHERE open_count > 0 AND owner = (SELECT owner FROM booking WHERE id = ? AND state <> 'TERMINATED')

-- name: releaseOpenBookingOfVersion
-- the same, before an update of that version of the booking makes it TERMINATED
UPDATE owner_open SET open_count = open_count - 1
WHERE open_count > 0 AND owner = (SELECT owner FROM booking WHERE id = ? AND version = ? AND state <> 'TERMINATED')

-- name: countByState
SELECT state, COUNT(*) FROM booking GROUP BY state

-- name: dueForExpiry
SELECT id FROM booking WHERE state <> 'TERMINATED' AND end_ms <= ? ORDER BY end_ms LIMIT ?

-- name: purgeEndedBefore
-- never a booking whose END has yet to run: its row is that job (a START that never ran put nothing on the NEF)
DELETE FROM booking WHERE (due_kind IS NULL OR due_kind <> 'END')
  AND ((state = 'TERMINATED' AND terminated_ms <= ?) OR (state <> 'TERMINATED' AND end_ms <= ?))

-- name: assignmentColumns
booking_id, device_key, device_json, state, three_legged, sink, sink_credential, assigned_ms

-- name: insertAssignment
INSERT INTO assignment (${assignmentColumns}, start_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: assignments
SELECT ${assignmentColumns} FROM assignment WHERE booking_id = ? ORDER BY assigned_ms, device_key

-- name: assignmentsOfDevices
SELECT ${assignmentColumns} FROM assignment WHERE booking_id = ? AND device_key IN (:keys)

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

-- name: updateAssignmentState
UPDATE assignment SET state = ? WHERE booking_id = ? AND device_key = ?

-- name: jobColumns
id, kind, booking_id, device_key, due_ms, attempts

-- name: insertJob
-- a job handed off to the in-process scheduler (store/HandOff) is written claimed: attempt 1, leased
INSERT INTO job (id, kind, booking_id, device_key, due_ms, state, attempts, updated_ms, lease_owner, lease_until)
VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)

-- name: jobOrder
-- Among jobs due at the same time: the bookings' START/END first (they write the device jobs), then the
-- device jobs booking by booking, so that one batch holds the devices of few bookings: its activation
-- (BatchActivator) and deactivation (BatchDeactivator) lock and read each booking's rows once.
CASE WHEN kind IN ('START', 'END') THEN 0 ELSE 1 END, booking_id, device_key, id

-- name: dueJobs
SELECT id FROM job WHERE state = 'PENDING' AND due_ms <= ? AND (lease_until IS NULL OR lease_until < ?)
ORDER BY due_ms, ${jobOrder} LIMIT ?

-- name: claimJobsIn
-- the claim on H2, in the transaction that read the due ids: only free jobs are taken
UPDATE job SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_ms = ?
WHERE id IN (:keys) AND state = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)

-- name: claimedJobs
SELECT ${jobColumns} FROM job WHERE id IN (:keys) AND lease_owner = ? AND lease_until = ?

-- name: completeJob
-- the claim settles only while its owner and attempt (the claim token) still hold the job
UPDATE job SET state = 'DONE', lease_owner = NULL, lease_until = NULL, updated_ms = ?
WHERE id = ? AND lease_owner = ? AND attempts = ?

-- name: retryJob
UPDATE job SET due_ms = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_ms = ?
WHERE id = ? AND lease_owner = ? AND attempts = ?

-- name: failJob
UPDATE job SET state = 'FAILED', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_ms = ?
WHERE id = ? AND lease_owner = ? AND attempts = ?

-- name: renewJobLease
-- issue 15 item 11: a running job's lease is extended while its work (NEF calls) runs
UPDATE job SET lease_until = ? WHERE id = ? AND state = 'PENDING' AND lease_owner = ? AND attempts = ?

-- name: nextDueJob
SELECT MIN(t.due) FROM (
  SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > due_ms THEN lease_until ELSE due_ms END) AS due
  FROM job WHERE state = 'PENDING'
  UNION ALL
  SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > due_ms THEN lease_until ELSE due_ms END) AS due
  FROM booking WHERE due_ms IS NOT NULL
  UNION ALL
  SELECT MIN(CASE WHEN sub_lease_until IS NOT NULL AND sub_lease_until > sub_due_ms THEN sub_lease_until ELSE sub_due_ms END)
  AS due FROM assignment WHERE sub_due_ms < 253402300799999) t

-- name: jobCounts
-- the bookings' own START/END count as pending jobs, a given-up END as a failed one; so do the
-- assignments' own activations (V10; sub_due_ms 253402300799999, 9999-12-31T23:59:59.999Z, marks one given up)
SELECT state, COUNT(*) FROM job WHERE state IN ('PENDING', 'FAILED') GROUP BY state
UNION ALL
SELECT CASE WHEN due_kind = 'FAILED' THEN 'FAILED' ELSE 'PENDING' END, COUNT(*) FROM booking
WHERE due_kind IS NOT NULL GROUP BY CASE WHEN due_kind = 'FAILED' THEN 'FAILED' ELSE 'PENDING' END
UNION ALL
SELECT 'PENDING', COUNT(*) FROM assignment WHERE sub_due_ms < 253402300799999
UNION ALL
SELECT 'FAILED', COUNT(*) FROM assignment WHERE sub_due_ms = 253402300799999

-- name: bookingDueColumns
id, due_kind, due_ms, due_attempts

-- name: dueBookings
SELECT id FROM booking WHERE due_ms <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY due_ms LIMIT ?

-- name: claimBookingsIn
-- the claim on H2, in the transaction that read the due ids: only bookings still due and free are taken
UPDATE booking SET lease_owner = ?, lease_until = ?, due_attempts = due_attempts + 1
WHERE id IN (:keys) AND due_ms <= ? AND (lease_until IS NULL OR lease_until < ?)

-- name: claimedBookings
SELECT ${bookingDueColumns} FROM booking WHERE id IN (:keys) AND lease_owner = ? AND lease_until = ?

-- name: completeBookingDue
-- a START done makes the END due at the booking's end; an END done leaves nothing due
UPDATE booking SET due_kind = CASE WHEN due_kind = 'START' THEN 'END' END,
  due_ms = CASE WHEN due_kind = 'START' THEN end_ms END, due_attempts = 0, due_error = NULL,
  lease_owner = NULL, lease_until = NULL
WHERE id = ? AND due_kind = ? AND lease_owner = ? AND due_attempts = ?

-- name: retryBookingDue
UPDATE booking SET due_ms = ?, due_error = ?, lease_owner = NULL, lease_until = NULL
WHERE id = ? AND due_kind = ? AND lease_owner = ? AND due_attempts = ?

-- name: failBookingDue
-- a START given up still leaves its END due (the window closes, the devices are released); an END given up is FAILED
UPDATE booking SET due_kind = CASE WHEN due_kind = 'START' THEN 'END' ELSE 'FAILED' END,
  due_ms = CASE WHEN due_kind = 'START' THEN end_ms END, due_attempts = 0, due_error = ?,
  lease_owner = NULL, lease_until = NULL
WHERE id = ? AND due_kind = ? AND lease_owner = ? AND due_attempts = ?

-- name: renewBookingLease
UPDATE booking SET lease_until = ? WHERE id = ? AND due_kind = ? AND lease_owner = ? AND due_attempts = ?

-- name: assignmentJobColumns
booking_id, device_key, sub_due_ms, sub_attempts

-- name: dueActivation
-- a device's activation on its assignment row (V10), one batch statement for the devices of a booking:
-- due at ?, free (attempt 0) or handed off (attempt 1, leased by the hand-off's owner)
UPDATE assignment SET sub_due_ms = ?, sub_attempts = ?, sub_lease_owner = ?, sub_lease_until = ?, sub_error = NULL
WHERE booking_id = ? AND device_key = ?

-- name: dueAssignments
SELECT booking_id, device_key FROM assignment
WHERE sub_due_ms <= ? AND (sub_lease_until IS NULL OR sub_lease_until < ?)
ORDER BY sub_due_ms, booking_id, device_key LIMIT ?

-- name: claimAssignment
-- the claim on H2 (one batch statement), in the transaction that read the due keys: only rows still due and free
UPDATE assignment SET sub_lease_owner = ?, sub_lease_until = ?, sub_attempts = sub_attempts + 1
WHERE booking_id = ? AND device_key = ? AND sub_due_ms <= ? AND (sub_lease_until IS NULL OR sub_lease_until < ?)

-- name: claimedAssignments
SELECT ${assignmentJobColumns} FROM assignment
WHERE booking_id IN (:keys) AND sub_lease_owner = ? AND sub_lease_until = ? AND sub_due_ms IS NOT NULL

-- name: completeActivation
-- the claim settles only while its owner, attempt and due time (the claim token) still hold the row
UPDATE assignment SET sub_due_ms = NULL, sub_error = NULL, sub_lease_owner = NULL, sub_lease_until = NULL
WHERE booking_id = ? AND device_key = ? AND sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ?

-- name: moveAndCompleteActivation
-- the result of an activation in one write of its row: the assignment's new state and the subscription's
-- result (NULL: unchanged), and the claim settled where its owner, attempt and due time (the claim token)
-- still hold the row (each CASE reads the row as it was before this statement)
UPDATE assignment SET state = COALESCE(?, state), sub_state = COALESCE(?, sub_state), sub_url = COALESCE(?, sub_url),
  sub_updated_ms = COALESCE(?, sub_updated_ms),
  sub_due_ms = CASE WHEN sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ? THEN NULL ELSE sub_due_ms END,
  sub_error = CASE WHEN sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ? THEN NULL ELSE sub_error END,
  sub_lease_until = CASE WHEN sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ? THEN NULL ELSE sub_lease_until END,
  sub_lease_owner = CASE WHEN sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ? THEN NULL ELSE sub_lease_owner END
WHERE booking_id = ? AND device_key = ?

-- name: retryActivation
UPDATE assignment SET sub_due_ms = ?, sub_error = ?, sub_lease_owner = NULL, sub_lease_until = NULL
WHERE booking_id = ? AND device_key = ? AND sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ?

-- name: failActivation
-- given up: marked by a due time that never comes (counted as a failed job until the booking is purged)
UPDATE assignment SET sub_due_ms = 253402300799999, sub_error = ?, sub_lease_owner = NULL, sub_lease_until = NULL
WHERE booking_id = ? AND device_key = ? AND sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ?

-- name: renewActivationLease
UPDATE assignment SET sub_lease_until = ?
WHERE booking_id = ? AND device_key = ? AND sub_lease_owner = ? AND sub_attempts = ? AND sub_due_ms = ?

-- name: purgeJobs
DELETE FROM job WHERE state IN ('DONE', 'FAILED') AND updated_ms <= ?

-- name: subscriptionColumns
booking_id, device_key, state, token, resource_url, last_event, last_event_ms, updated_ms

-- name: assignmentSubscriptionColumns
-- a subscription record on its assignment row (V12), in the order of subscriptionColumns
booking_id, device_key, sub_state, sub_token, sub_url, sub_event, sub_event_ms, sub_updated_ms

-- name: intendSubscription
-- a new intent (fresh token) on the device's assignment row, replacing the record it held, one batch statement
UPDATE assignment SET sub_state = ?, sub_token = ?, sub_url = ?, sub_event = ?, sub_event_ms = ?, sub_updated_ms = ?
WHERE booking_id = ? AND device_key = ?

-- name: updateSubscription
-- a record on its assignment row, only while the row holds the record's token
UPDATE assignment SET sub_state = ?, sub_token = ?, sub_url = ?, sub_event = ?, sub_event_ms = ?, sub_updated_ms = ?
WHERE booking_id = ? AND device_key = ? AND sub_token = ?

-- name: updateLeftover
-- a record left in nef_subscription by an assignment row that went (V12)
UPDATE nef_subscription SET state = ?, token = ?, resource_url = ?, last_event = ?, last_event_ms = ?, updated_ms = ?
WHERE booking_id = ? AND device_key = ? AND token = ?

-- name: insertLeftover
INSERT INTO nef_subscription (${subscriptionColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)

-- name: lockAssignmentSubscriptions
SELECT ${assignmentSubscriptionColumns} FROM assignment
WHERE booking_id = ? AND device_key IN (:keys) AND sub_state IS NOT NULL FOR UPDATE

-- name: lockLeftovers
SELECT ${subscriptionColumns} FROM nef_subscription WHERE booking_id = ? AND device_key IN (:keys) FOR UPDATE

-- name: subscriptionsOfBooking
-- the last column tells a leftover (1) from a record on its assignment row (0)
SELECT ${assignmentSubscriptionColumns}, 0 FROM assignment WHERE booking_id = ? AND sub_state IS NOT NULL
UNION ALL
SELECT ${subscriptionColumns}, 1 FROM nef_subscription WHERE booking_id = ?

-- name: subscriptionByToken
SELECT ${assignmentSubscriptionColumns} FROM assignment WHERE sub_token = ?
UNION ALL
SELECT ${subscriptionColumns} FROM nef_subscription WHERE token = ?

-- name: subscriptionsInState
-- no index on assignment.sub_state: the reconciler's sweep reads the table once per round
SELECT ${assignmentSubscriptionColumns} FROM assignment WHERE sub_state = ?
UNION ALL
SELECT ${subscriptionColumns} FROM nef_subscription WHERE state = ?

-- name: activeSubscriptionCount
SELECT (SELECT COUNT(*) FROM assignment WHERE sub_state = 'ACTIVE')
  + (SELECT COUNT(*) FROM nef_subscription WHERE state = 'ACTIVE')

-- name: purgeSubscriptions
-- leftovers only: a record on an assignment row goes with the row
DELETE FROM nef_subscription WHERE state IN ('DELETED', 'FAILED') AND updated_ms <= ?

-- name: mayExistOnNef
'PENDING_CREATE', 'ACTIVE', 'PENDING_DELETE'

-- name: movedSubscriptionColumns
-- a record moved to nef_subscription: every removal of an assignment row is followed by the DEACTIVATE
-- of its device (a release), or by its booking's END (a delete) or comes after it (a purge), so the
-- move records the intent to delete (PENDING_DELETE, the DEACTIVATE then writes no intent of its own)
booking_id, device_key, 'PENDING_DELETE', sub_token, sub_url, sub_event, sub_event_ms, sub_updated_ms

-- name: moveSubscriptionOfDevice
-- before an assignment row is deleted (a release): a subscription the NEF may hold becomes a leftover,
-- replacing an earlier leftover of the same booking and device (one batch statement for the devices)
MERGE INTO nef_subscription (${subscriptionColumns}) KEY (booking_id, device_key)
SELECT ${movedSubscriptionColumns} FROM assignment
WHERE booking_id = ? AND device_key = ? AND sub_state IN (${mayExistOnNef})

-- name: moveSubscriptionsOfBooking
-- the same before a booking is deleted (its assignments go with it)
MERGE INTO nef_subscription (${subscriptionColumns}) KEY (booking_id, device_key)
SELECT ${movedSubscriptionColumns} FROM assignment WHERE booking_id = ? AND sub_state IN (${mayExistOnNef})

-- name: moveSubscriptionsOfPurged
-- the same before purgeEndedBefore (same arguments, same condition)
MERGE INTO nef_subscription (${subscriptionColumns}) KEY (booking_id, device_key)
SELECT ${movedSubscriptionColumns} FROM assignment WHERE sub_state IN (${mayExistOnNef}) AND booking_id IN
  (SELECT id FROM booking WHERE (due_kind IS NULL OR due_kind <> 'END')
    AND ((state = 'TERMINATED' AND terminated_ms <= ?) OR (state <> 'TERMINATED' AND end_ms <= ?)))

-- outbox (notify, issue 7): the notifier's own statements are in db/outbox/statements.sql

-- name: insertOutboxEvent
INSERT INTO outbox_event (id, booking_id, sink, sink_credential, event_type, source, data, created_ms, state, attempts,
  next_attempt_ms, sink_host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)
