package io.xenia.broker.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;

/** A session as the API shows it. */
@Serdeable
@Schema(name = "Session")
public record SessionView(
    UUID id,
    @Schema(description = "Sessions created by one request share it.") UUID groupId,
    UUID accountId,
    UUID purchaseOrderId,
    UUID hostId,
    String machineId,
    @Nullable
        @Schema(
            description =
                "The region of the machine's offer (its location), as placement saw it; absent for"
                    + " sessions from before regions were recorded.")
        String region,
    @Schema(
            allowableValues = {
              "requested",
              "admitted",
              "provisioning",
              "running",
              "paused",
              "failed",
              "ended"
            })
        String state,
    @Nullable
        @Schema(
            allowableValues = {
              "customer",
              "expired",
              "funds-exhausted",
              "host-unreachable",
              "host-reclaimed",
              "provisioning-failed",
              "admin"
            })
        String endReason,
    @Schema(description = "GET /v1/sessions/{id}/agreement: the envelope signed by both parties.")
        String agreementId,
    MoneyAmount pricePerHour,
    @Schema(
            description =
                "What the session holds of its purchase order: what may still accrue, and once"
                    + " ended what is owed but not yet charged.")
        MoneyAmount reserved,
    @Schema(
            description =
                "The agreed price for the time leased so far (to the end, once ended): what the"
                    + " session owes; billing charges it.")
        MoneyAmount accrued,
    @Schema(description = "What has been charged to the purchase order so far.") MoneyAmount spent,
    @Schema(description = "The agreed start: the host's admission.") Instant leaseStart,
    @Nullable @Schema(description = "Absent: open-ended.") Instant leaseEnd,
    @Nullable @Schema(description = "Set once running.") Connection connection,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant endedAt,
    @Nullable @Schema(description = "While paused: since when (nothing accrues).") Instant pausedAt,
    @Nullable
        @Schema(
            description =
                "While paused: when it ends (funds-exhausted) unless its purchase order can hold"
                    + " the next period by then.")
        Instant graceUntil,
    @Nullable @Schema(description = "The registered image it boots; absent: the driver's default.")
        UUID imageId) {

  /** How to log in: {@code ssh -p port user@host}. */
  @Serdeable
  @Schema(name = "SessionConnection")
  public record Connection(String host, int port, String user) {}

  static SessionView of(SessionEntity s) {
    Currency c = Currency.getInstance(s.currency.trim());
    return new SessionView(
        s.id,
        s.groupId,
        s.accountId,
        s.purchaseOrderId,
        s.hostId,
        s.machineId,
        s.region,
        s.state,
        s.endReason,
        s.agreementId,
        MoneyAmount.of(Money.ofMicros(c, s.pricePerHourMicros)),
        MoneyAmount.of(Money.ofMicros(c, s.reservedMicros)),
        MoneyAmount.of(s.accrued(java.time.Instant.now())),
        MoneyAmount.of(Money.ofMicros(c, s.spentMicros)),
        s.leaseStart,
        s.leaseEnd,
        s.sshHost == null || s.sshPort == null
            ? null
            : new Connection(s.sshHost, s.sshPort, s.sshUser == null ? "root" : s.sshUser),
        s.createdAt,
        s.updatedAt,
        s.endedAt,
        s.pausedAt,
        s.graceUntil,
        s.imageId);
  }
}
