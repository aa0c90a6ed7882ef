-- issue 16: how many open (not TERMINATED) bookings each consumer holds, kept in the transactions that
-- insert, terminate and delete bookings, so that the per-consumer limit (booking.maxOpenPerConsumer)
-- reads one row per createBooking instead of counting the consumer's bookings (which made every
-- create cost O(bookings of the consumer)). The figure is a hint: the exact count decides whenever
-- the hint says the limit is reached, and repairs the row (see SqlBookingTx.holdsFewerOpenBookings).
CREATE TABLE owner_open (
  owner VARCHAR(256) PRIMARY KEY,
  open_count BIGINT NOT NULL
);
INSERT INTO owner_open (owner, open_count)
SELECT owner, COUNT(*) FROM booking WHERE state <> 'TERMINATED' GROUP BY owner;
