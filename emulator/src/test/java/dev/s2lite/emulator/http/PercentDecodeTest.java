package dev.s2lite.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentDecodeTest {

  @Test
  void rawCharactersOutsideTheBmpSurviveBesideEscapes() {
    assertThat(Requests.percentDecode("\uD83D\uDE00%20x")).isEqualTo("\uD83D\uDE00 x");
  }

  @Test
  void escapesDecodeAsUtf8AndAPlusStaysAPlus() {
    assertThat(Requests.percentDecode("caf%C3%A9+%2F")).isEqualTo("café+/");
  }
}
