-- A usage-batch carries many records in one Kafka record, and each member that fails its checks is a dead letter of
-- its own (docs/billing.md "Usage batches"): the key gets the member's index, 0 for a record shipped alone or a whole
-- batch that could not be opened. Rows written before keep 0, which is what they were.
ALTER TABLE dead_letter ADD COLUMN source_index integer NOT NULL DEFAULT 0 CHECK (source_index >= 0);
ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_pkey;
ALTER TABLE dead_letter ADD PRIMARY KEY (source_topic, source_partition, source_offset, source_index);
