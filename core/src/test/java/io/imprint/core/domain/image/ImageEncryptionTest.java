package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.image.ImageTransitions.Event;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.domain.volume.VolumeTransitions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root key's rows of the image and volume transition tables. */
class ImageEncryptionTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final String KEY = "crn:v1:bluemix:public:kms:us-south:a/acct:inst:key:k1";

  static Image image(ImageStatus status) {
    return new Image(
        "r006-i",
        "img",
        new Image.State(status, List.of(), null, null),
        new Image.Owner(Image.Visibility.PRIVATE, "acct", "g", false),
        new Image.File(1, "x", 100, "user_managed", KEY),
        new Image.Origin(
            "debian-12-amd64", "cloud_init", null, AllowedUse.unconstrained("2026-01-01")),
        NOW,
        0);
  }

  @Test
  void a_disabled_key_makes_an_image_with_content_unusable_and_enabling_it_resumes_its_status() {
    for (var status : List.of(AVAILABLE, DEPRECATED, OBSOLETE)) {
      var unusable = ImageEncryption.keyDisabled(image(status));
      assertThat(unusable.status()).isEqualTo(UNUSABLE);
      assertThat(unusable.statusReasons().getFirst().code()).isEqualTo("encryption_key_disabled");
      assertThat(unusable.statusReasons().getFirst().message()).contains(KEY);
      assertThat(ImageEncryption.keyEnabled(unusable).status()).isEqualTo(status);
      assertThat(ImageEncryption.keyEnabled(unusable).statusReasons()).isEmpty();
    }
  }

  @Test
  void images_without_content_are_left_as_they_are() {
    for (var status : List.of(PENDING, FAILED, DELETING)) {
      assertThat(ImageEncryption.keyDisabled(image(status))).isNull();
      assertThat(ImageEncryption.keyDeleted(image(status))).isNull();
    }
    assertThat(ImageEncryption.keyEnabled(image(AVAILABLE))).isNull();
  }

  @Test
  void a_key_lost_while_an_image_is_created_fails_it_with_the_key_s_reason() {
    var disabled = ImageEncryption.creationStoppedByKey(image(PENDING), false);
    assertThat(disabled.status()).isEqualTo(FAILED);
    assertThat(disabled.statusReasons().getFirst().code()).isEqualTo("encryption_key_disabled");
    assertThat(disabled.statusReasons().getFirst().message()).contains(KEY, "once the key is");
    var deleted = ImageEncryption.creationStoppedByKey(image(PENDING), true);
    assertThat(deleted.statusReasons().getFirst().code()).isEqualTo("encryption_key_deleted");
    for (var status : List.of(AVAILABLE, FAILED, UNUSABLE)) {
      assertThat(ImageEncryption.creationStoppedByKey(image(status), false)).isNull();
    }
  }

  @Test
  void a_capture_keeps_the_volume_s_key_unless_another_is_asked_and_never_goes_back_to_none() {
    assertThat(ImageEncryption.keyOfCapture(capture(null, false), "v", KEY)).isEqualTo(KEY);
    assertThat(ImageEncryption.keyOfCapture(capture("crn:other", false), "v", KEY))
        .isEqualTo("crn:other");
    assertThat(ImageEncryption.keyOfCapture(capture(null, false), "v", null)).isNull();
    assertThat(ImageEncryption.keyOfCapture(capture(null, true), "v", null)).isNull();
    assertThatThrownBy(() -> ImageEncryption.keyOfCapture(capture(null, true), "v", KEY))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("cannot be provider-managed");
  }

  private static ImageCreate.FromVolume capture(String keyCrn, boolean providerManaged) {
    return new ImageCreate.FromVolume(
        new ImageCreate.Common("img", null, keyCrn, null, null, null, null, "2026-01-01"),
        "vol",
        providerManaged);
  }

  @Test
  void a_deleted_key_makes_an_image_unusable_for_good() {
    var disabled = ImageEncryption.keyDisabled(image(DEPRECATED));
    var deleted = ImageEncryption.keyDeleted(disabled);
    assertThat(deleted.status()).isEqualTo(UNUSABLE);
    assertThat(deleted.statusReasons().getFirst().code()).isEqualTo("encryption_key_deleted");
    assertThat(ImageEncryption.keyEnabled(deleted)).isNull();
    assertThat(ImageEncryption.keyDeleted(deleted)).isNull();
    assertThat(ImageTransitions.allows(UNUSABLE, Event.KEY_ENABLED, UNUSABLE)).isFalse();
  }

  @Test
  void an_unusable_image_refuses_the_lifecycle_with_a_conflict_naming_the_key() {
    var unusable = ImageEncryption.keyDisabled(image(AVAILABLE));
    assertThatThrownBy(() -> ImageLifecycle.deprecate(unusable, NOW))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(KEY);
    assertThatThrownBy(() -> ImageLifecycle.obsolete(unusable, NOW)).hasMessageContaining(KEY);
    var later = new ImagePatch(null, NOW.plusSeconds(60), false, null, false, null);
    assertThatThrownBy(() -> ImageLifecycle.schedule(unusable, later, NOW))
        .hasMessageContaining("encryption_key_disabled");
    assertThat(ImageTransitions.allows(UNUSABLE, Event.SCHEDULE_CHANGE)).isFalse();
    assertThat(ImageTransitions.allows(UNUSABLE, Event.DELETE)).isTrue();
  }

  @Test
  void the_scheduler_does_not_move_an_unusable_image() {
    var past = NOW.minusSeconds(60);
    var dated =
        ImageEncryption.keyDisabled(image(AVAILABLE))
            .withState(
                new Image.State(
                    UNUSABLE, List.of(ImageEncryption.disabled(KEY)), past, null, AVAILABLE));
    assertThat(ImageLifecycle.due(dated, NOW)).isNull();
    var back = ImageEncryption.keyEnabled(dated);
    assertThat(ImageLifecycle.due(back, NOW).status()).isEqualTo(DEPRECATED);
  }

  @Test
  void a_volume_follows_its_key_the_same_way() {
    var volume =
        new Volume(
            "r006-v",
            "vol",
            new Volume.Spec(100, "general-purpose", 3000),
            new Volume.Placement("us-south-1", "g"),
            Volume.Content.encrypted(KEY, null, (Reference) null),
            new Volume.State(VolumeStatus.AVAILABLE, false),
            NOW,
            0);
    var disabled = VolumeTransitions.keyDisabled(volume);
    assertThat(disabled.status()).isEqualTo(VolumeStatus.UNUSABLE);
    assertThat(disabled.statusReasons().getFirst().code()).isEqualTo("encryption_key_disabled");
    assertThatThrownBy(() -> VolumeTransitions.requireKeyUsable(disabled, "be read"))
        .hasMessageContaining(KEY);
    assertThat(VolumeTransitions.keyEnabled(disabled).status()).isEqualTo(VolumeStatus.AVAILABLE);
    var deleted = VolumeTransitions.keyDeleted(disabled);
    assertThat(deleted.statusReasons().getFirst().code()).isEqualTo("encryption_key_deleted");
    assertThat(VolumeTransitions.keyEnabled(deleted)).isNull();
  }
}
