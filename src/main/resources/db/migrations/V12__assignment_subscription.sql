-- issue 16 stage (c), second part: a device's AsSessionWithQoS subscription record lives on its
-- assignment row while that row lives, so that an activation writes its intent and its result on the
-- row it is claimed on (the result in the same statement as the ACTIVE move and the claim's completion)
-- instead of inserting and updating a row of nef_subscription. The columns mean what nef_subscription's
-- did (sub_state NULL: no subscription recorded for this assignment).
-- nef_subscription stays, for leftovers only: when an assignment row goes (a release, a booking deleted
-- or purged) while the NEF may still hold its subscription (PENDING_CREATE, ACTIVE, PENDING_DELETE), the
-- record moves there in the same transaction, and the DEACTIVATE and the reconciler finish it there.
ALTER TABLE assignment ADD COLUMN sub_state VARCHAR(16);
ALTER TABLE assignment ADD COLUMN sub_token VARCHAR(64);
ALTER TABLE assignment ADD COLUMN sub_url VARCHAR(2048);
ALTER TABLE assignment ADD COLUMN sub_event VARCHAR(64);
ALTER TABLE assignment ADD COLUMN sub_event_ms BIGINT;
ALTER TABLE assignment ADD COLUMN sub_updated_ms BIGINT;
-- callbacks find a subscription by its token (NULLs do not collide in either dialect)
CREATE UNIQUE INDEX assignment_sub_token_uq ON assignment (sub_token);
-- existing records of a device still assigned move onto its assignment row (the same one row per
-- booking and device as before); the others stay where they are, as leftovers
UPDATE assignment SET
  sub_state = (SELECT s.state FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key),
  sub_token = (SELECT s.token FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key),
  sub_url = (SELECT s.resource_url FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key),
  sub_event = (SELECT s.last_event FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key),
  sub_event_ms = (SELECT s.last_event_ms FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key),
  sub_updated_ms = (SELECT s.updated_ms FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
    AND s.device_key = assignment.device_key)
WHERE EXISTS (SELECT 1 FROM nef_subscription s WHERE s.booking_id = assignment.booking_id
  AND s.device_key = assignment.device_key);
DELETE FROM nef_subscription WHERE EXISTS (SELECT 1 FROM assignment a
  WHERE a.booking_id = nef_subscription.booking_id AND a.device_key = nef_subscription.device_key);
