package io.xenia.broker.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/sessions}: a machine by id, or {@code count} machines matching a query. */
@Serdeable
@Schema(name = "CreateSession")
public record CreateSessionRequest(
    @NotNull @Schema(description = "The caller's open purchase order that pays.")
        UUID purchaseOrderId,
    @Nullable @Schema(description = "With machineId: this host's machine (the broker's host id).")
        UUID hostId,
    @Nullable String machineId,
    @Nullable
        @Schema(
            description = "Instead of hostId/machineId: the offer query language, e.g. cpu>=2",
            example = "cpu>=2 region=eu-*")
        String query,
    @Nullable @Schema(description = "With query: how many machines (default 1, at most 16).")
        Integer count,
    @Nullable @Schema(description = "Group: no two machines of one host operator.")
        Boolean distinctOwners,
    @Nullable @Schema(description = "Group: all machines in one region.") Boolean sameRegion,
    @Nullable
        @Schema(
            description =
                "Group (count > 1): every pair of machines' hosts within this estimated round-trip"
                    + " time in ms (the search index's RTT estimates), 1..60000.")
        Long maxRttMillis,
    @Nullable
        @Schema(
            description =
                "A registered image of the caller's (POST /v1/images) that is available; absent:"
                    + " the driver's default image. Kinds: rootfs for netns machines,"
                    + " kernel-initrd or disk for QEMU machines.")
        UUID imageId,
    @NotEmpty
        @Schema(
            description =
                "OpenSSH public keys (at most 16); the first must be ssh-ed25519 (it becomes the"
                    + " agreement's customer key); every key goes into the machine's"
                    + " authorized_keys (further ones: ssh-ed25519, ssh-rsa, ecdsa-sha2-*, sk-*).")
        List<String> sshPublicKeys,
    @Nullable
        @Schema(
            description =
                "Lease length in seconds (60 s … the order's term); absent: open-ended, holding"
                    + " xenia.sessions.minimum-period of the price")
        Long durationSeconds) {}
