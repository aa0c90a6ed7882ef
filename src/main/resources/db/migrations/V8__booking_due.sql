-- issue 16 stage (b): a booking carries its own next due time instead of START and END rows in job.
-- due_kind START (due at start_ms) becomes END (due at end_ms) when the START ran, then NULL when the
-- END ran (FAILED when the END was given up). due_attempts counts the claims of the current due
-- time and is the claim token: a claim's settling writes only while owner and attempt still match.
-- A deleted booking's teardown END stays a row in job (the booking row is gone).
ALTER TABLE booking ADD COLUMN due_kind VARCHAR(8);
ALTER TABLE booking ADD COLUMN due_ms BIGINT;
ALTER TABLE booking ADD COLUMN due_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE booking ADD COLUMN due_error VARCHAR(512);
ALTER TABLE booking ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE booking ADD COLUMN lease_until BIGINT;
CREATE INDEX booking_due_ix ON booking (due_ms);
-- existing pending END, then START jobs (a START pending means its END is pending too) move onto their booking
UPDATE booking SET due_kind = 'END',
  due_ms = (SELECT MIN(j.due_ms) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'END' AND j.state = 'PENDING'),
  due_attempts = (SELECT MAX(j.attempts) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'END' AND j.state = 'PENDING'),
  lease_owner = (SELECT MAX(j.lease_owner) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'END' AND j.state = 'PENDING'),
  lease_until = (SELECT MAX(j.lease_until) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'END' AND j.state = 'PENDING')
WHERE EXISTS (SELECT 1 FROM job j WHERE j.booking_id = booking.id AND j.kind = 'END' AND j.state = 'PENDING');
UPDATE booking SET due_kind = 'START',
  due_ms = (SELECT MIN(j.due_ms) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'START' AND j.state = 'PENDING'),
  due_attempts = (SELECT MAX(j.attempts) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'START' AND j.state = 'PENDING'),
  lease_owner = (SELECT MAX(j.lease_owner) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'START' AND j.state = 'PENDING'),
  lease_until = (SELECT MAX(j.lease_until) FROM job j WHERE j.booking_id = booking.id AND j.kind = 'START' AND j.state = 'PENDING')
WHERE EXISTS (SELECT 1 FROM job j WHERE j.booking_id = booking.id AND j.kind = 'START' AND j.state = 'PENDING');
DELETE FROM job WHERE kind IN ('START', 'END') AND state = 'PENDING'
  AND EXISTS (SELECT 1 FROM booking b WHERE b.id = job.booking_id);
