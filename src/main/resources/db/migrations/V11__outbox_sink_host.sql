-- issue 15 item 5 (delivery fairness): the host of each event's sink (OutboxEntry.hostOf: lower case,
-- no port), so that a claim can pass over the events of hosts whose delivery slots are all taken
-- (notify.perHostConcurrency). Rows written before this version carry NULL; the delivery worker sets
-- their host the first time a claim reads them.
ALTER TABLE outbox_event ADD COLUMN sink_host VARCHAR(255);
