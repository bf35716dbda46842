package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageLifecycle.Event;
import io.imprint.core.domain.image.ImageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every status × event pair of the image lifecycle table, the guards beside it, and a random walk over the rules. */
class ImageLifecycleTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static final Map<Event, EnumSet<ImageStatus>> EXPECTED = Map.of(
      Event.DEPRECATE, EnumSet.of(AVAILABLE),
      Event.OBSOLETE, EnumSet.of(AVAILABLE, DEPRECATED),
      Event.DEPRECATION_DUE, EnumSet.of(AVAILABLE),
      Event.OBSOLESCENCE_DUE, EnumSet.of(AVAILABLE, DEPRECATED),
      Event.SCHEDULE_CHANGE, EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE, PENDING, PARTIALLY_AVAILABLE, UNUSABLE),
      Event.CONTENT_READY, EnumSet.of(PENDING),
      Event.CREATION_FAILED, EnumSet.of(PENDING),
      Event.DELETE, EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE, FAILED, PENDING, PARTIALLY_AVAILABLE, UNUSABLE));

  static Stream<Arguments> pairs() {
    var out = new ArrayList<Arguments>();
    for (var status : ImageStatus.values()) {
      for (var event : Event.values()) {
        out.add(Arguments.of(status, event, EXPECTED.get(event).contains(status)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{1} in {0}: allowed={2}")
  @MethodSource("pairs")
  void the_table_allows_exactly_the_documented_pairs(ImageStatus status, Event event, boolean allowed) {
    assertThat(ImageLifecycle.allows(status, event)).isEqualTo(allowed);
  }

  static Image image(ImageStatus status, Instant deprecationAt, Instant obsolescenceAt) {
    return new Image("r006-i", "img", status, List.of(), Image.Visibility.PRIVATE, "acct", "none", null, 1, "x", 100,
        "debian-12-amd64", "cloud_init", "g", false, AllowedUse.unconstrained("2026-01-01"), deprecationAt, obsolescenceAt, null, NOW, 0);
  }

  @Test
  void deprecate_sets_the_date_to_now_and_needs_no_date_at_all() {
    var state = ImageLifecycle.deprecate(image(AVAILABLE, null, null), NOW);
    assertThat(state.status()).isEqualTo(DEPRECATED);
    assertThat(state.deprecationAt()).isEqualTo(NOW);
    assertThatThrownBy(() -> ImageLifecycle.deprecate(image(AVAILABLE, NOW.plusSeconds(60), null), NOW))
        .isInstanceOf(ApiException.class).hasMessageContaining("clear it with PATCH");
    assertThatThrownBy(() -> ImageLifecycle.deprecate(image(DEPRECATED, NOW.minusSeconds(1), null), NOW)).isInstanceOf(ApiException.class);
  }

  @Test
  void obsolete_refuses_a_future_deprecation_and_any_obsolescence_date() {
    assertThat(ImageLifecycle.obsolete(image(DEPRECATED, NOW.minusSeconds(5), null), NOW).status()).isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.obsolete(image(AVAILABLE, null, null), NOW).obsolescenceAt()).isEqualTo(NOW);
    assertThatThrownBy(() -> ImageLifecycle.obsolete(image(AVAILABLE, NOW.plusSeconds(5), null), NOW)).hasMessageContaining("clear deprecation_at");
    assertThatThrownBy(() -> ImageLifecycle.obsolete(image(AVAILABLE, null, NOW.plusSeconds(5)), NOW)).hasMessageContaining("obsolescence_at");
  }

  @Test
  void clearing_dates_walks_back_as_ibm_says() {
    var obsolete = image(OBSOLETE, NOW.minusSeconds(10), NOW.minusSeconds(5));
    assertThat(ImageLifecycle.schedule(obsolete, null, false, null, true, NOW).status()).isEqualTo(DEPRECATED);
    var obsoleteNoDeprecation = image(OBSOLETE, null, NOW.minusSeconds(5));
    assertThat(ImageLifecycle.schedule(obsoleteNoDeprecation, null, false, null, true, NOW).status()).isEqualTo(AVAILABLE);
    var deprecated = image(DEPRECATED, NOW.minusSeconds(10), null);
    assertThat(ImageLifecycle.schedule(deprecated, null, true, null, false, NOW).status()).isEqualTo(AVAILABLE);
  }

  @Test
  void dates_must_be_future_ordered_and_a_passed_date_can_only_be_cleared() {
    var available = image(AVAILABLE, null, null);
    assertThatThrownBy(() -> ImageLifecycle.schedule(available, NOW.minusSeconds(1), false, null, false, NOW)).hasMessageContaining("future");
    assertThatThrownBy(() -> ImageLifecycle.schedule(available, NOW.plusSeconds(20), false, NOW.plusSeconds(10), false, NOW))
        .hasMessageContaining("earlier");
    var deprecated = image(DEPRECATED, NOW.minusSeconds(10), null);
    assertThatThrownBy(() -> ImageLifecycle.schedule(deprecated, NOW.plusSeconds(10), false, null, false, NOW))
        .hasMessageContaining("only be cleared");
    assertThatThrownBy(() -> ImageLifecycle.schedule(image(FAILED, null, null), NOW.plusSeconds(10), false, null, false, NOW))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void dates_that_passed_while_pending_apply_when_the_content_is_ready() {
    assertThat(ImageLifecycle.contentReady(image(PENDING, NOW.minusSeconds(5), null), NOW).status()).isEqualTo(DEPRECATED);
    assertThat(ImageLifecycle.contentReady(image(PENDING, NOW.minusSeconds(5), NOW.minusSeconds(1)), NOW).status()).isEqualTo(OBSOLETE);
    assertThat(ImageLifecycle.contentReady(image(PENDING, NOW.plusSeconds(5), null), NOW).status()).isEqualTo(AVAILABLE);
  }

  /**
   * Thousands of random actions, patches and clock moves on a few images: after every step a settled image's status
   * agrees with its dates and the clock, and deprecation never comes after obsolescence.
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
        ImageLifecycle.State state = switch (random.nextInt(6)) {
          case 0 -> ImageLifecycle.deprecate(img, at);
          case 1 -> ImageLifecycle.obsolete(img, at);
          case 2 -> ImageLifecycle.schedule(img, random.nextBoolean() ? at.plusSeconds(1 + random.nextInt(500)) : null, random.nextInt(4) == 0,
              random.nextBoolean() ? at.plusSeconds(1 + random.nextInt(1000)) : null, random.nextInt(4) == 0, at);
          case 3 -> ImageLifecycle.due(img, at);
          default -> null;
        };
        if (state != null) {
          images.set(which, img.withLifecycle(state));
          applied++;
        }
      } catch (ApiException refused) {
        // a refusal changes nothing
      }
      if (random.nextInt(5) == 0) {
        now = now.plus(Duration.ofSeconds(random.nextInt(120)));
        // the scheduler catches up after the clock moves
        for (int i = 0; i < images.size(); i++) {
          var state = ImageLifecycle.due(images.get(i), now);
          if (state != null) {
            images.set(i, images.get(i).withLifecycle(state));
          }
        }
      }
      for (var each : images) {
        assertThat(each.status()).as("step %d", step).isEqualTo(ImageLifecycle.byDates(each.deprecationAt(), each.obsolescenceAt(), now));
        if (each.deprecationAt() != null && each.obsolescenceAt() != null) {
          // schedules are strictly ordered; the manual actions stamp "now", so deprecate and obsolete in the same
          // millisecond give equal dates
          assertThat(each.deprecationAt()).as("step %d", step).isBeforeOrEqualTo(each.obsolescenceAt());
        }
      }
    }
    assertThat(applied).isGreaterThan(1000);
  }
}
