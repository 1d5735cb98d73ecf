package io.xenia.broker.images;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.IdempotentResponses;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Images: register, upload in chunks (resumable), read, list, delete. */
@Controller("/v1/images")
@ProblemResponse
@Tag(name = "Images")
@Validated
class ImageController {
  private final ImageService images;

  ImageController(ImageService images) {
    this.images = images;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "registerImage",
      summary = "Register an image",
      description =
          "Declares the image's parts (sha256, size, format). Parts with a url are fetched and"
              + " verified by the broker (status fetching); others are uploaded in chunks"
              + " (status uploading). The image is available when every part verified. Counts"
              + " against the account's image quota from now on.")
  CompletableFuture<MutableHttpResponse<ImageView>> register(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
      @Body @Valid RegisterImageRequest request) {
    return images
        .register(caller, request, IdempotencyKey.ofHeader(idempotencyKey))
        .thenApply(IdempotentResponses::created);
  }

  @Get("/{id}")
  @Operation(operationId = "getImage", summary = "Read an image")
  CompletableFuture<ImageView> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return images.get(caller, id);
  }

  @Get
  @Operation(operationId = "listImages", summary = "List images, oldest first (staff: all)")
  CompletableFuture<Page<ImageView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    return images.list(caller, PageRequest.of(pageToken, limit));
  }

  @Delete("/{id}")
  @Status(HttpStatus.NO_CONTENT)
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Operation(
      operationId = "deleteImage",
      summary = "Delete an image; blobs no other image uses are removed")
  void delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    images.delete(caller, id);
  }

  @Get("/{id}/parts/{part}/chunks")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Operation(
      operationId = "getImageUploadStatus",
      summary = "Which chunks of a part the broker holds (resume by sending the missing ones)")
  UploadStatusView chunks(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id, String part) {
    return images.uploadStatus(caller, id, part);
  }

  @Put("/{id}/parts/{part}/chunks/{index}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Operation(
      operationId = "uploadImageChunk",
      summary = "Upload one chunk of a part",
      description =
          "Chunk n covers bytes [n*chunkSize, min((n+1)*chunkSize, size)). Content-Digest"
              + " (RFC 9530, sha-256) is required and checked. Sending a chunk again replaces"
              + " it. The chunk that completes a part triggers the part's verification (size,"
              + " sha256, format); on a mismatch the part's chunks are discarded and the"
              + " problem returned.")
  UploadStatusView putChunk(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      String part,
      int index,
      @Nullable @Header(ContentDigest.HEADER) String contentDigest,
      @Body byte[] bytes) {
    return images.putChunk(caller, id, part, index, contentDigest, bytes);
  }
}
