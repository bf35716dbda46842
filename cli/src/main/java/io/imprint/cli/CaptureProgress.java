package io.imprint.cli;

import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import java.util.Locale;

/**
 * {@code --wait} for a new image: polls Imprint's capture endpoint ({@code
 * /imprint/v1/images/{id}/capture}) and the image until it leaves {@code pending}. On a terminal a
 * bar is redrawn in place (percent, bytes, rate, ETA); elsewhere a plain line is written at each
 * tenth of the way, so logs stay short. Progress goes to stderr, the result to stdout.
 */
final class CaptureProgress {
  private static final long POLL_MILLIS = 250;
  private static final int BAR = 30;
  private final Session session;
  private final boolean quiet;
  private int lastTenth = -1;
  private boolean drew;

  CaptureProgress(Session session, boolean quiet) {
    this.session = session;
    this.quiet = quiet;
  }

  JsonObject await(String id) {
    var client = session.client();
    while (true) {
      // progress first: a capture that ends before the first poll still shows its 100 %
      report(capture(id));
      var image = client.getImage(id);
      if (!"pending".equals(Json.text(image, "status"))) {
        finish(image);
        return image;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(
            "interrupted while waiting for image " + id + "; it is still being created");
      }
    }
  }

  private JsonObject capture(String id) {
    try {
      return session.client().getImageCapture(id);
    } catch (ApiError e) {
      return null; // finished between the two requests: the next image read tells
    }
  }

  private void report(JsonObject capture) {
    if (quiet || capture == null) {
      return;
    }
    long done = number(capture, "bytes_done");
    long total = number(capture, "bytes_total");
    double fraction = total <= 0 ? 0 : Math.min(1, (double) done / total);
    var state = Json.text(capture, "state");
    var rate =
        capture.has("rate_bytes_per_second")
            ? bytes(number(capture, "rate_bytes_per_second")) + "/s"
            : "-";
    var eta = capture.has("eta_seconds") ? duration(number(capture, "eta_seconds")) : "-";
    var err = session.env.err();
    if (session.env.terminal()) {
      int filled = (int) Math.round(fraction * BAR);
      err.printf(
          Locale.ROOT,
          "\r%-11s [%s%s] %3d%%  %s / %s  %s  ETA %s\u001b[K",
          state,
          "#".repeat(filled),
          ".".repeat(BAR - filled),
          (int) (fraction * 100),
          bytes(done),
          bytes(total),
          rate,
          eta);
      drew = true;
    } else {
      int tenth = (int) (fraction * 10);
      if (tenth == lastTenth) {
        return;
      }
      lastTenth = tenth;
      err.printf(
          Locale.ROOT,
          "%s: %d%% (%s of %s, %s, ETA %s)%n",
          state,
          (int) (fraction * 100),
          bytes(done),
          bytes(total),
          rate,
          eta);
    }
    err.flush();
  }

  private void finish(JsonObject image) {
    if (quiet) {
      return;
    }
    var err = session.env.err();
    if (drew) {
      err.println();
    }
    err.println("Image " + Json.text(image, "id") + " is " + Json.text(image, "status") + ".");
    err.flush();
  }

  private static long number(JsonObject o, String member) {
    var value = o.get(member);
    return value == null || value.isJsonNull() ? 0 : value.getAsLong();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    var units = new String[] {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
