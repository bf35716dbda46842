package io.imprint.core.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.app.common.Ids;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.region.Region;
import io.imprint.core.domain.vpc.Cidr;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.port.Repository;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IBM's name rule, id shapes and subnet address arithmetic. */
class NamesAndIdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "my-image", "web-01", "a1", "1-img", "1a", "1abc", "0-9", "-a"})
  void valid_names_pass(String name) {
    assertThat(Names.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "123", "1", "1-", "--a", "a-", "My-Image", "a_b", "a b", "ü", "-", "1a-"})
  void invalid_names_fail_with_validation_invalid_name(String name) {
    assertThat(Names.isValid(name)).isFalse();
    assertThatThrownBy(() -> Names.requireValid("name", name))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("1-63");
  }

  @Test
  void names_longer_than_63_fail() {
    assertThat(Names.isValid("a".repeat(63))).isTrue();
    assertThat(Names.isValid("a".repeat(64))).isFalse();
  }

  @Test
  void a_generated_name_skips_names_already_taken_and_a_given_name_is_kept() {
    var taken = new HashSet<String>();
    var replay = new Random(7);
    for (int i = 0; i < 5; i++) {
      taken.add(Names.generate(replay));
    }
    var repo = new NamesOnly(taken);
    var name = UniqueNames.orGenerated(repo, null, new Random(7));
    assertThat(taken).doesNotContain(name);
    assertThat(Names.isValid(name)).isTrue();
    assertThat(repo.lookups).isEqualTo(6);
    assertThat(UniqueNames.orGenerated(repo, "rusty-quartz-yak-quartz", new Random(7)))
        .isEqualTo("rusty-quartz-yak-quartz");
  }

  /** A repository that only knows which names are taken. */
  private static final class NamesOnly implements Repository<String, Void> {
    private final Set<String> names;
    int lookups;

    NamesOnly(Set<String> names) {
      this.names = names;
    }

    @Override
    public Optional<String> findByName(String name) {
      lookups++;
      return names.contains(name) ? Optional.of(name) : Optional.empty();
    }

    @Override
    public void insert(String entity) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean update(String entity) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String id, long expectedVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> get(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Page<String> list(Void filter, ReadScope scope, PageRequest page) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long count(Void filter, ReadScope scope) {
      throw new UnsupportedOperationException();
    }
  }

  @RepeatedTest(20)
  void generated_names_are_valid() {
    assertThat(Names.isValid(Names.generate(new Random()))).isTrue();
  }

  @Test
  void ids_have_ibm_shapes() {
    var region = Region.of("us-south", 3);
    var ids = new Ids(region, new Random(7));
    assertThat(ids.regional())
        .matches("r006-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(ids.instance(region.zones().get(0))).startsWith("0717_");
    assertThat(ids.zonal(region.zones().get(1))).startsWith("0727-");
    assertThat(ids.resourceGroup()).matches("[0-9a-f]{32}");
    assertThat(region.zones())
        .extracting(z -> z.name())
        .containsExactly("us-south-1", "us-south-2", "us-south-3");
  }

  @Test
  void an_unknown_region_is_refused() {
    assertThatThrownBy(() -> Region.of("mars-1", 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subnet_blocks_must_be_aligned_and_sized() {
    assertThat(Cidr.isValidSubnetBlock("10.240.0.0/24")).isTrue();
    assertThat(Cidr.isValidSubnetBlock("10.240.0.1/24")).isFalse();
    assertThat(Cidr.isValidSubnetBlock("10.240.0.0/30")).isFalse();
    assertThat(Cidr.isValidSubnetBlock("10.256.0.0/24")).isFalse();
    assertThat(Cidr.isValidSubnetBlock("nonsense")).isFalse();
  }

  @Test
  void a_subnet_hands_out_addresses_after_the_reserved_ones() {
    var subnet =
        new Subnet(
            "s",
            "n",
            new Subnet.Network("v", "vn", "us-south-1", "10.240.0.0/24"),
            "g",
            0,
            Instant.EPOCH,
            0);
    assertThat(subnet.nextAddress()).isEqualTo("10.240.0.4");
    assertThat(subnet.withOneMoreAllocated().nextAddress()).isEqualTo("10.240.0.5");
    assertThat(subnet.totalAddresses()).isEqualTo(256);
    assertThat(subnet.availableAddresses()).isEqualTo(251);
  }
}
