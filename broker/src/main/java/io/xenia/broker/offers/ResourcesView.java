package io.xenia.broker.offers;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.protocol.records.Resources;

/** Machine resources as the API shows them; units in the names. */
@Serdeable
@Schema(name = "Resources")
public record ResourcesView(
    int cpuCores,
    long memoryMiB,
    long diskGiB,
    long networkMbps,
    int gpuCount,
    @Schema(description = "empty when there is no GPU") String gpuModel) {
  static ResourcesView of(Resources r) {
    return new ResourcesView(
        r.cpuCores(), r.memoryMiB(), r.diskGiB(), r.networkMbps(), r.gpuCount(), r.gpuModel());
  }
}
