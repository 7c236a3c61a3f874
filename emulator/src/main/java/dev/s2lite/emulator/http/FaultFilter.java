package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.fault.FaultAction;
import dev.s2lite.emulator.fault.Faults;
import dev.s2lite.emulator.journal.Journal;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the fault rules to S2 requests, before any route runs. */
public final class FaultFilter implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(FaultFilter.class);

  /** The request attribute telling a session after how many messages to drop itself. */
  static final String DROP_AFTER = "s2lite.fault-drop-after";

  private final Faults faults;

  public FaultFilter(Faults faults) {
    this.faults = faults;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.before("/v1/*", this::apply);
  }

  private void apply(Context ctx) throws InterruptedException, IOException {
    RequestTarget target = RequestTarget.of(ctx.req());
    Faults.Firing firing = faults.fire(target.operation(), target.basin(), target.stream()).orElse(null);
    if (firing == null) {
      return;
    }
    LOG.info("fault rule {} acts on {} {}: {}", firing.ruleId(), ctx.method(), ctx.path(), firing.action());
    Journal.Recording recording = JournalFilter.recording(ctx.req());
    if (recording != null) {
      recording.fault(firing.ruleId());
    }
    FaultAction action = firing.action();
    if (action instanceof FaultAction.Fail fail) {
      if (!target.operation().isSession()) {
        // Read (and so journal) what the client sent, as the request would have been read.
        ctx.req().getInputStream().readNBytes(Requests.MAX_BODY_BYTES);
      }
      throw S2Error.injected(fail.status(), fail.code(), fail.message());
    } else if (action instanceof FaultAction.Delay delay) {
      Thread.sleep(delay.latency().toMillis());
    } else if (action instanceof FaultAction.DropSession drop) {
      ctx.attribute(DROP_AFTER, drop.afterMessages());
    } else if (action instanceof FaultAction.CloseConnection) {
      if (recording != null) {
        recording.complete(0);
      }
      Connections.close(ctx.req());
      ctx.skipRemainingHandlers();
    }
  }
}
