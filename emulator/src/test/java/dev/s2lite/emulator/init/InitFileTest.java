package dev.s2lite.emulator.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinReconfiguration;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.json.Patch;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The init file: strict parsing, humantime durations, and applying it again and again (REFERENCE §19.5). */
class InitFileTest {

  private static final Path SOURCE = Path.of("init.json");
  private static final String FILE = "{'basins': [{'name': 'my-basin-1', 'config': {'create_stream_on_read': true,"
      + " 'default_stream_config': {'retention_policy': '1w', 'delete_on_empty': {'min_age': '1day'}}},"
      + " 'streams': [{'name': 'events', 'config': {'retention_policy': 'Infinite'}}, {'name': 'logs'}]}]}";

  private final MemoryStore store = new MemoryStore();
  private final ReentrantLock lock = new ReentrantLock();
  private final Engines engines = new Engines(store, Clock.systemUTC(), () -> {});
  private final Housekeeper housekeeper =
      new Housekeeper(store, engines, Clock.systemUTC(), lock, Duration.ZERO);
  private final BasinService basins = new BasinService(store, Clock.systemUTC(), lock, housekeeper);
  private final StreamService streams =
      new StreamService(store, Clock.systemUTC(), lock, basins, housekeeper, engines);

  @Test
  void applyingTheSameFileAgainChangesNothing() {
    InitFile init = parse(FILE);
    init.apply(basins, streams);
    var basinsBefore = store.basins("", "", 100);
    var streamsBefore = store.streams("my-basin-1", "", "", 100);

    init.apply(basins, streams);

    assertThat(store.basins("", "", 100)).isEqualTo(basinsBefore);
    assertThat(store.streams("my-basin-1", "", "", 100)).isEqualTo(streamsBefore);
    assertThat(streams.config("my-basin-1", "events").retentionPolicy()).isEqualTo(new RetentionPolicy.Infinite());
    assertThat(streams.config("my-basin-1", "logs").retentionPolicy()).isEqualTo(new RetentionPolicy.Age(604800));
    assertThat(streams.config("my-basin-1", "logs").deleteOnEmptyMinAgeSecs()).isEqualTo(86400L);
  }

  @Test
  void applyingAgainResetsChangedConfigsAndLeavesOtherResourcesAlone() {
    InitFile init = parse(FILE);
    init.apply(basins, streams);
    basins.reconfigure("my-basin-1", new BasinReconfiguration(Patch.absent(), Patch.absent(), true, false));
    streams.ensure("my-basin-1", "logs", new StreamConfig(StorageClass.STANDARD, null, null, null));
    streams.ensure("my-basin-1", "extra", StreamConfig.UNSET);
    basins.ensure("other-basin", BasinConfig.DEFAULTS);

    init.apply(basins, streams);

    BasinConfig config = basins.config("my-basin-1");
    assertThat(config.createStreamOnAppend()).isFalse();
    assertThat(config.createStreamOnRead()).isTrue();
    assertThat(streams.config("my-basin-1", "logs").storageClass()).isEqualTo(StorageClass.EXPRESS);
    assertThat(store.stream("my-basin-1", "extra")).isPresent();
    assertThat(store.basin("other-basin")).isPresent();
  }

  @Test
  void aBasinBeingDeletedMakesApplyingFail() {
    parse(FILE).apply(basins, streams);
    basins.delete("my-basin-1");

    assertThatThrownBy(() -> parse(FILE).apply(basins, streams))
        .isInstanceOf(InitFileException.class)
        .hasMessageContaining("init.json").hasMessageContaining("my-basin-1");
  }

  @Test
  void humanDurationsAreReadAsTheS2CliReadsThem() {
    assertThat(HumanDuration.seconds("7days")).isEqualTo(604800);
    assertThat(HumanDuration.seconds("1w")).isEqualTo(604800);
    assertThat(HumanDuration.seconds("2h 30m")).isEqualTo(9000);
    assertThat(HumanDuration.seconds("3600s")).isEqualTo(3600);
    assertThat(HumanDuration.seconds("1day")).isEqualTo(86400);
    assertThatThrownBy(() -> HumanDuration.seconds("7 fortnights")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HumanDuration.seconds("soon")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HumanDuration.seconds("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void humanDurationsBeyondU64SecondsAreRejectedNotWrapped() {
    assertThat(HumanDuration.seconds("18446744073709551615s")).isEqualTo(-1L);
    assertThatThrownBy(() -> HumanDuration.seconds("18446744073709551616s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> HumanDuration.seconds("600000000000000000y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
  }

  @Test
  void unknownFieldsAreRejectedAtEveryLevelBelowTheRoot() {
    for (String file : List.of("{'basins': [], 'streams': []}",
        "{'basins': [{'name': 'my-basin-1', 'colour': 'blue'}]}",
        "{'basins': [{'name': 'my-basin-1', 'config': {'storage_class': 'express'}}]}",
        "{'basins': [{'name': 'my-basin-1', 'config': {'default_stream_config': {'retention': '1d'}}}]}",
        "{'basins': [{'name': 'my-basin-1', 'streams': [{'name': 's', 'config': {'delete_on_empty': {'min_age_secs': 5}}}]}]}",
        "{'basins': [{'name': 'my-basin-1', 'streams': [{'name': 's', 'config': {'timestamping': {'mode': 'arrival', 'x': 1}}}]}]}")) {
      assertThatThrownBy(() -> parse(file)).as(file)
          .isInstanceOf(InitFileException.class).hasMessageContaining("init.json").hasMessageContaining("unknown field");
    }
  }

  @Test
  void invalidContentIsRejectedNamingTheFile() {
    for (String file : List.of("{", "[]", "{'basins': {}}", "{'basins': [{'name': 'BAD'}]}",
        "{'basins': [{'name': 'my-basin-1', 'streams': [{'name': ''}]}]}",
        "{'basins': [{'name': 'my-basin-1', 'config': {'default_stream_config': {'retention_policy': '0s'}}}]}",
        "{'basins': [{'name': 'my-basin-1', 'streams': [{'name': 's', 'config': {'retention_policy': '7 fortnights'}}]}]}",
        "{'basins': [{'name': 'my-basin-1', 'config': {'stream_cipher': 'rot13'}}]}",
        "{'basins': [{'name': 'my-basin-1'}, {'name': 'my-basin-1'}]}",
        "{'basins': [{'name': 'my-basin-1', 'streams': [{'name': 's'}, {'name': 's'}]}]}")) {
      assertThatThrownBy(() -> parse(file)).as(file)
          .isInstanceOf(InitFileException.class).hasMessageContaining("init.json");
    }
  }

  @Test
  void everyDuplicateAndZeroRetentionIsListedAtOnce() {
    String file = "{'basins': [{'name': 'my-basin-1', 'config': {'default_stream_config': {'retention_policy': '0s'}},"
        + " 'streams': [{'name': 'a', 'config': {'retention_policy': '0 days'}}, {'name': 'a'}]},"
        + " {'name': 'my-basin-1'}]}";

    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(InitFileException.class)
        .hasMessageContaining("init.json")
        .hasMessageContaining("duplicate basin name \"my-basin-1\"")
        .hasMessageContaining("duplicate stream name \"a\"")
        .hasMessageContaining("zero retention in the default stream config of basin \"my-basin-1\"")
        .hasMessageContaining("zero retention for stream \"a\"");
  }

  private static InitFile parse(String singleQuoted) {
    return InitFile.parse(SOURCE, singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }
}
