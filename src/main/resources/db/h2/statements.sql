-- H2 overrides of db/statements.sql

-- name: ensureDeviceLock
MERGE INTO device_lock (device_key) KEY (device_key) VALUES (?)

-- name: dueJobs
-- In the order of the (state, due_ms) index, so that H2 reads the first rows of the index instead of
-- sorting every due job: ties in due time come in the index's row order, which is the order of
-- insertion. That is the order jobOrder asks for: a booking's START or END job is written when the
-- booking is, long before the device jobs it writes when it runs, and those come booking by booking.
SELECT id FROM job WHERE state = 'PENDING' AND due_ms <= ? AND (lease_until IS NULL OR lease_until < ?)
ORDER BY state, due_ms LIMIT ?

-- name: dueAssignments
-- in the order of the sub_due_ms index (no sort of every due row); ties come in the index's row order
SELECT booking_id, device_key FROM assignment
WHERE sub_due_ms <= ? AND (sub_lease_until IS NULL OR sub_lease_until < ?)
ORDER BY sub_due_ms LIMIT ?
