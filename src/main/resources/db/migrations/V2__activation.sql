-- durable jobs of the scheduler; times are epoch milliseconds (UTC)
-- no foreign key to booking: a teardown job outlives the booking it tears down
CREATE TABLE job (
  id VARCHAR(36) PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  booking_id VARCHAR(36) NOT NULL,
  device_key VARCHAR(128),
  due_ms BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  last_error VARCHAR(512),
  lease_owner VARCHAR(64),
  lease_until BIGINT,
  updated_ms BIGINT NOT NULL
);
CREATE INDEX job_due_ix ON job (state, due_ms);
CREATE INDEX job_updated_ix ON job (updated_ms);

-- one AsSessionWithQoS subscription per booked device: the intent is written before each NEF call,
-- the result after it; the token (also in notificationDestination) recognises it on the NEF
CREATE TABLE nef_subscription (
  booking_id VARCHAR(36) NOT NULL,
  device_key VARCHAR(128) NOT NULL,
  state VARCHAR(16) NOT NULL,
  token VARCHAR(64) NOT NULL,
  resource_url VARCHAR(2048),
  last_event VARCHAR(64),
  last_event_ms BIGINT,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (booking_id, device_key),
  CONSTRAINT nef_subscription_token_uq UNIQUE (token)
);
CREATE INDEX nef_subscription_state_ix ON nef_subscription (state, updated_ms);
