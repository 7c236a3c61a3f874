package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * A second class on the shared container, running in parallel with {@link SingletonContainerIT}
 * (see junit-platform.properties): each works in its own basins, and a reset waits for this class
 * (the shared lock is read here, written by the reset test).
 */
@ResourceLock(value = SharedS2Lite.RESOURCE, mode = ResourceAccessMode.READ)
class SharedContainerParallelIT {

  @RepeatedTest(5)
  void eachTestWorksInItsOwnBasinOnTheSharedContainer() {
    S2Http http = new S2Http(SharedS2Lite.S2.getEndpoint());
    String basin = S2LiteContainerContract.uniqueBasin("parallel");
    http.createBasin(basin);
    http.createStream(basin, "log");

    http.append(basin, "log", "a", "b", "c");

    S2Http.Response tail = http.get(S2Http.records("log") + "/tail", Map.of("s2-basin", basin));
    assertThat(tail.status()).as(tail.body()).isEqualTo(200);
    assertThat(tail.json().at("/tail/seq_num").asLong()).isEqualTo(3);
  }
}
