package dev.s2lite.emulator.record;

import dev.s2lite.emulator.testing.Transport;

/** {@link RecordsBehaviour} over HTTP/1.1 (JDK HttpClient). */
class RecordsOverHttp1Test extends RecordsBehaviour {

  @Override
  Transport transport() {
    return Transport.http1();
  }
}
