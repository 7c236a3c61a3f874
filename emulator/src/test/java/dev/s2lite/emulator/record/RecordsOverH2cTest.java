package dev.s2lite.emulator.record;

import dev.s2lite.emulator.testing.Transport;

/** {@link RecordsBehaviour} over HTTP/2 cleartext with prior knowledge (OkHttp). */
class RecordsOverH2cTest extends RecordsBehaviour {

  @Override
  Transport transport() {
    return Transport.h2c();
  }
}
