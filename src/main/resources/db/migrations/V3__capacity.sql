-- admission control (issue 9)
-- one row per (zone, profile) that has a limit: every admission decision of that pair locks it
-- FOR UPDATE (in zone, profile order) for the rest of the createBooking transaction
CREATE TABLE capacity_lock (
  zone VARCHAR(64) NOT NULL,
  profile VARCHAR(256) NOT NULL,
  PRIMARY KEY (zone, profile)
);

-- the devices a booking holds in a zone, for its profile: its window [start, end) cut into pieces of
-- at most 6 hours, so that the pieces overlapping a window [s, e) all start within [s - 6h, e): an
-- index range scan whatever the size of the calendar. A piece counts while its booking is not
-- TERMINATED; deleting the booking deletes its pieces.
CREATE TABLE capacity_claim (
  booking_id VARCHAR(36) NOT NULL,
  zone VARCHAR(64) NOT NULL,
  profile VARCHAR(256) NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  devices INTEGER NOT NULL,
  PRIMARY KEY (booking_id, zone, start_ms),
  CONSTRAINT capacity_claim_booking_fk FOREIGN KEY (booking_id) REFERENCES booking (id) ON DELETE CASCADE
);
CREATE INDEX capacity_claim_window_ix ON capacity_claim (zone, profile, start_ms, end_ms);
