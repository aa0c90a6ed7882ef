-- issue 16 stage (c), first part: a device's activation is carried by its assignment row instead of an
-- ACTIVATE row in job. sub_due_ms is when the device's subscription is next due to be made (NULL: nothing
-- due); sub_attempts counts the claims of that due time; with sub_lease_owner and sub_due_ms it is the
-- claim token (a claim settles only while owner, attempt and due time still match); sub_error is the last
-- failure (kept with sub_due_ms NULL when the activation was given up).
ALTER TABLE assignment ADD COLUMN sub_due_ms BIGINT;
ALTER TABLE assignment ADD COLUMN sub_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE assignment ADD COLUMN sub_error VARCHAR(512);
ALTER TABLE assignment ADD COLUMN sub_lease_owner VARCHAR(64);
ALTER TABLE assignment ADD COLUMN sub_lease_until BIGINT;
CREATE INDEX assignment_sub_due_ix ON assignment (sub_due_ms);
-- pending ACTIVATE jobs of an existing assignment move onto it (the earliest, if a device had several;
-- its claim, if any, is kept: a scheduler of the old version settling it finds its row gone and the
-- lease runs out, after which the activation, idempotent, runs again)
UPDATE assignment SET
  sub_due_ms = (SELECT MIN(j.due_ms) FROM job j WHERE j.booking_id = assignment.booking_id
    AND j.device_key = assignment.device_key AND j.kind = 'ACTIVATE' AND j.state = 'PENDING'),
  sub_attempts = (SELECT MAX(j.attempts) FROM job j WHERE j.booking_id = assignment.booking_id
    AND j.device_key = assignment.device_key AND j.kind = 'ACTIVATE' AND j.state = 'PENDING'),
  sub_lease_owner = (SELECT MAX(j.lease_owner) FROM job j WHERE j.booking_id = assignment.booking_id
    AND j.device_key = assignment.device_key AND j.kind = 'ACTIVATE' AND j.state = 'PENDING'),
  sub_lease_until = (SELECT MAX(j.lease_until) FROM job j WHERE j.booking_id = assignment.booking_id
    AND j.device_key = assignment.device_key AND j.kind = 'ACTIVATE' AND j.state = 'PENDING')
WHERE EXISTS (SELECT 1 FROM job j WHERE j.booking_id = assignment.booking_id
  AND j.device_key = assignment.device_key AND j.kind = 'ACTIVATE' AND j.state = 'PENDING');
-- the moved ones; an ACTIVATE of a device no longer assigned stays a job row and runs as before (it finds
-- nothing to activate)
DELETE FROM job WHERE kind = 'ACTIVATE' AND state = 'PENDING'
  AND EXISTS (SELECT 1 FROM assignment a WHERE a.booking_id = job.booking_id AND a.device_key = job.device_key);
