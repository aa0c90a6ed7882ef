-- issue 17: the API version a booking was created through (v0.1 or v0.2); its events are written in
-- that version's terms. Bookings made before this migration were made through v0.2.
ALTER TABLE booking ADD COLUMN api_version VARCHAR(8) DEFAULT 'v0.2' NOT NULL;
