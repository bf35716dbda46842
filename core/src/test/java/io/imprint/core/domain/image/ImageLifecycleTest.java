package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image lifecycle's rules as a user meets them: which action each status allows, the guards on
 * dates, the steps of a capture, and a random walk over the rules.
 */
class ImageLifecycleTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  /**
   * Every status an image can be in; {@code deleting} is IBM's, never entered here (a delete is
   * immediate).
   */
  static Stream<ImageStatus> statuses() {
    return Stream.of(ImageStatus.values()).filter(s -> s != DELETING);
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void only_an_available_image_can_be_deprecated(ImageStatus status) {
    var image = image(status, null, null);
    if (status == AVAILABLE) {
      assertThat(ImageLifecycle.deprecate(image, NOW).status()).isEqualTo(DEPRECATED);
    } else {
      assertThatThrownBy(() -> ImageLifecycle.deprecate(image, NOW))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("Only an available image can be deprecated");
    }
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void an_available_or_deprecated_image_can_be_made_obsolete(ImageStatus status) {
    var image = image(status, status == DEPRECATED ? NOW.minusSeconds(1) : null, null);
    if (status == AVAILABLE || status == DEPRECATED) {
      assertThat(ImageLifecycle.obsolete(image, NOW).status()).isEqualTo(OBSOLETE);
    } else {
      assertThatThrownBy(() -> ImageLifecycle.obsolete(image, NOW))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("can be made obsolete");
    }
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void dates_can_be_changed_on_every_image_but_a_failed_or_unusable_one(ImageStatus status) {
    // a settled image's dates agree with its status; an obsolete one can only have a passed date
    // cleared
    var image =
        image(
            status,
            status == DEPRECATED ? NOW.minusSeconds(1) : null,
            status == OBSOLETE ? NOW.minusSeconds(1) : null);
    var patch =
        status == OBSOLETE
            ? new ImagePatch(null, null, false, null, true, null)
            : new ImagePatch(null, null, false, NOW.plusSeconds(60), false, null);
    if (status == FAILED || status == UNUSABLE) {
      assertThatThrownBy(() -> ImageLifecycle.schedule(image, patch, NOW))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("cannot be set on an image that is " + status.wire());
    } else {
      assertThat(ImageLifecycle.schedule(image, patch, NOW).status())
          .isEqualTo(status == OBSOLETE ? AVAILABLE : status);
    }
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void only_a_pending_image_starts_finishes_fails_or_is_cancelled(ImageStatus status) {
    var image = image(status, null, null);
    if (status == PENDING) {
      assertThat(ImageLifecycle.creationStarted(image).statusReasons())
          .containsExactly(ImageLifecycle.IN_PROGRESS);
      assertThat(ImageLifecycle.contentReady(image, NOW).status()).isEqualTo(AVAILABLE);
      assertThat(ImageLifecycle.creationFailed(image, List.of()).status()).isEqualTo(FAILED);
      assertThat(ImageLifecycle.creationCancelled(image).statusReasons())
          .containsExactly(ImageLifecycle.CANCELLED);
    } else {
      assertThatThrownBy(() -> ImageLifecycle.creationStarted(image))
          .isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> ImageLifecycle.contentReady(image, NOW))
          .isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> ImageLifecycle.creationFailed(image, List.of()))
          .isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> ImageLifecycle.creationCancelled(image))
          .isInstanceOf(ApiException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void an_own_image_can_be_deleted_in_every_status_even_while_its_content_is_being_written(
      ImageStatus status) {
    ImageLifecycle.requireDeletable(image(status, null, null), "acct");
    if (status == PENDING) {
      ImageLifecycle.requireDeletable(
          ImageLifecycle.creationStarted(image(PENDING, null, null)), "acct");
    }
    assertThatThrownBy(() -> ImageLifecycle.requireDeletable(image(status, null, null), "another"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("belongs to another account");
  }

  @Test
  void the_scheduler_moves_only_settled_images_whose_date_has_come() {
    assertThat(ImageLifecycle.due(image(AVAILABLE, NOW, null), NOW).status()).isEqualTo(DEPRECATED);
    assertThat(
            ImageLifecycle.due(image(AVAILABLE, NOW.minusSeconds(2), NOW.minusSeconds(1)), NOW)
                .status())
        .isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.due(image(DEPRECATED, NOW.minusSeconds(2), NOW), NOW).status())
        .isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.due(image(AVAILABLE, NOW.plusMillis(1), null), NOW)).isNull();
    assertThat(ImageLifecycle.due(image(DEPRECATED, NOW.minusSeconds(1), null), NOW))
        .as("already applied")
        .isNull();
    assertThat(ImageLifecycle.due(image(PENDING, NOW.minusSeconds(1), null), NOW))
        .as("dates wait for the content")
        .isNull();
    assertThat(ImageLifecycle.due(image(FAILED, NOW.minusSeconds(1), null), NOW)).isNull();
  }

  @Test
  void the_stock_catalogs_dates_move_a_status_back_but_leave_forward_moves_to_the_scheduler() {
    var past = NOW.minusSeconds(60);
    var future = NOW.plusSeconds(60);
    // an older data dir's undated image given passed dates: still available, and now due
    var dated =
        ImageLifecycle.catalogDates(image(AVAILABLE, null, null), past.minusSeconds(1), past, NOW);
    assertThat(dated.status()).isEqualTo(AVAILABLE);
    assertThat(dated.obsolescenceAt()).isEqualTo(past);
    assertThat(ImageLifecycle.due(dated, NOW).status()).isEqualTo(OBSOLETE);
    // an end of support moved later takes an obsolete image back to deprecated at once
    var extended =
        ImageLifecycle.catalogDates(
            image(OBSOLETE, past.minusSeconds(1), past), past.minusSeconds(1), future, NOW);
    assertThat(extended.status()).isEqualTo(DEPRECATED);
    assertThat(ImageLifecycle.due(extended, NOW)).isNull();
  }

  static Image image(ImageStatus status, Instant deprecationAt, Instant obsolescenceAt) {
    return new Image(
        "r006-i",
        "img",
        new Image.State(status, List.of(), deprecationAt, obsolescenceAt),
        new Image.Owner(Image.Visibility.PRIVATE, "acct", "g", false),
        new Image.File(1, "x", 100, "none", null),
        new Image.Origin(
            "debian-12-amd64", "cloud_init", null, AllowedUse.unconstrained("2026-01-01")),
        NOW,
        0);
  }

  static ImagePatch patch(
      Instant deprecationAt,
      boolean clearDeprecation,
      Instant obsolescenceAt,
      boolean clearObsolescence) {
    return new ImagePatch(
        null, deprecationAt, clearDeprecation, obsolescenceAt, clearObsolescence, null);
  }

  @Test
  void deprecate_sets_the_date_to_now_and_needs_no_date_at_all() {
    var state = ImageLifecycle.deprecate(image(AVAILABLE, null, null), NOW);
    assertThat(state.status()).isEqualTo(DEPRECATED);
    assertThat(state.deprecationAt()).isEqualTo(NOW);
    assertThatThrownBy(
            () -> ImageLifecycle.deprecate(image(AVAILABLE, NOW.plusSeconds(60), null), NOW))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("clear it with PATCH");
    assertThatThrownBy(
            () -> ImageLifecycle.deprecate(image(DEPRECATED, NOW.minusSeconds(1), null), NOW))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void obsolete_refuses_a_future_deprecation_and_any_obsolescence_date() {
    assertThat(ImageLifecycle.obsolete(image(DEPRECATED, NOW.minusSeconds(5), null), NOW).status())
        .isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.obsolete(image(AVAILABLE, null, null), NOW).obsolescenceAt())
        .isEqualTo(NOW);
    assertThatThrownBy(
            () -> ImageLifecycle.obsolete(image(AVAILABLE, NOW.plusSeconds(5), null), NOW))
        .hasMessageContaining("clear deprecation_at");
    assertThatThrownBy(
            () -> ImageLifecycle.obsolete(image(AVAILABLE, null, NOW.plusSeconds(5)), NOW))
        .hasMessageContaining("obsolescence_at");
  }

  @Test
  void clearing_dates_walks_back_as_ibm_says() {
    var obsolete = image(OBSOLETE, NOW.minusSeconds(10), NOW.minusSeconds(5));
    assertThat(ImageLifecycle.schedule(obsolete, patch(null, false, null, true), NOW).status())
        .isEqualTo(DEPRECATED);
    var obsoleteNoDeprecation = image(OBSOLETE, null, NOW.minusSeconds(5));
    assertThat(
            ImageLifecycle.schedule(obsoleteNoDeprecation, patch(null, false, null, true), NOW)
                .status())
        .isEqualTo(AVAILABLE);
    var deprecated = image(DEPRECATED, NOW.minusSeconds(10), null);
    assertThat(ImageLifecycle.schedule(deprecated, patch(null, true, null, false), NOW).status())
        .isEqualTo(AVAILABLE);
  }

  @Test
  void dates_must_be_future_ordered_and_a_passed_date_can_only_be_cleared() {
    var available = image(AVAILABLE, null, null);
    assertThatThrownBy(
            () ->
                ImageLifecycle.schedule(
                    available, patch(NOW.minusSeconds(1), false, null, false), NOW))
        .hasMessageContaining("future");
    assertThatThrownBy(
            () ->
                ImageLifecycle.schedule(
                    available, patch(NOW.plusSeconds(20), false, NOW.plusSeconds(10), false), NOW))
        .hasMessageContaining("earlier");
    var deprecated = image(DEPRECATED, NOW.minusSeconds(10), null);
    assertThatThrownBy(
            () ->
                ImageLifecycle.schedule(
                    deprecated, patch(NOW.plusSeconds(10), false, null, false), NOW))
        .hasMessageContaining("only be cleared");
    assertThatThrownBy(
            () ->
                ImageLifecycle.schedule(
                    image(FAILED, null, null), patch(NOW.plusSeconds(10), false, null, false), NOW))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void dates_that_passed_while_pending_apply_when_the_content_is_ready() {
    assertThat(ImageLifecycle.contentReady(image(PENDING, NOW.minusSeconds(5), null), NOW).status())
        .isEqualTo(DEPRECATED);
    assertThat(
            ImageLifecycle.contentReady(
                    image(PENDING, NOW.minusSeconds(5), NOW.minusSeconds(1)), NOW)
                .status())
        .isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.contentReady(image(PENDING, NOW.plusSeconds(5), null), NOW).status())
        .isEqualTo(AVAILABLE);
  }

  /**
   * Thousands of random actions, patches and clock moves on a few images: after every step a
   * settled image's status agrees with its dates and the clock, and deprecation never comes after
   * obsolescence.
   */
  @Test
  void a_random_walk_keeps_status_and_dates_in_agreement() {
    var random = new Random(20261123);
    var images = new ArrayList<Image>();
    for (int i = 0; i < 5; i++) {
      images.add(image(AVAILABLE, null, null));
    }
    var now = NOW;
    int applied = 0;
    for (int step = 0; step < 20_000; step++) {
      int which = random.nextInt(images.size());
      var img = images.get(which);
      var at = now;
      try {
        Image next =
            switch (random.nextInt(6)) {
              case 0 -> ImageLifecycle.deprecate(img, at);
              case 1 -> ImageLifecycle.obsolete(img, at);
              case 2 ->
                  ImageLifecycle.schedule(
                      img,
                      patch(
                          random.nextBoolean() ? at.plusSeconds(1 + random.nextInt(500)) : null,
                          random.nextInt(4) == 0,
                          random.nextBoolean() ? at.plusSeconds(1 + random.nextInt(1000)) : null,
                          random.nextInt(4) == 0),
                      at);
              case 3 -> ImageLifecycle.due(img, at);
              default -> null;
            };
        if (next != null) {
          images.set(which, next);
          applied++;
        }
      } catch (ApiException refused) {
        // a refusal changes nothing
      }
      if (random.nextInt(5) == 0) {
        now = now.plus(Duration.ofSeconds(random.nextInt(120)));
        // the scheduler catches up after the clock moves
        for (int i = 0; i < images.size(); i++) {
          var next = ImageLifecycle.due(images.get(i), now);
          if (next != null) {
            images.set(i, next);
          }
        }
      }
      for (var each : images) {
        assertThat(each.status())
            .as("step %d", step)
            .isEqualTo(ImageTransitions.byDates(each.deprecationAt(), each.obsolescenceAt(), now));
        if (each.deprecationAt() != null && each.obsolescenceAt() != null) {
          // schedules are strictly ordered; the manual actions stamp "now", so deprecate and
          // obsolete in the same
          // millisecond give equal dates
          assertThat(each.deprecationAt())
              .as("step %d", step)
              .isBeforeOrEqualTo(each.obsolescenceAt());
        }
      }
    }
    assertThat(applied).isGreaterThan(1000);
  }
}
