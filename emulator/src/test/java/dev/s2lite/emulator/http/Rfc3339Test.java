package dev.s2lite.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timestamps as s2-lite prints them (LITE-0.43 §11): nanoseconds, trailing zeros dropped. */
class Rfc3339Test {

  @Test
  void nanosecondsAreKeptAndTrailingZerosDropped() {
    assertThat(Rfc3339.format(Instant.parse("2026-11-29T08:51:09.560285301Z"))).isEqualTo("2026-11-29T08:51:09.560285301Z");
    assertThat(Rfc3339.format(Instant.parse("2026-11-29T08:34:07.309221730Z"))).isEqualTo("2026-11-29T08:34:07.30922173Z");
    assertThat(Rfc3339.format(Instant.parse("2026-11-29T08:34:07.500Z"))).isEqualTo("2026-11-29T08:34:07.5Z");
  }

  @Test
  void aWholeSecondHasNoFraction() {
    assertThat(Rfc3339.format(Instant.parse("2026-11-29T08:34:07Z"))).isEqualTo("2026-11-29T08:34:07Z");
  }
}
