package dev.s2lite.emulator.dashboard;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.http.Routes;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.store.StoreLocation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The web dashboard at {@code /dashboard}, served as s2-lite 0.43 serves its own (the same routes,
 * content types, caching and fallbacks; {@code --no-dashboard} turns it off): a single-page app
 * whose files are in the jar, with no build step and nothing fetched from elsewhere. It shows
 * basins, streams, records and a live tail through the S2 API, like lite's, and the emulator's
 * clock, fault rules and request journal through the admin API.
 */
public final class DashboardRoutes implements Routes {

  private static final String RESOURCES = "/dev/s2lite/emulator/dashboard/";
  private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8", "svg", "image/svg+xml", "ico", "image/x-icon",
      "png", "image/png", "woff2", "font/woff2", "json", "application/json");

  /**
   * What the Server page shows: lite's {@code /dashboard/config.json}, with this server's values.
   *
   * @param store where the data lives
   * @param wal where the write-ahead log lives, or null for "with the data"
   * @param path the key prefix inside the store ({@code --path}); empty for none
   * @param flushInterval the flush interval in force
   */
  public record ServerInfo(String version, Instant startedAt, StoreLocation store, StoreLocation wal, String path,
      Duration flushInterval, Tls tls, int port, boolean cors, String initFile, long appendInflightBytes) {}

  /** How the port speaks, as lite's {@code tls} key says it. */
  public enum Tls {
    /** Cleartext. */
    NONE,
    /** {@code --tls-self}. */
    SELF_SIGNED,
    /** {@code --tls-cert} and {@code --tls-key}. */
    CERTIFICATE;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Supplier<ServerInfo> info;
  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  public DashboardRoutes(Supplier<ServerInfo> info) {
    this.info = info;
  }

  @Override
  public void register(RoutesConfig routes) {
    Handler index = ctx -> {
      ctx.header("cache-control", "no-cache");
      serve(ctx, "index.html", "text/html; charset=utf-8");
    };
    Handler config = ctx -> {
      ctx.header("cache-control", "no-cache");
      ctx.contentType("application/json");
      ctx.result(Json.bytes(config()));
    };
    Handler asset = ctx -> {
      String name = ctx.pathParam("file");
      String ext = name.substring(name.lastIndexOf('.') + 1);
      ctx.header("cache-control", "public, max-age=3600");
      serve(ctx, "assets/" + name, TYPES.getOrDefault(ext, "application/octet-stream"));
    };
    // Javalin takes the first route that matches, so the catch-all for client-side pages comes last.
    get(routes, "/dashboard/config.json", config);
    get(routes, "/dashboard/assets/<file>", asset);
    for (String path : new String[] {"/dashboard", "/dashboard/", "/dashboard/<page>"}) {
      get(routes, path, index);
    }
    Handler notAllowed = ctx -> {
      ctx.header("allow", "GET,HEAD");
      ctx.status(405);
      ctx.result(new byte[0]);
    };
    for (String path : new String[] {"/dashboard", "/dashboard/", "/dashboard/<page>"}) {
      routes.post(path, notAllowed);
      routes.put(path, notAllowed);
      routes.patch(path, notAllowed);
      routes.delete(path, notAllowed);
    }
  }

  private static void get(RoutesConfig routes, String path, Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  private void serve(Context ctx, String resource, String contentType) {
    String file = resource.startsWith("assets/") ? resource.substring("assets/".length()) : resource;
    Optional<byte[]> bytes = ASSET_NAME.matcher(file).matches()
        ? files.computeIfAbsent(resource, DashboardRoutes::load) : Optional.empty();
    if (bytes.isEmpty()) {
      ctx.status(404);
      ctx.result(new byte[0]);
      return;
    }
    ctx.status(200);
    ctx.contentType(contentType);
    ctx.result(bytes.get());
  }

  private static Optional<byte[]> load(String resource) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode config() {
    ServerInfo i = info.get();
    ObjectNode out = Json.object();
    out.put("version", i.version());
    out.put("started_at", i.startedAt().toString());
    out.set("store", location(i.store()));
    out.set("wal", i.wal() == null ? NullNode.getInstance() : location(i.wal()));
    out.put("path", i.path());
    out.put("flush_interval_ms", i.flushInterval().toMillis());
    out.put("tls", i.tls().wireName());
    out.put("port", i.port());
    out.put("cors", i.cors());
    out.put("init_file", i.initFile());
    out.put("append_inflight_bytes", i.appendInflightBytes());
    return out;
  }

  /** A store as lite names it: {@code {"kind":"memory"}}, {@code {"kind":"local","root":...}}, {@code {"kind":"s3","bucket":...}}. */
  private static ObjectNode location(StoreLocation location) {
    ObjectNode out = Json.object();
    if (location instanceof StoreLocation.LocalRoot local) {
      out.put("kind", "local").put("root", local.dir().toString());
    } else if (location instanceof StoreLocation.Bucket bucket) {
      out.put("kind", "s3").put("bucket", bucket.name());
    } else {
      out.put("kind", "memory");
    }
    return out;
  }
}
