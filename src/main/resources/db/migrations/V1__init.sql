-- bookings of both APIs; times are epoch milliseconds (UTC), JSON kept as text for echo
CREATE TABLE booking (
  id VARCHAR(36) PRIMARY KEY,
  owner VARCHAR(256) NOT NULL,
  api VARCHAR(8) NOT NULL,
  qos_profile VARCHAR(256) NOT NULL,
  start_time VARCHAR(64) NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  duration_s BIGINT NOT NULL,
  service_area VARCHAR NOT NULL,
  total_devices INTEGER NOT NULL,
  remaining_devices INTEGER NOT NULL,
  state VARCHAR(16) NOT NULL,
  reason VARCHAR(32),
  sink VARCHAR(2048),
  sink_credential VARCHAR,
  device_json VARCHAR,
  device_key VARCHAR(128),
  device_from_token BOOLEAN NOT NULL,
  flows VARCHAR,
  created_ms BIGINT NOT NULL,
  started_ms BIGINT,
  terminated_ms BIGINT,
  version BIGINT NOT NULL,
  CONSTRAINT booking_remaining_ck CHECK (remaining_devices >= 0 AND remaining_devices <= total_devices)
);
CREATE INDEX booking_owner_ix ON booking (owner, created_ms);
CREATE INDEX booking_end_ix ON booking (state, end_ms);
CREATE INDEX booking_terminated_ix ON booking (terminated_ms);

-- one row per device assigned to a booking; the booking window is copied for overlap checks
CREATE TABLE assignment (
  booking_id VARCHAR(36) NOT NULL,
  device_key VARCHAR(128) NOT NULL,
  device_json VARCHAR NOT NULL,
  state VARCHAR(16) NOT NULL,
  three_legged BOOLEAN NOT NULL,
  sink VARCHAR(2048),
  sink_credential VARCHAR,
  assigned_ms BIGINT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  PRIMARY KEY (booking_id, device_key),
  CONSTRAINT assignment_booking_fk FOREIGN KEY (booking_id) REFERENCES booking (id) ON DELETE CASCADE
);
CREATE INDEX assignment_device_ix ON assignment (device_key, end_ms, start_ms);

-- one row per device key ever assigned: locked FOR UPDATE to serialise assignments of a device
CREATE TABLE device_lock (
  device_key VARCHAR(128) PRIMARY KEY
);
