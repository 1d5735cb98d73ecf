package io.xenia.broker.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Row of {@code session}. */
@Entity
@Table(name = "session")
public class SessionEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  @Column(name = "purchase_order_id")
  UUID purchaseOrderId;

  @Column(name = "group_id")
  UUID groupId;

  @Column(name = "host_id")
  UUID hostId;

  @Column(name = "machine_id")
  String machineId;

  /** The region of the machine's offer (its location), for billing's reports; null before V014. */
  String region;

  String state;

  @Column(name = "end_reason")
  String endReason;

  @Column(name = "agreement_id")
  String agreementId;

  byte[] agreement;

  String currency;

  @Column(name = "price_per_hour_micros")
  long pricePerHourMicros;

  @Column(name = "reserved_micros")
  long reservedMicros;

  @Column(name = "spent_micros")
  long spentMicros;

  @Column(name = "lease_start")
  Instant leaseStart;

  @Column(name = "lease_end")
  Instant leaseEnd;

  @Column(name = "ssh_host")
  String sshHost;

  @Column(name = "ssh_port")
  Integer sshPort;

  @Column(name = "ssh_user")
  String sshUser;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;

  @Column(name = "ended_at")
  Instant endedAt;

  /** Since when the session is paused (only while {@code paused}). */
  @Column(name = "paused_at")
  Instant pausedAt;

  /** When a paused session ends unless money came (only while {@code paused}). */
  @Column(name = "grace_until")
  Instant graceUntil;

  /** Time spent paused in earlier pauses: it accrues nothing. */
  @Column(name = "paused_millis")
  long pausedMillis;

  @Column(name = "image_id")
  UUID imageId;

  @Column(name = "image_kind")
  String imageKind;

  @Column(name = "image_parts")
  String imageParts;

  /** Further SSH keys beyond the agreement's, one OpenSSH line each, newline-separated. */
  @Column(name = "further_ssh_keys")
  String furtherSshKeys;

  protected SessionEntity() {}

  /** The keys the machine gets beside the agreement's customer key. */
  java.util.List<String> furtherSshKeys() {
    return furtherSshKeys == null
        ? java.util.List.of()
        : java.util.List.of(furtherSshKeys.split("\n"));
  }

  /** Remembers the further keys (each already checked to be one clean line). */
  void keepFurtherSshKeys(java.util.List<String> keys) {
    this.furtherSshKeys = keys.isEmpty() ? null : String.join("\n", keys);
  }

  /** The registered image it boots, or empty for the driver's default. */
  Optional<SessionImage> image() {
    return imageId == null
        ? Optional.empty()
        : Optional.of(SessionImage.decode(imageId, imageKind, imageParts));
  }

  /** Pauses a running session until {@code graceUntil} (its purchase order ran out). */
  void pause(Instant now, Instant graceUntil) {
    moveTo(SessionState.PAUSED, Optional.empty(), now);
    this.pausedAt = now;
    this.graceUntil = graceUntil;
  }

  SessionState state() {
    return SessionState.fromWireName(state).orElseThrow();
  }

  Optional<EndReason> endReason() {
    return Optional.ofNullable(endReason).flatMap(EndReason::fromWireName);
  }

  /** Accrued and not yet charged (never negative). */
  long unpaid(Instant now) {
    return Math.max(0, accrued(now).micros() - spentMicros);
  }

  /** The agreed price for the time leased until {@code now} (or the end, once ended). */
  io.xenia.protocol.money.Money accrued(Instant now) {
    var perHour =
        io.xenia.protocol.money.Money.ofMicros(
            java.util.Currency.getInstance(currency.trim()), pricePerHourMicros);
    Instant until = endedAt != null ? endedAt : now;
    if (leaseEnd != null && leaseEnd.isBefore(until)) {
      until = leaseEnd;
    }
    return Reservations.accrued(
        perHour,
        FundsRule.billable(leaseStart, until, pausedMillis, Optional.ofNullable(pausedAt)));
  }

  /**
   * Moves along the state machine ({@link Transition}); an end also gives back the money it held.
   */
  void moveTo(SessionState next, Optional<EndReason> reason, Instant now) {
    SessionState from = state();
    Transition.apply(from, next, reason);
    if (from == SessionState.PAUSED) {
      // The pause is over: its time joins the earlier pauses (none of it accrues).
      pausedMillis += Math.max(0, java.time.Duration.between(pausedAt, now).toMillis());
      pausedAt = null;
      graceUntil = null;
    }
    this.state = next.wireName();
    this.updatedAt = now;
    if (next.isFinal()) {
      this.endReason = reason.orElseThrow().wireName();
      this.endedAt = now;
      // Only what is owed and not yet charged stays held, until the charging sweep takes it.
      this.reservedMicros = unpaid(now);
    }
  }
}
