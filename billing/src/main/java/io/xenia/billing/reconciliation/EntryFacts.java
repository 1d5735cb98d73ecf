package io.xenia.billing.reconciliation;

import java.time.Instant;
import java.util.UUID;

/** A journal entry billing made in the range that no usage charge names, with its postings. */
public record EntryFacts(
    UUID entryId,
    String kind,
    String currency,
    String reference,
    Instant createdAt,
    BookPostings postings) {}
