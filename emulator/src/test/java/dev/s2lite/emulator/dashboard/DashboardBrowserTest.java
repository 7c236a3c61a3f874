package dev.s2lite.emulator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.fault.ActiveFault;
import dev.s2lite.emulator.fault.FaultAction;
import dev.s2lite.emulator.fault.Operation;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's {@code chromium} driven through
 * {@code chromedriver}): every page loads without console errors, a record appended through the
 * S2 API shows up in the live tail, the forms reset state, advance the clock and add a fault.
 * A screenshot of each page goes to {@code target/dashboard-screenshots/}. Needs chromium and
 * chromedriver ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them);
 * without them the test fails rather than skips, because CI must run it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String BASIN = "dashboard-basin";

  private static S2LiteServer s2;
  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    s2 = S2LiteServer.builder().port(0).build().start();
    s2.seed("{\"basins\": [{\"name\": \"" + BASIN + "\", \"config\": {\"create_stream_on_append\": true},"
        + " \"streams\": [{\"name\": \"orders/eu\", \"config\": {\"retention_policy\": \"1d\"}}, {\"name\": \"audit\"}]},"
        + " {\"name\": \"other-basin-1\"}]}");
    append("orders/eu", "{\"records\": [{\"body\": \"order 1\", \"headers\": [[\"kind\", \"created\"]]},"
        + " {\"body\": \"order 2\"}]}");
    profile = Files.createTempDirectory("s2lite-chromium-");
    browser = chromium(profile);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (s2 != null) {
      s2.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static WebDriver chromium(Path userDataDir) {
    File driver = executable(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"), "chromedriver");
    File binary = executable(System.getProperty("s2lite.chromium", "/usr/bin/chromium"), "chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + userDataDir);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static File executable(String path, String what) {
    File file = new File(path);
    assertThat(file.canExecute())
        .as("%s at %s (Debian: apt-get install chromium chromium-driver; or -Dwebdriver.chrome.driver / -Ds2lite.chromium)",
            what, path)
        .isTrue();
    return file;
  }

  @Test
  @Order(1)
  void theBasinsPageListsBasinsWithTheirStreams() {
    open("/dashboard");

    WebElement row = waitFor(By.cssSelector("tr[data-basin='" + BASIN + "']"));
    assertThat(row.getText()).contains(BASIN).contains("2");
    assertThat(browser.findElement(By.cssSelector("tr[data-basin='other-basin-1']")).isDisplayed()).isTrue();
    pageIsClean("basins");
  }

  @Test
  @Order(2)
  void aBasinPageShowsItsStreamsConfigsAndTails() {
    open("/dashboard/basins/" + BASIN);

    WebElement row = waitFor(By.cssSelector("tr[data-stream='orders/eu']"));
    assertThat(row.getText()).contains("orders/eu").contains("{\"age\":86400}").contains("express");
    assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("2");
    pageIsClean("basin");
  }

  @Test
  @Order(3)
  void aStreamPageShowsRecordsAndTheLiveTailShowsANewAppend() throws Exception {
    open("/dashboard/basins/" + BASIN + "/streams/orders%2Feu");
    WebElement first = waitFor(By.cssSelector("#records tr[data-seq='0']"));
    assertThat(first.getText()).contains("order 1").contains("kind: created");
    waitForText(By.id("live-status"), "live");

    append("orders/eu", "{\"records\": [{\"body\": \"appended while watching\"}]}");

    WebElement live = waitFor(By.cssSelector("#live-tail tr[data-seq='2']"));
    assertThat(live.getText()).contains("appended while watching");
    new Select(browser.findElement(By.id("body-format"))).selectByValue("hex");
    waitForText(By.cssSelector("#records tr[data-seq='0']"), "6f 72 64 65 72 20 31");
    pageIsClean("stream");
  }

  @Test
  @Order(4)
  void theJournalPageListsTheRequestsSent() {
    open("/dashboard/journal");

    WebElement table = waitFor(By.cssSelector("#journal table"));
    waitForText(By.cssSelector("#journal table"), "append");
    assertThat(table.getText()).contains(BASIN).contains("orders/eu");
    pageIsClean("journal");
  }

  @Test
  @Order(5)
  void theFaultFormAddsARule() {
    open("/dashboard/faults");
    waitForText(By.id("faults"), "No fault rules");

    new Select(browser.findElement(By.cssSelector("#add-fault select[name='operation']"))).selectByValue("append");
    browser.findElement(By.cssSelector("#add-fault input[name='basin']")).sendKeys(BASIN);
    browser.findElement(By.cssSelector("#add-fault input[name='status']")).clear();
    browser.findElement(By.cssSelector("#add-fault input[name='status']")).sendKeys("429");
    browser.findElement(By.cssSelector("#add-fault button[type='submit']")).click();

    WebElement row = waitFor(By.cssSelector("#faults tr[data-rule]"));
    assertThat(row.getText()).contains("append").contains(BASIN).contains("error 429 rate_limited");
    List<ActiveFault> rules = s2.faults().rules();
    assertThat(rules).singleElement().satisfies(r -> {
      assertThat(r.rule().operations()).containsExactly(Operation.APPEND);
      assertThat(r.rule().basin()).isEqualTo(BASIN);
      assertThat(r.rule().action()).isEqualTo(new FaultAction.Fail(429, "rate_limited", "injected fault"));
    });
    pageIsClean("faults");
    s2.faults().clear();
  }

  @Test
  @Order(6)
  void theClockFormsFreezeAndAdvanceTheServerClock() {
    open("/dashboard/clock");
    waitFor(By.id("clock-now"));

    browser.findElement(By.id("freeze")).click();
    new WebDriverWait(browser, WAIT).until(d -> s2.clock().isFrozen());
    Instant frozen = s2.clock().instant();
    WebElement by = browser.findElement(By.cssSelector("#advance-clock input[name='by']"));
    by.clear();
    by.sendKeys("2d");
    browser.findElement(By.cssSelector("#advance-clock button[type='submit']")).click();

    new WebDriverWait(browser, WAIT).until(d -> s2.clock().instant().equals(frozen.plus(Duration.ofDays(2))));
    waitForText(By.id("clock-now"), frozen.plus(Duration.ofDays(2)).toString());
    waitForText(By.id("clock-state"), "frozen");
    pageIsClean("clock");
    s2.clock().reset();
  }

  @Test
  @Order(7)
  void theServerPageShowsTheConfigAndItsResetFormForgetsEverything() throws Exception {
    open("/dashboard/server");
    waitForText(By.id("server-config"), "134217728");
    assertThat(browser.findElement(By.id("server-config")).getText()).contains(String.valueOf(s2.port()));
    pageIsClean("server");

    browser.findElement(By.cssSelector("#reset-all button[type='submit']")).click();

    new WebDriverWait(browser, WAIT).until(d -> basins().equals("{\"basins\":[],\"has_more\":false}"));
    browser.findElement(By.cssSelector("header nav a[data-nav='basins']")).click();
    waitForText(By.id("basins"), "No basins yet");
    pageIsClean("basins-after-reset");
  }

  // --- browser helpers ---

  private static void open(String path) {
    browser.get(s2.endpoint() + path);
  }

  private static WebElement waitFor(By by) {
    return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void waitForText(By by, String text) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** No console errors so far on this page; then its screenshot. */
  private static void pageIsClean(String name) {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    screenshot(name);
    assertThat(errors).as("console errors on the %s page", name).isEmpty();
  }

  private static void screenshot(String name) {
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- S2 API helpers ---

  private static void append(String stream, String json) throws IOException, InterruptedException {
    HttpResponse<String> ack = HTTP.send(HttpRequest.newBuilder(
            URI.create(s2.endpoint() + "/v1/streams/" + stream.replace("/", "%2F") + "/records"))
        .header("s2-basin", BASIN).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
  }

  private static String basins() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(s2.endpoint() + "/v1/basins")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
