package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/**
 * What billing needs of a session from the broker's tables; none of it changes over the session's
 * life, so it is cached.
 *
 * @param sessionId the session
 * @param customer the account that pays
 * @param purchaseOrder the order it charges
 * @param hostId the broker's id of the host
 * @param hostOperator the host's operator account, who is paid
 * @param hostKey the host's enrolled key: it must have signed the records and the agreement
 * @param region the leased machine's region, when the broker knew it
 * @param currency the order's currency
 */
public record SessionFacts(
    UUID sessionId,
    UUID customer,
    UUID purchaseOrder,
    UUID hostId,
    UUID hostOperator,
    Ed25519PublicKey hostKey,
    Optional<String> region,
    Currency currency) {
  public SessionFacts {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(customer, "customer is null");
    requireNonNull(purchaseOrder, "purchaseOrder is null");
    requireNonNull(hostId, "hostId is null");
    requireNonNull(hostOperator, "hostOperator is null");
    requireNonNull(hostKey, "hostKey is null");
    requireNonNull(region, "region is null");
    requireNonNull(currency, "currency is null");
  }
}
