-- issue 15: a 410 Gone ends the subscription of the booking whose sink answered it, not the sink URL
-- for every booking and consumer; rows are purged with their booking
DROP TABLE outbox_gone_sink;
CREATE TABLE outbox_gone_sink (
  booking_id VARCHAR(36) NOT NULL,
  sink VARCHAR(2048) NOT NULL,
  gone_ms BIGINT NOT NULL,
  PRIMARY KEY (booking_id, sink)
);
