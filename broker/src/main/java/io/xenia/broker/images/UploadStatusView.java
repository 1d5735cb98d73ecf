package io.xenia.broker.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Which chunks of a part the broker holds: resume an upload by sending the {@code missing} ones.
 */
@Serdeable
@Schema(name = "ImageUploadStatus")
public record UploadStatusView(
    UUID imageId,
    String part,
    @Schema(allowableValues = {"uploading", "fetching", "available", "failed"}) String imageStatus,
    boolean verified,
    int chunkSize,
    int chunkCount,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Integer> present,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Integer> missing) {}
