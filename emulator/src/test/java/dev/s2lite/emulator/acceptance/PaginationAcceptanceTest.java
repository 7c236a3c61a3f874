package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listing basins and streams: prefix, start_after, limit and has_more (REFERENCE §5, §22.1, §22.2). */
class PaginationAcceptanceTest extends AcceptanceTest {

  private static final String BASIN = "my-basin-1";

  // 22.1 test_list_basins_multiple
  @Test
  void basinsAreListedInNameOrder() {
    for (String name : List.of("delta-basin", "alpha-basin", "echo-basin", "charlie-basin", "bravo-basin")) {
      createBasin(name);
    }

    JsonNode page = listBasins("");

    assertThat(names(page, "basins"))
        .containsExactly("alpha-basin", "bravo-basin", "charlie-basin", "delta-basin", "echo-basin");
    assertThat(page.get("has_more").asBoolean()).isFalse();
  }

  // 22.1 test_list_basins_pagination
  @Test
  void basinsArePagedWithStartAfterAndHasMore() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      all.add(String.format("basin-%03d", i));
      send(Req.put("/v1/basins/" + all.get(i))).assertStatus(201);
    }

    List<String> seen = new ArrayList<>();
    List<Boolean> hasMore = new ArrayList<>();
    String after = "";
    for (int page = 0; page < 3; page++) {
      JsonNode res = listBasins("?limit=5&start_after=" + after);
      List<String> names = names(res, "basins");
      assertThat(names).hasSize(5);
      seen.addAll(names);
      hasMore.add(res.get("has_more").asBoolean());
      after = names.get(names.size() - 1);
    }

    assertThat(seen).isEqualTo(all);
    assertThat(hasMore).containsExactly(true, true, false);
  }

  // 22.1 test_list_basins_prefix_filter, test_list_basins_prefix_with_pagination
  @Test
  void aPrefixFiltersBasinsAndPagesWithinTheMatches() {
    for (int i = 0; i < 10; i++) {
      send(Req.put("/v1/basins/prod-basin-" + i)).assertStatus(201);
    }
    send(Req.put("/v1/basins/test-basin-0")).assertStatus(201);
    send(Req.put("/v1/basins/aaaa-basin-0")).assertStatus(201);

    assertThat(names(listBasins("?prefix=test"), "basins")).containsExactly("test-basin-0");
    JsonNode first = listBasins("?prefix=prod-&limit=4");
    JsonNode second = listBasins("?prefix=prod-&limit=4&start_after=prod-basin-3");
    JsonNode third = listBasins("?prefix=prod-&limit=4&start_after=prod-basin-7");

    assertThat(names(first, "basins")).containsExactly("prod-basin-0", "prod-basin-1", "prod-basin-2", "prod-basin-3");
    assertThat(names(second, "basins")).containsExactly("prod-basin-4", "prod-basin-5", "prod-basin-6", "prod-basin-7");
    assertThat(names(third, "basins")).containsExactly("prod-basin-8", "prod-basin-9");
    assertThat(List.of(first, second, third)).extracting(p -> p.get("has_more").asBoolean())
        .containsExactly(true, true, false);
  }

  @Test
  void startAfterBelowThePrefixIsIneffectiveAndAboveItGivesAnEmptyPage() {
    for (String name : List.of("aaaa-basin", "prod-basin-1", "prod-basin-2", "zzzz-basin")) {
      createBasin(name);
    }

    assertThat(names(listBasins("?prefix=prod&start_after=aaaa"), "basins"))
        .containsExactly("prod-basin-1", "prod-basin-2");
    assertThat(names(listBasins("?prefix=prod&start_after=prod-basin-1"), "basins")).containsExactly("prod-basin-2");
    assertThat(listBasins("?prefix=prod&start_after=q")).isEqualTo(json("{'basins': [], 'has_more': false}"));
    assertThat(names(listBasins("?start_after=prod-basin-2"), "basins")).containsExactly("zzzz-basin");
  }

  @Test
  void aPageHoldingExactlyTheRemainingItemsHasNoMore() {
    for (String name : List.of("basin-one", "basin-two", "basin-three")) {
      createBasin(name);
    }

    JsonNode page = listBasins("?limit=3");

    assertThat(names(page, "basins")).hasSize(3);
    assertThat(page.get("has_more").asBoolean()).isFalse();
    assertThat(listBasins("?limit=2").get("has_more").asBoolean()).isTrue();
  }

  @Test
  void basinLimitZeroOrAbove1000MeansTheDefaultNotAnError() {
    for (String name : List.of("basin-one", "basin-two", "basin-three")) {
      createBasin(name);
    }

    assertThat(names(listBasins("?limit=0"), "basins")).hasSize(3);
    assertThat(names(listBasins("?limit=1001"), "basins")).hasSize(3);
    assertThat(names(listBasins("?limit=99999999999"), "basins")).hasSize(3);
  }

  @Test
  void invalidBasinListQueriesAreBadQuery() {
    for (String query : List.of("?limit=-1", "?limit=ten", "?limit=1.5", "?prefix=Prod", "?prefix=-prod",
        "?prefix=prod_", "?start_after=Basin", "?prefix=" + "a".repeat(49), "?start_after=" + "a".repeat(49), "?limit=1&limit=2", "?prefix=a&prefix=b")) {
      assertThat(send(Req.get("/v1/basins" + query)).assertError(400, "bad_query"))
          .startsWith("Failed to deserialize query string: ");
    }
  }

  @Test
  void aBasinPrefixMayEndWithAHyphenAndUnknownQueryParametersAreIgnored() {
    createBasin("prod-basin");

    assertThat(names(listBasins("?prefix=prod-&color=blue"), "basins")).containsExactly("prod-basin");
  }

  // 22.2 test_list_streams_multiple
  @Test
  void streamsAreListedInNameOrder() {
    createBasin(BASIN);
    for (String name : List.of("stream-d", "stream-a", "stream-e", "stream-c", "stream-b")) {
      createStream(BASIN, name);
    }

    JsonNode page = listStreams(BASIN, "");

    assertThat(names(page, "streams")).containsExactly("stream-a", "stream-b", "stream-c", "stream-d", "stream-e");
    assertThat(page.get("has_more").asBoolean()).isFalse();
  }

  // 22.2 test_list_streams_pagination
  @Test
  void streamsArePagedWithStartAfterAndHasMore() {
    createBasin(BASIN);
    for (int i = 0; i < 12; i++) {
      send(Req.put("/v1/streams/" + String.format("stream-%02d", i)).basin(BASIN)).assertStatus(201);
    }

    JsonNode first = listStreams(BASIN, "?limit=5");
    JsonNode second = listStreams(BASIN, "?limit=5&start_after=stream-04");
    JsonNode third = listStreams(BASIN, "?limit=5&start_after=stream-09");

    assertThat(names(first, "streams")).hasSize(5).startsWith("stream-00");
    assertThat(names(second, "streams")).hasSize(5).startsWith("stream-05");
    assertThat(names(third, "streams")).containsExactly("stream-10", "stream-11");
    assertThat(List.of(first, second, third)).extracting(p -> p.get("has_more").asBoolean())
        .containsExactly(true, true, false);
  }

  // 22.2 test_list_streams_prefix_filter
  @Test
  void aPrefixFiltersStreams() {
    createBasin(BASIN);
    for (String name : List.of("orders/eu", "orders/us", "logs", "order", "payments")) {
      createStream(BASIN, name);
    }

    assertThat(names(listStreams(BASIN, "?prefix=orders%2F"), "streams")).containsExactly("orders/eu", "orders/us");
    assertThat(names(listStreams(BASIN, "?prefix=orders/&start_after=orders/eu"), "streams"))
        .containsExactly("orders/us");
    assertThat(names(listStreams(BASIN, "?prefix=."), "streams")).isEmpty();
  }

  @Test
  void streamsAreOrderedByTheirUtf8BytesNotByUtf16() {
    createBasin(BASIN);
    // UTF-16 would put the emoji (a surrogate pair, 0xD83D...) before U+FB00; UTF-8 puts it last.
    List<String> utf8Order = List.of("A", "Z", "a", "z", "\u00e9", "\u20ac", "\ufb00", "\ud83d\ude00");
    for (String name : List.of("\ud83d\ude00", "\ufb00", "z", "\u00e9", "a", "\u20ac", "Z", "A")) {
      send(Req.put("/v1/streams/" + encode(name)).basin(BASIN)).assertStatus(201);
    }

    assertThat(names(listStreams(BASIN, ""), "streams")).isEqualTo(utf8Order);
    assertThat(names(listStreams(BASIN, "?start_after=" + encode("\u20ac") + "&limit=1"), "streams"))
        .containsExactly("\ufb00");
    assertThat(names(listStreams(BASIN, "?start_after=" + encode("\ufb00")), "streams"))
        .containsExactly("\ud83d\ude00");
    assertThat(names(listStreams(BASIN, "?prefix=" + encode("\u00e9")), "streams")).containsExactly("\u00e9");
  }

  @Test
  void streamLimitZeroOrAbove1000MeansPagesOf1000() {
    createBasin(BASIN);
    for (int i = 0; i < 1001; i++) {
      send(Req.put("/v1/streams/" + String.format("s%04d", i)).basin(BASIN)).assertStatus(201);
    }

    for (String query : List.of("", "?limit=0", "?limit=1001", "?limit=5000")) {
      JsonNode page = listStreams(BASIN, query);
      assertThat(page.get("streams")).as(query).hasSize(1000);
      assertThat(page.get("has_more").asBoolean()).as(query).isTrue();
    }
    JsonNode rest = listStreams(BASIN, "?limit=0&start_after=s0999");
    assertThat(names(rest, "streams")).containsExactly("s1000");
    assertThat(rest.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void invalidStreamListQueriesAreBadQuery() {
    createBasin(BASIN);
    for (String query : List.of("?limit=-1", "?limit=x", "?prefix=" + "p".repeat(513), "?start_after=" + "p".repeat(513))) {
      send(Req.get("/v1/streams" + query).basin(BASIN)).assertError(400, "bad_query");
    }
    assertThat(listStreams(BASIN, "?prefix=" + "p".repeat(512)).get("streams")).isEmpty();
  }

  private static List<String> names(JsonNode page, String field) {
    List<String> names = new ArrayList<>();
    page.get(field).forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
