-- Reconciliation looks up, for each gap in a session's charged sequence numbers, the dead letters that claim
-- numbers of the gap (a refused record is not a lost one). Dead letters are rare, so the index costs little.
CREATE INDEX dead_letter_by_claimed_sequence ON dead_letter (session_id, sequence) WHERE session_id IS NOT NULL;
