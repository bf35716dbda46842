package io.imprint.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.event.Refusal;
import io.imprint.core.domain.event.ResourceKind;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a refused request to change something as a failure event: the route's IAM action, the
 * resource its path names (the top-level one: an instance for its volume attachments), the status
 * and error. Reads are not changes and are not recorded, unless IAM refused them (401, 403); nor
 * are paths no route serves. IAM's refusals of what belongs to no resource (regions, the clock, the
 * audit trail) have the account as their target. A caller without a valid token costs no more than
 * {@link #UNAUTHENTICATED_PER_MINUTE} events a minute from its address, so that a flood of
 * anonymous calls cannot fill the disk with the audit trail. Recording never fails the response:
 * the caller gets its error either way.
 */
public final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);
  static final int UNAUTHENTICATED_PER_MINUTE = 20;

  private final List<Route> routes;
  private final EventRecorder recorder;
  private final Cache<String, AtomicInteger> unauthenticated =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

  public Refusals(List<Route> routes, EventRecorder recorder) {
    this.routes = routes;
    this.recorder = recorder;
  }

  void record(Context ctx, ApiException e) {
    int status = e.code().httpStatus();
    // a refused read changes nothing, so it is no event, unless IAM refused it: who tried to read
    // what they may not is the audit trail's business
    if (ctx.method().name().equals("GET") && status != 401 && status != 403) {
      return;
    }
    if (status == 401
        && unauthenticated.get(ctx.ip(), ip -> new AtomicInteger()).incrementAndGet()
            > UNAUTHENTICATED_PER_MINUTE) {
      return;
    }
    try {
      var refusal = refusal(ctx.method().name(), ctx.path(), e);
      if (refusal != null) {
        recorder.recordRefusal(refusal);
      }
    } catch (RuntimeException x) {
      log.warn(
          "the failure event of {} {} [{}] could not be recorded",
          ctx.method(),
          ctx.path(),
          RequestIds.of(ctx),
          x);
    }
  }

  /** The refusal of {@code method path}, or null when no change route serves it. */
  Refusal refusal(String method, String path, ApiException e) {
    var given = segments(path);
    for (var route : routes) {
      var template = segments(route.path());
      if (!route.method().name().equals(method) || !matches(template, given)) {
        continue;
      }
      // /v1/<collection>/{id}/…, /v2/resource_groups/{id}, /imprint/v1/<collection>/{id}/…
      int version = template.indexOf("v1") >= 0 ? template.indexOf("v1") : template.indexOf("v2");
      var kind =
          version < 0 || version + 1 >= template.size()
              ? Optional.<ResourceKind>empty()
              : ResourceKind.ofCollection(template.get(version + 1));
      int status = e.code().httpStatus();
      if (kind.isEmpty()) {
        // what belongs to no resource is the account's: IAM's refusals of it are events too
        return status == 401 || status == 403
            ? new Refusal(
                route.iamAction(),
                ResourceKind.ACCOUNT,
                null,
                status,
                e.code().code(),
                e.getMessage())
            : null;
      }
      int at = version + 2;
      var id = at < given.size() && template.get(at).startsWith("{") ? given.get(at) : null;
      return new Refusal(
          route.iamAction(), kind.get(), id, status, e.code().code(), e.getMessage());
    }
    return null;
  }

  private static boolean matches(List<String> template, List<String> given) {
    if (template.size() != given.size()) {
      return false;
    }
    for (int i = 0; i < template.size(); i++) {
      var t = template.get(i);
      if (!(t.startsWith("{") ? !given.get(i).isEmpty() : t.equals(given.get(i)))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> segments(String path) {
    var trimmed = path.replaceAll("^/+|/+$", "");
    return List.of(trimmed.split("/", -1));
  }
}
