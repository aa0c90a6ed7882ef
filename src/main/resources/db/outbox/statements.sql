-- Statements of the notifier's outbox (tables in V4__outbox.sql), '?' placeholders.
-- A name ending in .h2 or .postgresql is the variant for that dialect.

-- name: outboxColumns
seq, id, booking_id, sink, sink_credential, event_type, source, data, created_ms, attempts,
(SELECT b.owner FROM booking b WHERE b.id = outbox_event.booking_id)

-- Heads of the booking queues that are due and not leased: an event waits while an earlier event
-- of its booking is still PENDING (leased or not), which keeps per-booking order. ${busyHosts} is
-- replaced by OutboxStore: nothing, or a condition passing over the hosts whose delivery slots are
-- all taken (issue 15 item 5); a NULL sink_host (row older than V11) is never passed over.
-- name: candidates
SELECT e.seq, e.sink_host, e.sink FROM outbox_event e
WHERE e.state = 'PENDING' AND e.next_attempt_ms <= ? AND (e.lease_until_ms IS NULL OR e.lease_until_ms < ?)
  AND NOT EXISTS (SELECT 1 FROM outbox_event p WHERE p.booking_id = e.booking_id AND p.state = 'PENDING' AND p.seq < e.seq)
  ${busyHosts}
ORDER BY e.seq LIMIT ?

-- name: candidates.postgresql
SELECT e.seq, e.sink_host, e.sink FROM outbox_event e
WHERE e.state = 'PENDING' AND e.next_attempt_ms <= ? AND (e.lease_until_ms IS NULL OR e.lease_until_ms < ?)
  AND NOT EXISTS (SELECT 1 FROM outbox_event p WHERE p.booking_id = e.booking_id AND p.state = 'PENDING' AND p.seq < e.seq)
  ${busyHosts}
ORDER BY e.seq LIMIT ? FOR UPDATE OF e SKIP LOCKED

-- The host of a row written before V11, set when a claim first reads it.
-- name: setSinkHost
UPDATE outbox_event SET sink_host = ? WHERE seq = ? AND sink_host IS NULL

-- Compare-and-set claim: succeeds (1 row) only if nobody holds a live lease; safe on H2 as well.
-- name: claim
UPDATE outbox_event SET lease_owner = ?, lease_until_ms = ?, attempts = attempts + 1
WHERE seq = ? AND state = 'PENDING' AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms < ?)

-- name: claimed
SELECT ${outboxColumns} FROM outbox_event WHERE seq = ? AND lease_owner = ?

-- name: finish
UPDATE outbox_event SET state = ?, last_error = ?, finished_ms = ?, lease_owner = NULL, lease_until_ms = NULL
WHERE seq = ? AND lease_owner = ?

-- name: retry
UPDATE outbox_event SET next_attempt_ms = ?, last_error = ?, lease_owner = NULL, lease_until_ms = NULL
WHERE seq = ? AND lease_owner = ?

-- A 410 Gone is scoped to the booking whose sink answered it (issue 15).
-- name: dropForSink
UPDATE outbox_event SET state = 'GONE', last_error = 'sink answered 410 Gone', finished_ms = ?
WHERE booking_id = ? AND sink = ? AND state = 'PENDING' AND (lease_until_ms IS NULL OR lease_until_ms < ?)

-- name: markGone.h2
MERGE INTO outbox_gone_sink (booking_id, sink, gone_ms) KEY (booking_id, sink) VALUES (?, ?, ?)

-- name: markGone.postgresql
INSERT INTO outbox_gone_sink (booking_id, sink, gone_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING

-- name: isGone
SELECT 1 FROM outbox_gone_sink WHERE booking_id = ? AND sink = ?

-- Gone marks go with their booking (bookings are purged after their end).
-- name: purgeGone
DELETE FROM outbox_gone_sink WHERE NOT EXISTS (SELECT 1 FROM booking b WHERE b.id = outbox_gone_sink.booking_id)

-- name: backlog
SELECT COUNT(*), MIN(created_ms) FROM outbox_event WHERE state = 'PENDING'

-- name: purgeFinished
DELETE FROM outbox_event WHERE finished_ms IS NOT NULL AND finished_ms <= ?
