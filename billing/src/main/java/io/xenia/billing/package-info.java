/**
 * billing: consumes signed usage records from Kafka ({@code usage.v1}), rates them against
 * agreements, charges purchase orders exactly once through the ledger, and produces invoices, host
 * payouts and finance reports.
 *
 * <p>Built by issue 6. It depends on protocol only; it reaches the broker's ledger through its own
 * service and schema, never by importing the broker.
 */
package io.xenia.billing;
