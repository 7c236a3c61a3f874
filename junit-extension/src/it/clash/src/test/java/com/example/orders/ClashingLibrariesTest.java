package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.s2lite.junit.S2Lite;
import dev.s2lite.junit.S2LiteInfo;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A project that pins older Jackson, Jetty, protobuf and Kotlin than the emulator's, and logs
 * through Logback: it keeps its own libraries, and the emulator keeps working beside them.
 */
@S2Lite(basins = "clash-basin")
class ClashingLibrariesTest {

  @Test
  void theProjectKeepsItsOwnLibraryVersions() {
    assertEquals("2.12.7", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
    assertEquals("9.4.57.v20241219", Server.getVersion());
    assertEquals("1.9.25", kotlin.KotlinVersion.CURRENT.toString());
    // RuntimeVersion arrived in protobuf-java 4; the project has 3.25.
    assertThrows(ClassNotFoundException.class, () -> Class.forName("com.google.protobuf.RuntimeVersion"));
    assertEquals(2, Timestamp.newBuilder().setSeconds(7).build().toByteArray().length);
  }

  @Test
  void theProjectsJacksonReadsWhatTheEmulatorAnswers(S2LiteInfo s2) throws Exception {
    S2.send(s2.endpoint(), "clash-basin", "POST", "/v1/streams", "{\"stream\":\"events\"}");
    S2.send(s2.endpoint(), "clash-basin", "POST", "/v1/streams/events/records", "{\"records\":[{\"body\":\"hello\"}]}");

    HttpResponse<String> read = S2.send(s2.endpoint(), "clash-basin", "GET", "/v1/streams/events/records?seq_num=0", null);

    JsonNode records = new ObjectMapper().readTree(read.body()).get("records");
    assertEquals(1, records.size(), read.body());
    assertEquals("hello", records.get(0).get("body").asText());
  }

  @Test
  void theEmulatorLogsThroughTheProjectsLogback() {
    LoggerContext logback = assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
    @SuppressWarnings("unchecked")
    ListAppender<ILoggingEvent> memory =
        (ListAppender<ILoggingEvent>) logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("memory");

    // Jetty, relocated inside the emulator, logs its start-up under dev.s2lite.shaded.
    assertTrue(memory.list.stream().anyMatch(e -> e.getLoggerName().startsWith("dev.s2lite.shaded.org.eclipse.jetty")),
        () -> "logged: " + memory.list.stream().map(ILoggingEvent::getLoggerName).distinct().toList());
  }
}
