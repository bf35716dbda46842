package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.Fixtures.ACCOUNT;
import static io.imprint.store.jdbc.Fixtures.GROUP;
import static io.imprint.store.jdbc.Fixtures.PROVIDER_ACCOUNT;
import static io.imprint.store.jdbc.Fixtures.attachment;
import static io.imprint.store.jdbc.Fixtures.image;
import static io.imprint.store.jdbc.Fixtures.instance;
import static io.imprint.store.jdbc.Fixtures.resourceGroup;
import static io.imprint.store.jdbc.Fixtures.subnet;
import static io.imprint.store.jdbc.Fixtures.volume;
import static io.imprint.store.jdbc.Fixtures.vpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageFilter;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageSort;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.image.ImageTransitions;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeFilter;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.ImageRepository;
import io.imprint.core.port.ResourceGroupRepository;
import io.imprint.core.port.SubnetRepository;
import io.imprint.core.port.Tx;
import io.imprint.core.port.VolumeAttachmentRepository.VolumeInUseException;
import io.imprint.core.port.VpcRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store port's contract, run against every database. A subclass opens a store on a fresh, empty
 * database; calling {@link #openStore()} again within one test reopens the same database.
 */
abstract class StoreContractTest {
  protected JdbcStore store;

  protected abstract JdbcStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  // --- IAM
  // ------------------------------------------------------------------------------------------------

  @Test
  void an_identity_and_its_api_keys_read_back_found_by_their_lookup() {
    assertThat(read((Tx tx) -> tx.iam().hasIdentities())).isFalse();
    var user =
        new Identity(
            "IBMid-0600000001",
            Identity.Kind.USER,
            "admin",
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            Instant.parse("2026-12-06T10:00:00Z"),
            0);
    var key =
        new ApiKey(
            "ApiKey-1",
            user.iamId(),
            "bootstrap",
            "abcdefghijkl",
            "pbkdf2-sha256$600000$c2FsdA$aGFzaA",
            Instant.parse("2026-12-06T10:00:01Z"),
            false,
            0);
    inWrite(
        tx -> {
          tx.iam().insertIdentity(user);
          tx.iam().insertApiKey(key);
        });

    assertThat(read((Tx tx) -> tx.iam().hasIdentities())).isTrue();
    assertThat(read((Tx tx) -> tx.iam().getIdentity(user.iamId()))).contains(user);
    assertThat(read((Tx tx) -> tx.iam().findApiKeyByLookup("abcdefghijkl"))).contains(key);
    assertThat(read((Tx tx) -> tx.iam().findApiKeyByLookup("abcdefghijkm"))).isEmpty();
    assertThat(read((Tx tx) -> tx.iam().apiKeysOf(user.iamId()))).containsExactly(key);
  }

  @Test
  void a_second_identity_of_an_iam_id_or_key_of_a_lookup_is_refused_and_the_write_goes_on() {
    var user =
        new Identity(
            "iam-ServiceId-1",
            Identity.Kind.SERVICE_ID,
            "ci",
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            Instant.parse("2026-12-06T10:00:00Z"),
            0);
    var key =
        new ApiKey(
            "ApiKey-2",
            user.iamId(),
            "k",
            "lookup000001",
            "h",
            Instant.parse("2026-12-06T10:00:00Z"),
            false,
            0);
    inWrite(
        tx -> {
          tx.iam().insertIdentity(user);
          tx.iam().insertApiKey(key);
        });
    inWrite(
        tx -> {
          assertThatThrownBy(() -> tx.iam().insertIdentity(user))
              .isInstanceOf(DuplicateNameException.class);
          assertThatThrownBy(
                  () ->
                      tx.iam()
                          .insertApiKey(
                              new ApiKey(
                                  "ApiKey-3",
                                  user.iamId(),
                                  "k2",
                                  "lookup000001",
                                  "h",
                                  Instant.parse("2026-12-06T10:00:00Z"),
                                  false,
                                  0)))
              .isInstanceOf(DuplicateNameException.class);
          tx.settings().put("after-the-refusals", "the transaction goes on");
        });
    assertThat(read((Tx tx) -> tx.settings().get("after-the-refusals")))
        .contains("the transaction goes on");
  }

  @Test
  void policies_read_back_by_subject_and_change_only_at_their_version() {
    assertThat(read((Tx tx) -> tx.policies().any())).isFalse();
    var forUser =
        new Policy(
            "policy-1",
            PolicySubject.identity("IBMid-1"),
            Set.of(Role.EDITOR, Role.VIEWER),
            new PolicyResource("is", "group-1", "image", null),
            "editors of images in group 1",
            Instant.parse("2026-12-06T10:00:00Z"),
            "IBMid-0",
            0);
    var forGroup =
        new Policy(
            "policy-2",
            PolicySubject.accessGroup("AccessGroupId-1"),
            Set.of(Role.ADMINISTRATOR),
            PolicyResource.account(),
            null,
            Instant.parse("2026-12-06T10:00:01Z"),
            "IBMid-0",
            0);
    inWrite(
        tx -> {
          tx.policies().insert(forUser);
          tx.policies().insert(forGroup);
        });

    assertThat(read((Tx tx) -> tx.policies().any())).isTrue();
    assertThat(read((Tx tx) -> tx.policies().get("policy-1"))).contains(forUser);
    assertThat(read((Tx tx) -> tx.policies().list(null, null))).containsExactly(forUser, forGroup);
    assertThat(read((Tx tx) -> tx.policies().list("IBMid-1", null))).containsExactly(forUser);
    assertThat(read((Tx tx) -> tx.policies().list(null, "AccessGroupId-1")))
        .containsExactly(forGroup);
    assertThat(read((Tx tx) -> tx.policies().policiesFor("IBMid-1", List.of())))
        .containsExactly(forUser);
    assertThat(read((Tx tx) -> tx.policies().policiesFor("IBMid-2", List.of("AccessGroupId-1"))))
        .containsExactly(forGroup);

    var narrowed =
        new Policy(
            forUser.id(),
            forUser.subject(),
            Set.of(Role.VIEWER),
            forUser.resource(),
            null,
            forUser.createdAt(),
            forUser.createdBy(),
            0);
    assertThat(write((Tx tx) -> tx.policies().update(narrowed))).isTrue();
    assertThat(write((Tx tx) -> tx.policies().update(narrowed))).as("stale version").isFalse();
    assertThat(read((Tx tx) -> tx.policies().get("policy-1")).orElseThrow().roles())
        .containsExactly(Role.VIEWER);
    assertThat(write((Tx tx) -> tx.policies().delete("policy-1", 0))).isFalse();
    assertThat(write((Tx tx) -> tx.policies().delete("policy-1", 1))).isTrue();
    assertThat(read((Tx tx) -> tx.policies().get("policy-1"))).isEmpty();
  }

  @Test
  void a_scoped_list_shows_and_counts_the_callers_groups_named_resources_and_public_images() {
    var mine = image().resourceGroup("group-1").build();
    var named = image().resourceGroup("group-2").build();
    var others = image().resourceGroup("group-2").build();
    var stock = image().resourceGroup(null).visibility(Image.Visibility.PUBLIC).build();
    inWrite(
        tx -> {
          for (var image : List.of(mine, named, others, stock)) {
            tx.images().insert(image);
          }
        });
    var scope = ReadScope.of(Set.of("group-1"), Set.of(named.id()));
    var page =
        read(
            (Tx tx) -> tx.images().list(query(ImageFilter.none()), scope, new PageRequest(100, 0)));
    assertThat(page.items())
        .extracting(Image::id)
        .containsExactlyInAnyOrder(mine.id(), named.id(), stock.id());
    assertThat(read((Tx tx) -> tx.images().count(query(ImageFilter.none()), scope))).isEqualTo(3);
    assertThat(
            read(
                (Tx tx) ->
                    tx.images().count(query(ImageFilter.none()), ReadScope.of(Set.of(), Set.of()))))
        .as("nothing granted: only the public catalog")
        .isEqualTo(1);
    assertThat(
            read(
                (Tx tx) ->
                    tx.resourceGroups()
                        .count(null, ReadScope.of(Set.of("group-1"), Set.of("group-9")))))
        .as("groups see themselves by id")
        .isZero();
  }

  // --- list totals
  // ------------------------------------------------------------------------------------------------

  @Test
  void a_list_total_follows_every_committed_change_and_a_write_sees_its_own() {
    for (int i = 0; i < 3; i++) {
      inWrite(tx -> tx.images().insert(image().build()));
    }
    assertThat(total()).isEqualTo(3);
    assertThat(total()).as("asked again, unchanged").isEqualTo(3);
    var added = image().build();
    inWrite(tx -> tx.images().insert(added));
    assertThat(total()).isEqualTo(4);
    long seenInside =
        store.write(
            tx -> {
              tx.images().insert(image().build());
              return tx.images()
                  .list(query(ImageFilter.none()), new PageRequest(1, 0))
                  .totalCount();
            });
    assertThat(seenInside).isEqualTo(5);
    inWrite(tx -> tx.images().delete(added.id(), added.version()));
    assertThat(total()).isEqualTo(4);
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.images().insert(image().build());
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(total()).isEqualTo(4);
  }

  private long total() {
    return read((Tx tx) -> tx.images().list(query(ImageFilter.none()), new PageRequest(1, 0)))
        .totalCount();
  }

  // --- settings
  // ------------------------------------------------------------------------------------------------

  @Test
  void a_setting_is_absent_until_put_and_a_second_put_replaces_it() {
    assertThat(read((Tx tx) -> tx.settings().get("clock.offset"))).isEmpty();
    store.write(
        tx -> {
          tx.settings().put("clock.offset", "PT24H");
          return null;
        });
    store.write(
        tx -> {
          tx.settings().put("clock.offset", "PT48H");
          return null;
        });
    assertThat(read((Tx tx) -> tx.settings().get("clock.offset"))).contains("PT48H");
    assertThat(read((Tx tx) -> tx.settings().get("other"))).isEmpty();
  }

  // --- after commit
  // ------------------------------------------------------------------------------------------------

  @Test
  void actions_registered_in_a_write_run_after_it_commits_in_order_and_never_after_a_rollback() {
    var ran = new ArrayList<String>();
    var group = resourceGroup();
    store.write(
        tx -> {
          tx.resourceGroups().insert(group);
          tx.afterCommit(
              () ->
                  ran.add(
                      "first, sees the row: "
                          + read((Tx r) -> r.resourceGroups().get(group.id())).isPresent()));
          tx.afterCommit(() -> ran.add("second"));
          assertThat(ran).as("nothing before the commit").isEmpty();
          return null;
        });
    assertThat(ran).containsExactly("first, sees the row: true", "second");

    ran.clear();
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.resourceGroups().insert(resourceGroup());
                      tx.afterCommit(() -> ran.add("rolled back"));
                      throw new IllegalStateException("the work fails");
                    }))
        .hasMessage("the work fails");
    assertThat(ran).isEmpty();

    assertThatThrownBy(
            () ->
                store.read(
                    tx -> {
                      tx.afterCommit(() -> ran.add("read"));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_failing_action_after_commit_does_not_undo_or_fail_the_write() {
    var group = resourceGroup();
    var result =
        store.write(
            tx -> {
              tx.resourceGroups().insert(group);
              tx.afterCommit(
                  () -> {
                    throw new IllegalStateException("the event sink is down");
                  });
              return "written";
            });
    assertThat(result).isEqualTo("written");
    assertThat(read((Tx tx) -> tx.resourceGroups().get(group.id()))).contains(group);
  }

  // --- round trips
  // -------------------------------------------------------------------------------------------------

  @Test
  void a_resource_group_reads_back_with_every_field() {
    var group = resourceGroup();
    inWrite(tx -> tx.resourceGroups().insert(group));
    assertThat(read((Tx tx) -> tx.resourceGroups().get(group.id()))).contains(group);
  }

  @Test
  void a_vpc_reads_back_with_every_field() {
    var vpc = vpc(GROUP, true);
    inWrite(tx -> tx.vpcs().insert(vpc));
    assertThat(read((Tx tx) -> tx.vpcs().get(vpc.id()))).contains(vpc);
  }

  @Test
  void a_subnet_reads_back_with_every_field() {
    var subnet = subnet(Fixtures.regionalId(), "us-south-2", GROUP);
    inWrite(tx -> tx.subnets().insert(subnet));
    assertThat(read((Tx tx) -> tx.subnets().get(subnet.id()))).contains(subnet);
  }

  @Test
  void an_image_reads_back_with_every_field() {
    var image = image().build();
    inWrite(tx -> tx.images().insert(image));
    assertThat(read((Tx tx) -> tx.images().get(image.id()))).contains(image);
  }

  @Test
  void an_image_with_its_optional_fields_unset_reads_back_with_them_unset() {
    var full = image().build();
    var sparse =
        new Image(
            full.id(),
            full.name(),
            new Image.State(ImageStatus.PENDING, List.of(), null, null),
            new Image.Owner(full.visibility(), full.ownerAccountId(), null, false),
            new Image.File(null, null, null, "none", null),
            new Image.Origin(null, null, null, null),
            full.createdAt(),
            0);
    inWrite(tx -> tx.images().insert(sparse));
    assertThat(read((Tx tx) -> tx.images().get(sparse.id()))).contains(sparse);
  }

  @Test
  void a_volume_reads_back_with_every_field() {
    var volume = volume().build();
    inWrite(tx -> tx.volumes().insert(volume));
    assertThat(read((Tx tx) -> tx.volumes().get(volume.id()))).contains(volume);
  }

  @Test
  void an_instance_reads_back_with_every_field() {
    var instance = instance().build();
    inWrite(tx -> tx.instances().insert(instance));
    assertThat(read((Tx tx) -> tx.instances().get(instance.id()))).contains(instance);
  }

  @Test
  void a_volume_attachment_reads_back_with_every_field() {
    var instance = instance().build();
    var volume = volume().build();
    var attachment = attachment(instance.id(), volume.id(), "data-1");
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.volumes().insert(volume);
          tx.volumeAttachments().insert(attachment);
        });
    assertThat(read((Tx tx) -> tx.volumeAttachments().get(attachment.id()))).contains(attachment);
  }

  @Test
  void the_version_read_back_is_the_one_inserted() {
    var group = resourceGroup();
    var versioned =
        new ResourceGroup(
            group.id(),
            group.name(),
            group.accountId(),
            false,
            group.createdAt(),
            group.updatedAt(),
            41);
    inWrite(tx -> tx.resourceGroups().insert(versioned));
    assertThat(read((Tx tx) -> tx.resourceGroups().get(group.id())).orElseThrow().version())
        .isEqualTo(41);
  }

  @Test
  void find_by_name_returns_the_row_with_that_name() {
    var image = image().build();
    inWrite(
        tx -> {
          tx.images().insert(image().build());
          tx.images().insert(image);
        });
    assertThat(read((Tx tx) -> tx.images().findByName(image.name()))).contains(image);
  }

  @Test
  void get_and_find_by_name_of_something_absent_are_empty() {
    inWrite(tx -> tx.images().insert(image().build()));
    assertThat(read((Tx tx) -> tx.images().get("r006-absent"))).isEmpty();
    assertThat(read((Tx tx) -> tx.images().findByName("absent"))).isEmpty();
  }

  // --- unique names
  // ------------------------------------------------------------------------------------------------

  @Test
  void every_kind_refuses_a_second_row_with_a_taken_name() {
    var vpc = vpc();
    var subnet = subnet(vpc.id(), Fixtures.ZONE, GROUP);
    var group = resourceGroup();
    var image = image().build();
    var volume = volume().build();
    var instance = instance().build();
    inWrite(
        tx -> {
          tx.resourceGroups().insert(group);
          tx.vpcs().insert(vpc);
          tx.subnets().insert(subnet);
          tx.images().insert(image);
          tx.volumes().insert(volume);
          tx.instances().insert(instance);
        });

    List<Consumer<Tx>> duplicates =
        List.of(
            tx -> tx.resourceGroups().insert(resourceGroup(group.name(), false)),
            tx ->
                tx.vpcs()
                    .insert(
                        new Vpc(
                            Fixtures.regionalId(), vpc.name(), GROUP, false, vpc.createdAt(), 0)),
            tx ->
                tx.subnets().insert(renamed(subnet(vpc.id(), Fixtures.ZONE, GROUP), subnet.name())),
            tx -> tx.images().insert(image().name(image.name()).build()),
            tx -> tx.volumes().insert(volume().name(volume.name()).build()),
            tx -> tx.instances().insert(instance().name(instance.name()).build()));
    for (var duplicate : duplicates) {
      assertThatThrownBy(() -> inWrite(duplicate)).isInstanceOf(DuplicateNameException.class);
    }
  }

  @Test
  void renaming_to_a_taken_name_is_refused() {
    var first = image().build();
    var second = image().build();
    inWrite(
        tx -> {
          tx.images().insert(first);
          tx.images().insert(second);
        });
    assertThatThrownBy(() -> inWrite(tx -> tx.images().update(second.withName(first.name()))))
        .isInstanceOf(DuplicateNameException.class);
    assertThat(read((Tx tx) -> tx.images().get(second.id()))).contains(second);
  }

  @Test
  void a_transaction_goes_on_after_a_refused_name() {
    var taken = image().build();
    var later = image().build();
    inWrite(tx -> tx.images().insert(taken));
    inWrite(
        tx -> {
          assertThatThrownBy(() -> tx.images().insert(image().name(taken.name()).build()))
              .isInstanceOf(DuplicateNameException.class);
          tx.images().insert(later);
        });
    assertThat(read((Tx tx) -> tx.images().count(query(ImageFilter.none())))).isEqualTo(2);
    assertThat(read((Tx tx) -> tx.images().get(later.id()))).contains(later);
  }

  // --- compare-and-set
  // ---------------------------------------------------------------------------------------------

  @Test
  void an_update_at_the_current_version_succeeds_and_increments_the_version() {
    var image = image().build();
    inWrite(tx -> tx.images().insert(image));
    boolean updated = write((Tx tx) -> tx.images().update(image.withName("renamed")));
    assertThat(updated).isTrue();
    var stored = read((Tx tx) -> tx.images().get(image.id())).orElseThrow();
    assertThat(stored.name()).isEqualTo("renamed");
    assertThat(stored.version()).isEqualTo(image.version() + 1);
    assertThat(read((Tx tx) -> tx.images().findByName("renamed"))).contains(stored);
  }

  @Test
  void an_update_at_a_stale_version_loses_and_changes_nothing() {
    var image = image().build();
    inWrite(tx -> tx.images().insert(image));
    assertThat(write((Tx tx) -> tx.images().update(image.withName("first")))).isTrue();
    assertThat(write((Tx tx) -> tx.images().update(image.withName("second")))).isFalse();
    assertThat(read((Tx tx) -> tx.images().get(image.id())).orElseThrow().name())
        .isEqualTo("first");
  }

  @Test
  void an_update_of_a_missing_row_returns_false() {
    assertThat(write((Tx tx) -> tx.images().update(image().build()))).isFalse();
  }

  @Test
  void a_delete_at_the_current_version_removes_the_row() {
    var volume = volume().build();
    inWrite(tx -> tx.volumes().insert(volume));
    assertThat(write((Tx tx) -> tx.volumes().delete(volume.id(), volume.version()))).isTrue();
    assertThat(read((Tx tx) -> tx.volumes().get(volume.id()))).isEmpty();
  }

  @Test
  void a_delete_at_a_stale_version_loses_and_keeps_the_row() {
    var volume = volume().build();
    inWrite(tx -> tx.volumes().insert(volume));
    inWrite(tx -> tx.volumes().update(volume.withNameCapacity("grown", 200, 3000)));
    assertThat(write((Tx tx) -> tx.volumes().delete(volume.id(), volume.version()))).isFalse();
    assertThat(read((Tx tx) -> tx.volumes().get(volume.id()))).isPresent();
  }

  @Test
  void derived_columns_follow_an_update() {
    var image = image().status(ImageStatus.PENDING).build();
    inWrite(tx -> tx.images().insert(image));
    var available =
        new Image(
            image.id(),
            image.name(),
            new Image.State(
                ImageStatus.AVAILABLE, List.of(), image.deprecationAt(), image.obsolescenceAt()),
            image.owner(),
            image.file(),
            image.origin(),
            image.createdAt(),
            image.version());
    inWrite(tx -> tx.images().update(available));
    assertThat(read((Tx tx) -> tx.images().count(statuses(ImageStatus.PENDING)))).isZero();
    assertThat(read((Tx tx) -> tx.images().count(statuses(ImageStatus.AVAILABLE)))).isEqualTo(1);
  }

  // --- paging
  // ------------------------------------------------------------------------------------------------------

  @Test
  void a_paged_walk_over_a_filtered_list_neither_repeats_nor_skips() {
    var expected = new ArrayList<String>();
    inWrite(
        tx -> {
          for (int i = 0; i < 250; i++) {
            var image =
                image().status(i % 5 == 0 ? ImageStatus.DEPRECATED : ImageStatus.AVAILABLE).build();
            tx.images().insert(image);
            if (image.status() == ImageStatus.AVAILABLE) {
              expected.add(image.id());
            }
          }
        });
    var filter = statuses(ImageStatus.AVAILABLE);

    var seen = new ArrayList<String>();
    var pages = new ArrayList<Page<Image>>();
    do {
      long after = pages.isEmpty() ? 0 : pages.getLast().nextAfter();
      var page = read((Tx tx) -> tx.images().list(filter, new PageRequest(7, after)));
      pages.add(page);
      page.items().forEach(i -> seen.add(i.id()));
    } while (pages.getLast().hasNext());

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).hasSize((200 + 6) / 7);
    assertThat(pages).allSatisfy(p -> assertThat(p.totalCount()).isEqualTo(200));
    assertThat(pages.getLast().nextAfter()).isNull();
    assertThat(pages.subList(0, pages.size() - 1))
        .allSatisfy(p -> assertThat(p.items()).hasSize(7));
  }

  @Test
  void a_walk_is_not_disturbed_by_rows_coming_and_going() {
    var ids = new ArrayList<String>();
    inWrite(
        tx ->
            IntStream.range(0, 10)
                .forEach(
                    i -> {
                      var image = image().build();
                      tx.images().insert(image);
                      ids.add(image.id());
                    }));
    var first = read((Tx tx) -> tx.images().list(query(ImageFilter.none()), new PageRequest(4, 0)));
    var deleted = read((Tx tx) -> tx.images().get(ids.get(6))).orElseThrow();
    var added = image().build();
    inWrite(
        tx -> {
          tx.images().delete(deleted.id(), deleted.version());
          tx.images().insert(added);
        });

    var rest =
        read(
            (Tx tx) ->
                tx.images()
                    .list(query(ImageFilter.none()), new PageRequest(100, first.nextAfter())));

    var walked = new ArrayList<String>();
    first.items().forEach(i -> walked.add(i.id()));
    rest.items().forEach(i -> walked.add(i.id()));
    var expected = new ArrayList<>(ids);
    expected.remove(deleted.id());
    expected.add(added.id());
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  @Test
  void a_page_that_ends_at_the_last_row_has_no_next() {
    inWrite(tx -> IntStream.range(0, 6).forEach(i -> tx.images().insert(image().build())));
    var first = read((Tx tx) -> tx.images().list(query(ImageFilter.none()), new PageRequest(3, 0)));
    var second =
        read(
            (Tx tx) ->
                tx.images().list(query(ImageFilter.none()), new PageRequest(3, first.nextAfter())));
    assertThat(first.nextAfter()).isNotNull();
    assertThat(second.items()).hasSize(3);
    assertThat(second.nextAfter()).isNull();
    assertThat(second.totalCount()).isEqualTo(6);
  }

  @Test
  void an_empty_list_has_no_items_no_total_and_no_next() {
    var page = read((Tx tx) -> tx.volumes().list(VolumeFilter.none(), PageRequest.first(10)));
    assertThat(page.items()).isEmpty();
    assertThat(page.totalCount()).isZero();
    assertThat(page.nextAfter()).isNull();
  }

  @Test
  void a_null_filter_selects_everything() {
    inWrite(
        tx -> {
          tx.images().insert(image().build());
          tx.volumes().insert(volume().build());
          tx.instances().insert(instance().build());
          tx.vpcs().insert(vpc());
          tx.resourceGroups().insert(resourceGroup());
        });
    read(
        (Tx tx) -> {
          assertThat(tx.images().list(null, PageRequest.all()).items()).hasSize(1);
          assertThat(tx.images().count(new ImageRepository.Query(null, ACCOUNT))).isEqualTo(1);
          assertThat(tx.volumes().count(null)).isEqualTo(1);
          assertThat(tx.instances().count(null)).isEqualTo(1);
          assertThat(tx.vpcs().count(null)).isEqualTo(1);
          assertThat(tx.subnets().count(null)).isZero();
          assertThat(tx.resourceGroups().count(null)).isEqualTo(1);
          return null;
        });
  }

  // --- image filters
  // -----------------------------------------------------------------------------------------------

  @Test
  void images_filter_by_a_set_of_statuses() {
    var available = image().status(ImageStatus.AVAILABLE).build();
    var deprecated = image().status(ImageStatus.DEPRECATED).build();
    var failed = image().status(ImageStatus.FAILED).build();
    insertImages(available, deprecated, failed);
    assertThat(imageIds(statuses(ImageStatus.AVAILABLE, ImageStatus.DEPRECATED)))
        .containsExactly(available.id(), deprecated.id());
  }

  @Test
  void an_empty_set_filter_matches_nothing() {
    insertImages(image().build(), image().build());
    assertThat(imageIds(query(new ImageFilter(Set.of(), null, null, null, null, null, null))))
        .isEmpty();
    assertThat(imageIds(query(new ImageFilter(null, null, null, null, Set.of(), null, null))))
        .isEmpty();
    assertThat(read((Tx tx) -> tx.images().count(statuses()))).isZero();
  }

  @Test
  void images_filter_by_visibility() {
    var priv = image().visibility(Image.Visibility.PRIVATE).build();
    var pub = image().visibility(Image.Visibility.PUBLIC).build();
    insertImages(priv, pub);
    assertThat(
            imageIds(
                query(
                    new ImageFilter(null, Image.Visibility.PUBLIC, null, null, null, null, null))))
        .containsExactly(pub.id());
  }

  @Test
  void images_filter_by_name() {
    var wanted = image().build();
    insertImages(image().build(), wanted);
    assertThat(imageIds(query(new ImageFilter(null, null, wanted.name(), null, null, null, null))))
        .containsExactly(wanted.id());
  }

  @Test
  void images_filter_by_resource_group() {
    var other = Fixtures.groupId();
    var inOther = image().resourceGroup(other).build();
    insertImages(image().build(), inOther, image().resourceGroup(null).build());
    assertThat(imageIds(query(new ImageFilter(null, null, null, other, null, null, null))))
        .containsExactly(inOther.id());
  }

  @Test
  void images_filter_by_a_set_of_user_data_formats() {
    var cloudInit = image().userDataFormat("cloud_init").build();
    var ipxe = image().userDataFormat("ipxe").build();
    insertImages(cloudInit, ipxe, image().userDataFormat("esxi_kickstart").build());
    assertThat(
            imageIds(
                query(
                    new ImageFilter(
                        null, null, null, null, Set.of("ipxe", "cloud_init"), null, null))))
        .containsExactly(cloudInit.id(), ipxe.id());
  }

  @Test
  void the_owner_filter_mine_selects_the_callers_images() {
    var mine = image().owner(ACCOUNT).build();
    insertImages(mine, image().owner(PROVIDER_ACCOUNT).build());
    assertThat(
            imageIds(
                query(
                    new ImageFilter(null, null, null, null, null, ImageFilter.Owner.mine(), null))))
        .containsExactly(mine.id());
  }

  @Test
  void the_owner_filter_others_selects_images_of_other_accounts() {
    var stock = image().owner(PROVIDER_ACCOUNT).build();
    insertImages(image().owner(ACCOUNT).build(), stock);
    assertThat(
            imageIds(
                query(
                    new ImageFilter(
                        null, null, null, null, null, ImageFilter.Owner.others(), null))))
        .containsExactly(stock.id());
  }

  @Test
  void the_owner_filter_account_selects_that_accounts_images() {
    var third = "0123456789abcdef0123456789abcdef";
    var theirs = image().owner(third).build();
    insertImages(image().owner(ACCOUNT).build(), image().owner(PROVIDER_ACCOUNT).build(), theirs);
    assertThat(
            imageIds(
                query(
                    new ImageFilter(
                        null, null, null, null, null, ImageFilter.Owner.account(third), null))))
        .containsExactly(theirs.id());
  }

  @Test
  void image_filters_combine_with_and() {
    var wanted =
        image()
            .status(ImageStatus.AVAILABLE)
            .visibility(Image.Visibility.PUBLIC)
            .owner(PROVIDER_ACCOUNT)
            .build();
    insertImages(
        wanted,
        image()
            .status(ImageStatus.AVAILABLE)
            .visibility(Image.Visibility.PRIVATE)
            .owner(PROVIDER_ACCOUNT)
            .build(),
        image()
            .status(ImageStatus.FAILED)
            .visibility(Image.Visibility.PUBLIC)
            .owner(PROVIDER_ACCOUNT)
            .build(),
        image()
            .status(ImageStatus.AVAILABLE)
            .visibility(Image.Visibility.PUBLIC)
            .owner(ACCOUNT)
            .build());
    var filter =
        new ImageFilter(
            EnumSet.of(ImageStatus.AVAILABLE),
            Image.Visibility.PUBLIC,
            null,
            null,
            null,
            ImageFilter.Owner.others(),
            null);
    assertThat(imageIds(query(filter))).containsExactly(wanted.id());
    assertThat(read((Tx tx) -> tx.images().count(query(filter)))).isEqualTo(1);
  }

  @Test
  void images_search_finds_a_part_of_the_name_in_any_case_and_wildcards_match_only_themselves() {
    var web = image().name("prod-web-2").build();
    var webUpper = image().name("Web-Legacy").build();
    var underscore = image().name("build_7").build();
    var percent = image().name("100%-done").build();
    insertImages(web, webUpper, underscore, percent, image().name("prod-db-1").build());

    assertThat(imageIds(search("WEB"))).containsExactly(web.id(), webUpper.id());
    assertThat(imageIds(search("d_7"))).containsExactly(underscore.id());
    assertThat(imageIds(search("d_"))).as("_ is no wildcard").containsExactly(underscore.id());
    assertThat(imageIds(search("%"))).as("% is no wildcard").containsExactly(percent.id());
    assertThat(read((Tx tx) -> tx.images().count(search("web")))).isEqualTo(2);
    assertThat(imageIds(search("nothing-like-it"))).isEmpty();
  }

  @Test
  void images_sort_by_name_in_byte_order_both_ways_and_page_through_with_the_key() {
    var names = List.of("ab", "a-c", "b1", "a-b", "a", "b-0", "c");
    inWrite(tx -> names.forEach(n -> tx.images().insert(image().name(n).build())));
    var byteOrder = names.stream().sorted().toList();

    assertThat(byteOrder).startsWith("a", "a-b", "a-c", "ab");
    assertThat(walkNames(ImageSort.NAME, 2)).isEqualTo(byteOrder);
    assertThat(walkNames(ImageSort.NAME_DESCENDING, 3)).isEqualTo(byteOrder.reversed());
  }

  @Test
  void images_sort_by_creation_date_with_equal_dates_in_storing_order() {
    var day = Instant.parse("2026-03-01T00:00:00Z");
    var second = image().created(day.plusSeconds(60)).build();
    var first = image().created(day).build();
    var tieA = image().created(day.plusSeconds(120)).build();
    var tieB = image().created(day.plusSeconds(120)).build();
    var last = image().created(day.plusSeconds(86_400)).build();
    insertImages(second, tieA, first, last, tieB);

    assertThat(walk(ImageSort.CREATED_AT, 2))
        .containsExactly(first.id(), second.id(), tieA.id(), tieB.id(), last.id());
    assertThat(walk(ImageSort.CREATED_AT_DESCENDING, 2))
        .containsExactly(last.id(), tieB.id(), tieA.id(), second.id(), first.id());
  }

  @Test
  void a_sorted_walk_goes_on_after_the_last_image_it_showed_was_deleted() {
    var images = new ArrayList<Image>();
    for (var name : List.of("e", "a", "d", "b", "c")) {
      images.add(image().name(name).build());
    }
    insertImages(images.toArray(Image[]::new));
    var query = new ImageRepository.Query(ImageFilter.none(), ACCOUNT, ImageSort.NAME);
    var first = read((Tx tx) -> tx.images().list(query, new PageRequest(2, 0)));
    assertThat(first.items()).extracting(Image::name).containsExactly("a", "b");
    assertThat(first.totalCount()).isEqualTo(5);
    var b = first.items().getLast();
    inWrite(tx -> tx.images().delete(b.id(), b.version()));

    var rest =
        read(
            (Tx tx) ->
                tx.images().list(query, new PageRequest(2, first.nextAfter(), first.nextKey())));
    assertThat(rest.items()).extracting(Image::name).containsExactly("c", "d");
    assertThat(rest.totalCount()).isEqualTo(4);
  }

  @Test
  void a_sorted_list_is_narrowed_by_the_filters_and_the_callers_scope() {
    var mine = image().name("m-1").resourceGroup("group-1").build();
    var mineFailed =
        image().name("m-0").resourceGroup("group-1").status(ImageStatus.FAILED).build();
    var others = image().name("m-2").resourceGroup("group-2").build();
    var stock = image().name("m-3").resourceGroup(null).visibility(Image.Visibility.PUBLIC).build();
    insertImages(mine, mineFailed, others, stock);
    var scope = ReadScope.of(Set.of("group-1"), Set.of());
    var query =
        new ImageRepository.Query(
            new ImageFilter(
                EnumSet.of(ImageStatus.AVAILABLE), null, null, null, null, null, null, "m-"),
            ACCOUNT,
            ImageSort.NAME_DESCENDING);

    var page = read((Tx tx) -> tx.images().list(query, scope, new PageRequest(10, 0)));
    assertThat(page.items()).extracting(Image::id).containsExactly(stock.id(), mine.id());
    assertThat(page.totalCount()).isEqualTo(2);
  }

  @Test
  void status_counts_group_what_the_filter_and_the_callers_scope_select() {
    var scope = ReadScope.of(Set.of("group-1"), Set.of());
    insertImages(
        image().name("web-1").resourceGroup("group-1").status(ImageStatus.AVAILABLE).build(),
        image().name("web-2").resourceGroup("group-1").status(ImageStatus.AVAILABLE).build(),
        image().name("web-3").resourceGroup("group-1").status(ImageStatus.DEPRECATED).build(),
        image().name("db-1").resourceGroup("group-1").status(ImageStatus.FAILED).build(),
        image().name("web-4").resourceGroup("group-2").status(ImageStatus.OBSOLETE).build(),
        image()
            .name("web-stock")
            .resourceGroup(null)
            .visibility(Image.Visibility.PUBLIC)
            .status(ImageStatus.DEPRECATED)
            .build());

    assertThat(read((Tx tx) -> tx.images().countByStatus(search("web"), scope)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(ImageStatus.AVAILABLE, 2L, ImageStatus.DEPRECATED, 2L));
    assertThat(
            read((Tx tx) -> tx.images().countByStatus(query(ImageFilter.none()), ReadScope.all())))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                ImageStatus.AVAILABLE, 2L,
                ImageStatus.DEPRECATED, 2L,
                ImageStatus.FAILED, 1L,
                ImageStatus.OBSOLETE, 1L));
  }

  // --- volume filters
  // ----------------------------------------------------------------------------------------------

  @Test
  void volumes_filter_by_name() {
    var wanted = volume().build();
    insertVolumes(volume().build(), wanted);
    assertThat(volumeIds(new VolumeFilter(wanted.name(), null, null, null, null, null)))
        .containsExactly(wanted.id());
  }

  @Test
  void volumes_filter_by_zone() {
    var zone2 = volume().zone("us-south-2").build();
    insertVolumes(volume().build(), zone2);
    assertThat(volumeIds(new VolumeFilter(null, "us-south-2", null, null, null, null)))
        .containsExactly(zone2.id());
  }

  @Test
  void volumes_filter_by_attachment_state() {
    var instance = instance().build();
    var attached = volume().build();
    var unattached = volume().build();
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.volumes().insert(attached);
          tx.volumes().insert(unattached);
          tx.volumeAttachments().insert(attachment(instance.id(), attached.id(), "data"));
        });
    assertThat(volumeIds(new VolumeFilter(null, null, "attached", null, null, null)))
        .containsExactly(attached.id());
    assertThat(volumeIds(new VolumeFilter(null, null, "unattached", null, null, null)))
        .containsExactly(unattached.id());
  }

  @Test
  void volumes_filter_by_encryption() {
    var userManaged = volume().encryption("user_managed").build();
    insertVolumes(volume().encryption("provider_managed").build(), userManaged);
    assertThat(volumeIds(new VolumeFilter(null, null, null, "user_managed", null, null)))
        .containsExactly(userManaged.id());
  }

  @Test
  void volumes_filter_by_a_set_of_operating_systems() {
    var ubuntu = volume().operatingSystemName("ubuntu-24-04-amd64").build();
    var rhel = volume().operatingSystemName("rhel-9-amd64").build();
    insertVolumes(
        ubuntu,
        rhel,
        volume().operatingSystemName(null).build(),
        volume().operatingSystemName("debian-12-amd64").build());
    assertThat(
            volumeIds(
                new VolumeFilter(
                    null, null, null, null, Set.of("rhel-9-amd64", "ubuntu-24-04-amd64"), null)))
        .containsExactly(ubuntu.id(), rhel.id());
    assertThat(volumeIds(new VolumeFilter(null, null, null, null, Set.of(), null))).isEmpty();
  }

  @Test
  void volumes_filter_by_one_whole_tag() {
    var tagged = volume().build();
    var other = volume().build();
    insertVolumes(tagged, other, volume().build());
    tag(TaggedResource.volume(tagged.id()), "env:prod", "team:a");
    tag(TaggedResource.volume(other.id()), "env:production");
    assertThat(volumeIds(new VolumeFilter(null, null, null, null, null, "env:prod")))
        .containsExactly(tagged.id());
    assertThat(volumeIds(new VolumeFilter(null, null, null, null, null, "team:a")))
        .containsExactly(tagged.id());
    assertThat(volumeIds(new VolumeFilter(null, null, null, null, null, "env"))).isEmpty();
  }

  @Test
  void images_filter_by_tag_with_the_total_and_pages_in_sql() {
    var tagged = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      var image = image().build();
      insertImages(image, image().build());
      tag(TaggedResource.image(image.id()), "env:prod");
      tagged.add(image.id());
    }
    var filter = query(new ImageFilter(null, null, null, null, null, null, "env:prod"));
    var first = read((Tx tx) -> tx.images().list(filter, new PageRequest(2, 0)));
    assertThat(first.totalCount()).isEqualTo(5);
    assertThat(first.items()).hasSize(2);
    var rest = read((Tx tx) -> tx.images().list(filter, new PageRequest(100, first.nextAfter())));
    assertThat(rest.items()).hasSize(3);
    assertThat(Stream.concat(first.items().stream(), rest.items().stream()).map(Image::id))
        .containsExactlyInAnyOrderElementsOf(tagged);
  }

  @Test
  void many_volumes_read_at_once_are_exactly_those_of_the_ids_that_exist() {
    // more than one statement's worth of ids, so the reads are split and joined
    var volumes = new Volume[1_001];
    for (int i = 0; i < volumes.length; i++) {
      volumes[i] = volume().build();
    }
    insertVolumes(volumes);
    var wanted = new ArrayList<String>();
    var expected = new ArrayList<Volume>();
    for (int i = 0; i < volumes.length; i += 2) {
      wanted.add(volumes[i].id());
      expected.add(volumes[i]);
    }
    wanted.add("r006-00000000-0000-4000-8000-000000000000");
    wanted.add(volumes[0].id());

    var read = read((Tx tx) -> tx.volumes().getAll(wanted));

    assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read((Tx tx) -> tx.volumes().getAll(List.of()))).isEmpty();
  }

  @Test
  void a_batch_of_volume_state_changes_wins_per_volume_and_a_stale_one_changes_nothing() {
    var a = volume().build();
    var b = volume().build();
    var c = volume().build();
    insertVolumes(a, b, c);
    inWrite(tx -> tx.volumes().update(b.withNameCapacity("renamed-meanwhile", 100, 3000)));

    var won =
        write(
            (Tx tx) ->
                tx.volumes()
                    .updateStates(
                        List.of(
                            VolumeTransitions.keyDisabled(a),
                            VolumeTransitions.keyDisabled(b),
                            VolumeTransitions.keyDisabled(c))));

    assertThat(won).containsExactly(true, false, true);
    for (var moved : List.of(a, c)) {
      var stored = read((Tx tx) -> tx.volumes().get(moved.id())).orElseThrow();
      assertThat(stored.status()).isEqualTo(VolumeStatus.UNUSABLE);
      assertThat(stored.statusReasons().getFirst().code())
          .isEqualTo(VolumeTransitions.KEY_DISABLED);
      assertThat(stored.version()).isEqualTo(moved.version() + 1);
    }
    var untouched = read((Tx tx) -> tx.volumes().get(b.id())).orElseThrow();
    assertThat(untouched.name()).isEqualTo("renamed-meanwhile");
    assertThat(untouched.status()).isEqualTo(VolumeStatus.AVAILABLE);
  }

  @Test
  void a_tag_filter_selects_only_resources_of_its_own_type() {
    var image = image().build();
    var volume = volume().build();
    insertImages(image);
    insertVolumes(volume);
    tag(TaggedResource.volume(volume.id()), "shared");
    assertThat(imageIds(query(new ImageFilter(null, null, null, null, null, null, "shared"))))
        .isEmpty();
    assertThat(volumeIds(new VolumeFilter(null, null, null, null, null, "shared")))
        .containsExactly(volume.id());
  }

  // --- user tags
  // ---------------------------------------------------------------------------------------------------

  @Test
  void a_tag_is_attached_once_and_a_second_attach_changes_nothing() {
    var volume = TaggedResource.volume("r006-v1");
    assertThat(write((Tx tx) -> tx.tags().attach(volume, new TagName("env:prod")))).isTrue();
    assertThat(write((Tx tx) -> tx.tags().attach(volume, new TagName("env:prod")))).isFalse();
    assertThat(read((Tx tx) -> tx.tags().tagsOf(volume))).containsExactly(new TagName("env:prod"));
  }

  @Test
  void a_resources_tags_come_by_name_and_detach_removes_one() {
    var image = TaggedResource.image("r006-i1");
    tag(image, "web", "env:prod", "team:a");
    assertThat(write((Tx tx) -> tx.tags().detach(image, new TagName("web")))).isTrue();
    assertThat(write((Tx tx) -> tx.tags().detach(image, new TagName("web")))).isFalse();
    assertThat(read((Tx tx) -> tx.tags().tagsOf(image)))
        .containsExactly(new TagName("env:prod"), new TagName("team:a"));
  }

  @Test
  void tags_of_one_type_and_id_are_apart_from_another_types() {
    tag(TaggedResource.image("r006-same"), "a");
    tag(TaggedResource.volume("r006-same"), "b");
    assertThat(read((Tx tx) -> tx.tags().tagsOf(TaggedResource.image("r006-same"))))
        .containsExactly(new TagName("a"));
  }

  @Test
  void the_tags_of_a_page_of_images_are_read_at_once_each_by_name() {
    tag(TaggedResource.image("r006-p1"), "web", "env:prod");
    tag(TaggedResource.image("r006-p2"), "db");
    tag(TaggedResource.volume("r006-p3"), "web");
    tag(TaggedResource.image("r006-elsewhere"), "web");

    assertThat(
            read(
                (Tx tx) ->
                    tx.tags()
                        .tagsOf(
                            TaggedResource.Type.IMAGE,
                            List.of("r006-p1", "r006-p2", "r006-p3", "r006-untagged"))))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "r006-p1", List.of(new TagName("env:prod"), new TagName("web")),
                "r006-p2", List.of(new TagName("db"))));
    assertThat(read((Tx tx) -> tx.tags().tagsOf(TaggedResource.Type.IMAGE, List.of()))).isEmpty();
  }

  @Test
  void detach_all_removes_every_tag_of_one_resource_only() {
    var gone = TaggedResource.volume("r006-gone");
    var kept = TaggedResource.volume("r006-kept");
    tag(gone, "a", "b");
    tag(kept, "a");
    inWrite(tx -> tx.tags().detachAll(gone));
    assertThat(read((Tx tx) -> tx.tags().tagsOf(gone))).isEmpty();
    assertThat(read((Tx tx) -> tx.tags().tagsOf(kept))).containsExactly(new TagName("a"));
  }

  @Test
  void the_accounts_tags_are_the_distinct_names_by_name_in_pages() {
    tag(TaggedResource.image("r006-1"), "c", "a");
    tag(TaggedResource.volume("r006-2"), "a", "b");
    tag(TaggedResource.instance("0717_3"), "d");
    assertThat(read((Tx tx) -> tx.tags().count())).isEqualTo(4);
    assertThat(read((Tx tx) -> tx.tags().list(0, 2)))
        .containsExactly(new TagName("a"), new TagName("b"));
    assertThat(read((Tx tx) -> tx.tags().list(2, 100)))
        .containsExactly(new TagName("c"), new TagName("d"));
  }

  // --- instance filters
  // --------------------------------------------------------------------------------------------

  @Test
  void instances_filter_by_name() {
    var wanted = instance().build();
    insertInstances(instance().build(), wanted);
    assertThat(instanceIds(new InstanceFilter(wanted.name(), null, null, null, null, null)))
        .containsExactly(wanted.id());
  }

  @Test
  void instances_filter_by_resource_group() {
    var other = Fixtures.groupId();
    var wanted = instance().resourceGroup(other).build();
    insertInstances(instance().build(), wanted);
    assertThat(instanceIds(new InstanceFilter(null, other, null, null, null, null)))
        .containsExactly(wanted.id());
  }

  @Test
  void instances_filter_by_vpc() {
    var wanted = instance().build();
    insertInstances(instance().build(), wanted);
    assertThat(instanceIds(new InstanceFilter(null, null, wanted.vpcId(), null, null, null)))
        .containsExactly(wanted.id());
  }

  @Test
  void instances_filter_by_zone() {
    var wanted = instance().zone("us-south-3").build();
    insertInstances(instance().build(), wanted);
    assertThat(instanceIds(new InstanceFilter(null, null, null, "us-south-3", null, null)))
        .containsExactly(wanted.id());
  }

  @Test
  void instances_filter_by_status() {
    var stopped = instance().status(InstanceStatus.STOPPED).build();
    insertInstances(instance().status(InstanceStatus.RUNNING).build(), stopped);
    assertThat(instanceIds(new InstanceFilter(null, null, null, null, "stopped", null)))
        .containsExactly(stopped.id());
  }

  @Test
  void instances_filter_by_the_subnet_of_the_primary_network_interface() {
    var wanted = instance().build();
    insertInstances(instance().build(), wanted);
    var subnetId = wanted.primaryNetworkInterface().subnetId();
    assertThat(instanceIds(new InstanceFilter(null, null, null, null, null, subnetId)))
        .containsExactly(wanted.id());
  }

  @Test
  void instances_are_found_by_any_of_a_set_of_statuses() {
    var pending = instance().status(InstanceStatus.PENDING).build();
    var stopping = instance().status(InstanceStatus.STOPPING).build();
    insertInstances(pending, instance().status(InstanceStatus.RUNNING).build(), stopping);
    assertThat(
            read(
                (Tx tx) ->
                    tx.instances()
                        .findByStatus(EnumSet.of(InstanceStatus.PENDING, InstanceStatus.STOPPING))))
        .containsExactly(pending, stopping);
    assertThat(read((Tx tx) -> tx.instances().findByStatus(EnumSet.noneOf(InstanceStatus.class))))
        .isEmpty();
  }

  // --- subnet, VPC and resource group filters
  // ----------------------------------------------------------------------

  @Test
  void subnets_filter_by_vpc_zone_and_resource_group() {
    var vpcA = Fixtures.regionalId();
    var otherGroup = Fixtures.groupId();
    var a1 = subnet(vpcA, "us-south-1", GROUP);
    var a2 = subnet(vpcA, "us-south-2", GROUP);
    var b1 = subnet(Fixtures.regionalId(), "us-south-1", otherGroup);
    inWrite(tx -> List.of(a1, a2, b1).forEach(tx.subnets()::insert));
    assertThat(subnetIds(new SubnetRepository.Filter(vpcA, null, null)))
        .containsExactly(a1.id(), a2.id());
    assertThat(subnetIds(new SubnetRepository.Filter(null, "us-south-1", null)))
        .containsExactly(a1.id(), b1.id());
    assertThat(subnetIds(new SubnetRepository.Filter(null, null, otherGroup)))
        .containsExactly(b1.id());
    assertThat(subnetIds(new SubnetRepository.Filter(vpcA, "us-south-2", GROUP)))
        .containsExactly(a2.id());
  }

  @Test
  void vpcs_filter_by_resource_group_and_default() {
    var otherGroup = Fixtures.groupId();
    var defaultVpc = vpc(GROUP, true);
    var plain = vpc(GROUP, false);
    var elsewhere = vpc(otherGroup, false);
    inWrite(tx -> List.of(defaultVpc, plain, elsewhere).forEach(tx.vpcs()::insert));
    assertThat(vpcIds(new VpcRepository.Filter(GROUP, null)))
        .containsExactly(defaultVpc.id(), plain.id());
    assertThat(vpcIds(new VpcRepository.Filter(null, true))).containsExactly(defaultVpc.id());
    assertThat(vpcIds(new VpcRepository.Filter(null, false)))
        .containsExactly(plain.id(), elsewhere.id());
  }

  @Test
  void resource_groups_filter_by_name_and_default() {
    var defaultGroup = resourceGroup("Default", true);
    var other = resourceGroup("other", false);
    inWrite(tx -> List.of(defaultGroup, other).forEach(tx.resourceGroups()::insert));
    assertThat(
            read(
                (Tx tx) ->
                    tx.resourceGroups()
                        .list(new ResourceGroupRepository.Filter("other", null), PageRequest.all())
                        .items()))
        .containsExactly(other);
    assertThat(
            read(
                (Tx tx) ->
                    tx.resourceGroups()
                        .list(new ResourceGroupRepository.Filter(null, true), PageRequest.all())
                        .items()))
        .containsExactly(defaultGroup);
  }

  @Test
  void a_resource_group_counts_the_resources_of_every_kind_it_holds() {
    var group = resourceGroup();
    var vpc = vpc(group.id(), false);
    inWrite(
        tx -> {
          tx.resourceGroups().insert(group);
          tx.vpcs().insert(vpc);
          tx.subnets().insert(subnet(vpc.id(), Fixtures.ZONE, group.id()));
          tx.images().insert(image().resourceGroup(group.id()).build());
          tx.images().insert(image().build());
          tx.instances().insert(instance().resourceGroup(group.id()).build());
        });
    assertThat(read((Tx tx) -> tx.resourceGroups().countResources(group.id()))).isEqualTo(4);
    assertThat(read((Tx tx) -> tx.resourceGroups().countResources(Fixtures.groupId()))).isZero();
  }

  // --- volume attachments
  // ------------------------------------------------------------------------------------------

  @Test
  void attachments_are_found_by_volume_and_listed_by_instance_in_attachment_order() {
    var instance = instance().build();
    var other = instance().build();
    var volumes = List.of(volume().build(), volume().build(), volume().build());
    var second = attachment(instance.id(), volumes.get(2).id(), "b");
    var first = attachment(instance.id(), volumes.get(0).id(), "z");
    var elsewhere = attachment(other.id(), volumes.get(1).id(), "z");
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.instances().insert(other);
          volumes.forEach(tx.volumes()::insert);
          tx.volumeAttachments().insert(first);
          tx.volumeAttachments().insert(elsewhere);
          tx.volumeAttachments().insert(second);
        });
    assertThat(read((Tx tx) -> tx.volumeAttachments().listByInstance(instance.id())))
        .containsExactly(first, second);
    assertThat(read((Tx tx) -> tx.volumeAttachments().findByVolume(volumes.get(1).id())))
        .contains(elsewhere);
    assertThat(read((Tx tx) -> tx.volumeAttachments().findByVolume(Fixtures.regionalId())))
        .isEmpty();
  }

  @Test
  void attaching_an_attached_volume_is_refused_as_volume_in_use() {
    var a = instance().build();
    var b = instance().build();
    var volume = volume().build();
    inWrite(
        tx -> {
          tx.instances().insert(a);
          tx.instances().insert(b);
          tx.volumes().insert(volume);
          tx.volumeAttachments().insert(attachment(a.id(), volume.id(), "data"));
        });
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> tx.volumeAttachments().insert(attachment(b.id(), volume.id(), "other"))))
        .isInstanceOf(VolumeInUseException.class);
  }

  @Test
  void an_instance_cannot_have_two_attachments_of_one_name() {
    var instance = instance().build();
    var other = instance().build();
    var v1 = volume().build();
    var v2 = volume().build();
    var v3 = volume().build();
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.instances().insert(other);
          List.of(v1, v2, v3).forEach(tx.volumes()::insert);
          tx.volumeAttachments().insert(attachment(instance.id(), v1.id(), "data"));
        });
    assertThatThrownBy(
            () ->
                inWrite(
                    tx ->
                        tx.volumeAttachments().insert(attachment(instance.id(), v2.id(), "data"))))
        .isInstanceOf(DuplicateNameException.class);
    inWrite(tx -> tx.volumeAttachments().insert(attachment(other.id(), v3.id(), "data")));
    assertThat(read((Tx tx) -> tx.volumeAttachments().findByVolume(v3.id()))).isPresent();
  }

  @Test
  void an_attachment_updates_and_deletes_by_version() {
    var instance = instance().build();
    var volume = volume().build();
    var attachment = attachment(instance.id(), volume.id(), "data");
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.volumes().insert(volume);
          tx.volumeAttachments().insert(attachment);
        });
    assertThat(
            write(
                (Tx tx) ->
                    tx.volumeAttachments()
                        .update(attachment.withNameAndDeleteFlag("renamed", false))))
        .isTrue();
    assertThat(
            write(
                (Tx tx) ->
                    tx.volumeAttachments().update(attachment.withNameAndDeleteFlag("again", true))))
        .isFalse();
    assertThat(write((Tx tx) -> tx.volumeAttachments().delete(attachment.id(), 0))).isFalse();
    var stored = read((Tx tx) -> tx.volumeAttachments().get(attachment.id())).orElseThrow();
    assertThat(stored.name()).isEqualTo("renamed");
    assertThat(stored.deleteVolumeOnInstanceDelete()).isFalse();
    assertThat(write((Tx tx) -> tx.volumeAttachments().delete(attachment.id(), stored.version())))
        .isTrue();
    assertThat(read((Tx tx) -> tx.volumeAttachments().findByVolume(volume.id()))).isEmpty();
  }

  // --- races
  // -------------------------------------------------------------------------------------------------------

  @Test
  void of_eight_racing_attachments_of_one_volume_exactly_one_wins() throws Exception {
    var instance = instance().build();
    var volume = volume().build();
    inWrite(
        tx -> {
          tx.instances().insert(instance);
          tx.volumes().insert(volume);
        });
    var outcomes =
        race(
            8,
            i -> {
              try {
                inWrite(
                    tx ->
                        tx.volumeAttachments()
                            .insert(attachment(instance.id(), volume.id(), "data-" + i)));
                return "attached";
              } catch (VolumeInUseException e) {
                return "in use";
              }
            });
    assertThat(outcomes).filteredOn("attached"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("in use"::equals).hasSize(7);
    assertThat(read((Tx tx) -> tx.volumeAttachments().listByInstance(instance.id()))).hasSize(1);
  }

  @Test
  void of_eight_racing_deletes_at_one_version_exactly_one_wins() throws Exception {
    var image = image().build();
    inWrite(tx -> tx.images().insert(image));
    var outcomes = race(8, i -> write((Tx tx) -> tx.images().delete(image.id(), image.version())));
    assertThat(outcomes).containsOnlyOnce(true);
    assertThat(outcomes).filteredOn(Boolean.FALSE::equals).hasSize(7);
  }

  @Test
  void twenty_concurrent_writers_complete_every_transaction_without_losing_an_update()
      throws Exception {
    var subnet = subnet(Fixtures.regionalId(), Fixtures.ZONE, GROUP);
    inWrite(tx -> tx.subnets().insert(subnet));
    int writers = 20;
    int transactions = 25;

    // each transaction adds an image and counts one address on the shared subnet; a lost
    // compare-and-set is retried
    var retries =
        race(
            writers,
            w -> {
              int lost = 0;
              for (int t = 0; t < transactions; t++) {
                while (!write(
                    (Tx tx) -> {
                      var current = tx.subnets().get(subnet.id()).orElseThrow();
                      if (!tx.subnets().update(current.withOneMoreAllocated())) {
                        return false;
                      }
                      tx.images().insert(image().build());
                      return true;
                    })) {
                  lost++;
                }
              }
              return lost;
            });

    assertThat(retries).hasSize(writers);
    assertThat(read((Tx tx) -> tx.images().count(query(ImageFilter.none()))))
        .isEqualTo(writers * transactions);
    assertThat(read((Tx tx) -> tx.subnets().get(subnet.id())).orElseThrow().allocatedAddresses())
        .isEqualTo(subnet.allocatedAddresses() + writers * transactions);
  }

  @Test
  void a_read_neither_waits_for_nor_sees_an_uncommitted_write() throws Exception {
    var image = image().build();
    var inserted = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    try (var executor = Executors.newSingleThreadExecutor()) {
      var writer =
          executor.submit(
              () ->
                  inWrite(
                      tx -> {
                        tx.images().insert(image);
                        inserted.countDown();
                        await(release);
                      }));
      assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
      try {
        assertThat(read((Tx tx) -> tx.images().get(image.id()))).isEmpty();
      } finally {
        release.countDown();
      }
      writer.get(10, TimeUnit.SECONDS);
    }
    assertThat(read((Tx tx) -> tx.images().get(image.id()))).contains(image);
  }

  // --- transactions
  // ------------------------------------------------------------------------------------------------

  @Test
  void an_exception_rolls_back_everything_the_write_did_and_reaches_the_caller_unchanged() {
    var boom = new IllegalStateException("boom");
    var image = image().build();
    var volume = volume().build();
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.images().insert(image);
                      tx.volumes().insert(volume);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((Tx tx) -> tx.images().get(image.id()))).isEmpty();
    assertThat(read((Tx tx) -> tx.volumes().get(volume.id()))).isEmpty();
  }

  @Test
  void a_nested_write_joins_the_outer_transaction_and_rolls_back_with_it() {
    var image = image().build();
    var boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      store.write(
                          inner -> {
                            inner.images().insert(image);
                            return null;
                          });
                      assertThat(store.read((Tx inner) -> inner.images().get(image.id())))
                          .contains(image);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(read((Tx tx) -> tx.images().get(image.id()))).isEmpty();
  }

  @Test
  void a_write_inside_a_read_is_refused() {
    assertThatThrownBy(() -> read((Tx tx) -> store.write(inner -> null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_read_transaction_cannot_change_anything() {
    assertThatThrownBy(
            () ->
                read(
                    (Tx tx) -> {
                      tx.images().insert(image().build());
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
    assertThat(read((Tx tx) -> tx.images().count(query(ImageFilter.none())))).isZero();
  }

  @Test
  void everything_written_is_there_after_closing_and_reopening() {
    var group = resourceGroup();
    var vpc = vpc(group.id(), true);
    var subnet = subnet(vpc.id(), Fixtures.ZONE, group.id());
    var image = image().build();
    var volume = volume().build();
    var instance = instance().build();
    var attachment = attachment(instance.id(), volume.id(), "boot");
    inWrite(
        tx -> {
          tx.resourceGroups().insert(group);
          tx.vpcs().insert(vpc);
          tx.subnets().insert(subnet);
          tx.images().insert(image);
          tx.volumes().insert(volume);
          tx.instances().insert(instance);
          tx.volumeAttachments().insert(attachment);
        });
    inWrite(tx -> tx.images().update(image.withName("renamed")));

    store.close();
    store = openStore();

    read(
        (Tx tx) -> {
          assertThat(tx.resourceGroups().get(group.id())).contains(group);
          assertThat(tx.vpcs().get(vpc.id())).contains(vpc);
          assertThat(tx.subnets().get(subnet.id())).contains(subnet);
          assertThat(tx.images().get(image.id()))
              .contains(withVersion(image.withName("renamed"), 1));
          assertThat(tx.volumes().get(volume.id())).contains(volume);
          assertThat(tx.instances().get(instance.id())).contains(instance);
          assertThat(tx.volumeAttachments().get(attachment.id())).contains(attachment);
          return null;
        });
  }

  // --- lifecycle queries
  // -------------------------------------------------------------------------------------------

  @Test
  void the_due_query_selects_exactly_the_images_a_passed_date_can_move() {
    var now = Fixtures.CREATED.plusSeconds(10_000);
    var past = now.minusSeconds(1);
    var future = now.plusSeconds(1);
    var deprecationPassed = image().dates(past, null).build();
    var obsolescencePassed = image().dates(null, past).build();
    var deprecatedObsolescencePassed =
        image().status(ImageStatus.DEPRECATED).dates(past.minusSeconds(5), past).build();
    var bothPassed = image().dates(past.minusSeconds(5), past).build();
    var dueExactlyNow = image().dates(now, null).build();
    insertImages(
        deprecationPassed,
        obsolescencePassed,
        deprecatedObsolescencePassed,
        bothPassed,
        dueExactlyNow,
        image().dates(future, null).build(),
        image().dates(null, null).build(),
        image().status(ImageStatus.DEPRECATED).dates(past, future).build(),
        image().status(ImageStatus.OBSOLETE).dates(past.minusSeconds(5), past).build(),
        image().status(ImageStatus.PENDING).dates(past, null).build(),
        image().status(ImageStatus.FAILED).dates(past, null).build());

    var due = read((Tx tx) -> tx.images().dueForLifecycle(now, 100));

    assertThat(due)
        .extracting(Image::id)
        .containsExactlyInAnyOrder(
            deprecationPassed.id(),
            obsolescencePassed.id(),
            deprecatedObsolescencePassed.id(),
            bothPassed.id(),
            dueExactlyNow.id());
    assertThat(due).contains(deprecationPassed);
    assertThat(read((Tx tx) -> tx.images().dueForLifecycle(now, 2))).hasSize(2);
  }

  @Test
  void many_images_read_at_once_are_exactly_those_of_the_ids_that_exist() {
    // more than one statement's worth of ids, so the reads are split and joined
    var images = new Image[1_201];
    for (int i = 0; i < images.length; i++) {
      images[i] = image().build();
    }
    insertImages(images);
    var wanted = new ArrayList<String>();
    for (int i = 0; i < images.length; i += 2) {
      wanted.add(images[i].id());
    }
    wanted.add("r006-00000000-0000-4000-8000-000000000000");
    wanted.add(images[0].id());

    var read = read((Tx tx) -> tx.images().getAll(wanted));

    var expected = new ArrayList<Image>();
    for (int i = 0; i < images.length; i += 2) {
      expected.add(images[i]);
    }
    assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read((Tx tx) -> tx.images().getAll(List.of()))).isEmpty();
  }

  @Test
  void a_batch_of_status_changes_larger_than_a_round_trip_changes_every_image() {
    // more rows than the store sends at once, and not a multiple of it
    var images = new Image[601];
    for (int i = 0; i < images.length; i++) {
      images[i] = image().dates(Fixtures.CREATED.minusSeconds(60), null).build();
    }
    insertImages(images);
    var stale = images[300];
    inWrite(tx -> tx.images().update(stale.withName("renamed-meanwhile")));
    var moved = Stream.of(images).map(i -> ImageLifecycle.due(i, Fixtures.CREATED)).toList();

    var won = write((Tx tx) -> tx.images().updateStatuses(moved));

    assertThat(won).hasSize(601);
    for (int i = 0; i < won.length; i++) {
      assertThat(won[i]).as("image %d", i).isEqualTo(i != 300);
    }
    assertThat(read((Tx tx) -> tx.images().count(statuses(ImageStatus.DEPRECATED)))).isEqualTo(600);
  }

  @Test
  void a_batch_of_status_changes_wins_per_image_and_a_stale_one_changes_nothing() {
    var past = Fixtures.CREATED.minusSeconds(60);
    var a = image().dates(past, null).build();
    var b = image().dates(past, null).build();
    var c = image().dates(past, past.plusSeconds(1)).build();
    insertImages(a, b, c);
    inWrite(tx -> tx.images().update(b.withName("renamed-meanwhile")));

    var won =
        write(
            (Tx tx) ->
                tx.images()
                    .updateStatuses(
                        List.of(
                            ImageLifecycle.due(a, Fixtures.CREATED),
                            ImageLifecycle.due(b, Fixtures.CREATED),
                            ImageLifecycle.due(c, Fixtures.CREATED))));

    assertThat(won).containsExactly(true, false, true);
    var stored =
        read(
            (Tx tx) ->
                List.of(
                    tx.images().get(a.id()).orElseThrow(),
                    tx.images().get(b.id()).orElseThrow(),
                    tx.images().get(c.id()).orElseThrow()));
    assertThat(stored)
        .extracting(Image::status)
        .containsExactly(ImageStatus.DEPRECATED, ImageStatus.AVAILABLE, ImageStatus.OBSOLETE);
    assertThat(stored.getFirst())
        .isEqualTo(withVersion(ImageLifecycle.due(a, Fixtures.CREATED), a.version() + 1));
    assertThat(stored.get(1).name()).isEqualTo("renamed-meanwhile");
    assertThat(imageIds(statuses(ImageStatus.DEPRECATED))).containsExactly(a.id());
    assertThat(imageIds(statuses(ImageStatus.OBSOLETE))).containsExactly(c.id());
    assertThat(read((Tx tx) -> tx.images().dueForLifecycle(Fixtures.CREATED, 100)))
        .extracting(Image::id)
        .containsExactly(b.id());
  }

  @Test
  void the_next_due_moment_is_the_earliest_date_that_can_still_move_an_image() {
    var now = Fixtures.CREATED;
    insertImages(
        image().dates(now.plusSeconds(300), now.plusSeconds(900)).build(),
        image()
            .status(ImageStatus.DEPRECATED)
            .dates(now.minusSeconds(60), now.plusSeconds(600))
            .build(),
        image()
            .status(ImageStatus.OBSOLETE)
            .dates(now.plusSeconds(30), now.plusSeconds(60))
            .build(),
        image().status(ImageStatus.PENDING).dates(now.plusSeconds(10), null).build());

    assertThat(read((Tx tx) -> tx.images().nextLifecycleDue(now))).contains(now.plusSeconds(300));
    assertThat(read((Tx tx) -> tx.images().nextLifecycleDue(now.plusSeconds(300))))
        .contains(now.plusSeconds(600));
    assertThat(read((Tx tx) -> tx.images().nextLifecycleDue(now.plusSeconds(900)))).isEmpty();
  }

  @Test
  void an_advance_warning_is_due_inside_its_lead_time_and_recorded_once() {
    var now = Fixtures.CREATED;
    var lead = Duration.ofDays(7);
    var soon = image().dates(now.plusSeconds(86_400), null).build();
    var later = image().dates(now.plusSeconds(30 * 86_400L), null).build();
    insertImages(soon, later);

    var due = read((Tx tx) -> tx.images().dueWarnings(now, lead, 100));

    assertThat(due)
        .containsExactly(
            new ImageRepository.Warning(soon.id(), "deprecation", soon.deprecationAt(), lead));
    assertThat(write((Tx tx) -> tx.images().recordWarning(due.getFirst()))).isTrue();
    assertThat(write((Tx tx) -> tx.images().recordWarning(due.getFirst()))).isFalse();
    assertThat(read((Tx tx) -> tx.images().dueWarnings(now, lead, 100))).isEmpty();
    assertThat(read((Tx tx) -> tx.images().nextWarningDue(now, lead)))
        .contains(later.deprecationAt().minus(lead));
  }

  @Test
  void a_closed_store_refuses_work() {
    store.close();
    assertThatThrownBy(() -> read((Tx tx) -> null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> write((Tx tx) -> null)).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers
  // -----------------------------------------------------------------------------------------------------

  /**
   * The store's due queries restate the lifecycle's due rule in SQL, for its indexes. Over images
   * in every status with every kind of date, they find exactly what {@code ImageTransitions} says
   * will move: the images due now, the next moment one falls due, and the advance warnings.
   */
  @Test
  void the_due_queries_agree_with_the_lifecycle_table_for_every_status_and_date() {
    var now = Fixtures.CREATED.plusSeconds(3600);
    var lead = Duration.ofSeconds(600);
    var moments = new ArrayList<Instant>();
    moments.add(null);
    moments.addAll(
        List.of(
            now.minusSeconds(60),
            now,
            now.plusSeconds(60),
            now.plusSeconds(600),
            now.plusSeconds(6000)));
    var images = new ArrayList<Image>();
    for (var status : ImageStatus.values()) {
      for (var deprecation : moments) {
        for (var obsolescence : moments) {
          if (deprecation == null || obsolescence == null || deprecation.isBefore(obsolescence)) {
            images.add(image().status(status).dates(deprecation, obsolescence).build());
          }
        }
      }
    }
    insertImages(images.toArray(Image[]::new));

    var dueNow =
        images.stream()
            .filter(i -> ImageTransitions.dueEvent(i, now) != null)
            .map(Image::id)
            .toList();
    assertThat(read((Tx tx) -> tx.images().dueForLifecycle(now, 10_000)))
        .extracting(Image::id)
        .containsExactlyInAnyOrderElementsOf(dueNow)
        .isNotEmpty();

    var next =
        images.stream()
            .flatMap(
                i ->
                    java.util.stream.Stream.of(i.deprecationAt(), i.obsolescenceAt())
                        .filter(
                            d ->
                                d != null
                                    && d.isAfter(now)
                                    && ImageTransitions.dueEvent(i, d) != null))
            .min(Instant::compareTo);
    assertThat(read((Tx tx) -> tx.images().nextLifecycleDue(now))).isEqualTo(next).isPresent();

    var warnings = new ArrayList<String>();
    for (var i : images) {
      for (var event : List.of("deprecation", "obsolescence")) {
        var date = event.equals("deprecation") ? i.deprecationAt() : i.obsolescenceAt();
        if (date != null
            && date.isAfter(now)
            && !date.isAfter(now.plus(lead))
            && ImageTransitions.dueEvent(i, date) != null) {
          warnings.add(i.id() + " " + event + " " + date);
        }
      }
    }
    assertThat(read((Tx tx) -> tx.images().dueWarnings(now, lead, 10_000)))
        .extracting(w -> w.imageId() + " " + w.event() + " " + w.dueAt())
        .containsExactlyInAnyOrderElementsOf(warnings)
        .isNotEmpty();
  }

  /**
   * Inside {@code assertThat(…)} the lambda is written {@code (Tx tx) -> …}: with an implicit
   * parameter type Java cannot choose among assertThat's overloads.
   */
  protected <T> T read(Function<Tx, T> work) {
    return store.read(work);
  }

  protected <T> T write(Function<Tx, T> work) {
    return store.write(work);
  }

  protected void inWrite(Consumer<Tx> work) {
    store.write(
        (Tx tx) -> {
          work.accept(tx);
          return null;
        });
  }

  /** Runs {@code task(0..n-1)} on n threads released together, and returns what each returned. */
  protected static <R> List<R> race(int threads, TaskOf<R> task)
      throws InterruptedException, ExecutionException {
    var start = new CountDownLatch(1);
    try (var executor = Executors.newFixedThreadPool(threads)) {
      var futures = new ArrayList<Future<R>>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        Callable<R> call =
            () -> {
              await(start);
              return task.run(n);
            };
        futures.add(executor.submit(call));
      }
      start.countDown();
      var results = new ArrayList<R>();
      for (var f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } catch (TimeoutException e) {
      throw new AssertionError("a racing thread did not finish", e);
    }
  }

  @FunctionalInterface
  protected interface TaskOf<R> {
    R run(int index) throws Exception;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ImageRepository.Query search(String term) {
    return query(new ImageFilter(null, null, null, null, null, null, null, term));
  }

  /** Every image in {@code sort}'s order, read {@code limit} at a time as a client pages. */
  private List<String> walk(ImageSort sort, int limit) {
    return walkImages(sort, limit).stream().map(Image::id).toList();
  }

  private List<String> walkNames(ImageSort sort, int limit) {
    return walkImages(sort, limit).stream().map(Image::name).toList();
  }

  private List<Image> walkImages(ImageSort sort, int limit) {
    var query = new ImageRepository.Query(ImageFilter.none(), ACCOUNT, sort);
    var all = new ArrayList<Image>();
    var request = new PageRequest(limit, 0);
    while (true) {
      var asked = request;
      var page = read((Tx tx) -> tx.images().list(query, asked));
      all.addAll(page.items());
      if (!page.hasNext()) {
        return all;
      }
      request = new PageRequest(limit, page.nextAfter(), page.nextKey());
    }
  }

  private static ImageRepository.Query query(ImageFilter filter) {
    return new ImageRepository.Query(filter, ACCOUNT);
  }

  private static ImageRepository.Query statuses(ImageStatus... statuses) {
    var set =
        statuses.length == 0
            ? EnumSet.noneOf(ImageStatus.class)
            : EnumSet.copyOf(List.of(statuses));
    return query(new ImageFilter(set, null, null, null, null, null, null));
  }

  private void tag(TaggedResource resource, String... names) {
    inWrite(
        tx -> {
          for (var name : names) {
            tx.tags().attach(resource, new TagName(name));
          }
        });
  }

  private void insertImages(Image... images) {
    inWrite(tx -> List.of(images).forEach(tx.images()::insert));
  }

  private void insertVolumes(Volume... volumes) {
    inWrite(tx -> List.of(volumes).forEach(tx.volumes()::insert));
  }

  private void insertInstances(Instance... instances) {
    inWrite(tx -> List.of(instances).forEach(tx.instances()::insert));
  }

  private List<String> imageIds(ImageRepository.Query query) {
    return read((Tx tx) -> tx.images().list(query, PageRequest.all())).items().stream()
        .map(Image::id)
        .toList();
  }

  private List<String> volumeIds(VolumeFilter filter) {
    return read((Tx tx) -> tx.volumes().list(filter, PageRequest.all())).items().stream()
        .map(Volume::id)
        .toList();
  }

  private List<String> instanceIds(InstanceFilter filter) {
    return read((Tx tx) -> tx.instances().list(filter, PageRequest.all())).items().stream()
        .map(Instance::id)
        .toList();
  }

  private List<String> subnetIds(SubnetRepository.Filter filter) {
    return read((Tx tx) -> tx.subnets().list(filter, PageRequest.all())).items().stream()
        .map(Subnet::id)
        .toList();
  }

  private List<String> vpcIds(VpcRepository.Filter filter) {
    return read((Tx tx) -> tx.vpcs().list(filter, PageRequest.all())).items().stream()
        .map(Vpc::id)
        .toList();
  }

  private static Subnet renamed(Subnet s, String name) {
    return new Subnet(
        s.id(),
        name,
        s.network(),
        s.resourceGroupId(),
        s.allocatedAddresses(),
        s.createdAt(),
        s.version());
  }

  private static Image withVersion(Image i, long version) {
    return new Image(
        i.id(), i.name(), i.state(), i.owner(), i.file(), i.origin(), i.createdAt(), version);
  }
}
