package io.imprint.server.api;

import io.imprint.core.app.content.Content;
import io.imprint.core.app.content.ContentService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.Http;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.Query;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extension, not in IBM: volume and image content. {@code PUT /imprint/v1/volumes/{id}/content}
 * takes a raw disk or a qcow2 file (or raw bytes at {@code ?offset=N}); {@code GET …/content}
 * streams the raw disk ({@code Range} honoured, holes sent as zeros) or, with {@code
 * ?format=qcow2}, a qcow2 image. An image under a customer root key is served only as a
 * LUKS-encrypted qcow2, its passphrase wrapped by the root key in {@value #ENCRYPTED_DATA_KEY}.
 */
public final class ContentApi {
  /** The header of an encrypted download's passphrase, wrapped by the image's root key. */
  public static final String ENCRYPTED_DATA_KEY = "Imprint-Encrypted-Data-Key";

  private static final Logger log = LoggerFactory.getLogger(ContentApi.class);
  private final Http http;
  private final ContentService content;

  public ContentApi(Http http, ContentService content) {
    this.http = http;
    this.content = content;
  }

  public void putVolumeContent(Context ctx) throws IOException {
    long written =
        content.putVolumeContent(
            ctx.pathParam("id"),
            offset(ctx),
            ctx.req().getContentLengthLong(),
            ctx.bodyInputStream());
    var body = Json.object();
    body.put("bytes_written", written);
    http.json(ctx, 200, body);
  }

  public void getVolumeContent(Context ctx) throws IOException {
    stream(ctx, content.getVolumeContent(ctx.pathParam("id"), format(ctx), ctx.header("Range")));
  }

  public void getImageContent(Context ctx) throws IOException {
    stream(ctx, content.getImageContent(ctx.pathParam("id"), format(ctx), ctx.header("Range")));
  }

  private static void stream(Context ctx, Content body) throws IOException {
    ctx.status(body.partial() ? 206 : 200);
    ctx.contentType("application/octet-stream");
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Content-Length", Long.toString(body.length()));
    if (body.encryptedDataKey() != null) {
      ctx.header(ENCRYPTED_DATA_KEY, body.encryptedDataKey());
    }
    if (body.partial()) {
      ctx.header(
          "Content-Range",
          "bytes "
              + body.offset()
              + "-"
              + (body.offset() + body.length() - 1)
              + "/"
              + body.total());
    }
    if (ctx.method().name().equals("HEAD")) {
      return;
    }
    var out = ctx.outputStream();
    try {
      body.writeTo(out);
      out.flush();
    } catch (RuntimeException e) {
      // headers are gone: the only honest signal left is to cut the stream short
      log.error(
          "content stream of {} failed after the response started; the connection is closed",
          ctx.path(),
          e);
      ctx.res().getOutputStream().close();
      throw new IOException("content stream failed", e);
    }
  }

  private static Long offset(Context ctx) {
    var value = ctx.queryParam("offset");
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
          "offset must be a whole number of bytes.",
          Target.parameter("offset", value));
    }
  }

  private static ContentService.Format format(Context ctx) {
    var value = http(ctx).enumValue("format", Set.of("raw", "qcow2"));
    return "qcow2".equals(value) ? ContentService.Format.QCOW2 : ContentService.Format.RAW;
  }

  private static Query http(Context ctx) {
    return new Query(ctx);
  }
}
