package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real Chromium (Debian's, driven by Playwright; never a downloaded browser).
 * One browser serves every test; each test has a fresh context, so nothing carries over.
 */
class ConsoleTest {
  /** Debian's Chromium, which bin/test installs when it is missing. */
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("IMPRINT_CHROMIUM", "/usr/bin/chromium"));

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;

  private BrowserContext context;
  private Page page;
  private final List<String> consoleErrors = new ArrayList<>();

  @BeforeAll
  static void start_a_server_and_chromium() {
    server = TestServer.start();
    playwright = playwright();
    browser = launch(playwright);
  }

  /** Debian's Chromium, headless, quiet: no component updates or sync calling out. */
  static Browser launch(Playwright playwright) {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          CHROMIUM + " is missing: bin/test installs Debian's chromium (apt-get install chromium)");
    }
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setHeadless(true)
                .setExecutablePath(CHROMIUM)
                .setArgs(
                    List.of(
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync")));
  }

  /** Playwright that never downloads a browser. */
  static Playwright playwright() {
    var env = new HashMap<>(System.getenv());
    env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    return Playwright.create(new Playwright.CreateOptions().setEnv(env));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open_a_fresh_page() {
    context = browser.newContext();
    page = context.newPage();
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error")) {
            consoleErrors.add(message.text());
          }
        });
    page.onPageError(consoleErrors::add);
  }

  @AfterEach
  void close_the_page() {
    context.close();
  }

  @Test
  void signing_in_with_an_api_key_shows_the_user_and_the_account() {
    signIn(page, server, TestServer.ADMIN_APIKEY);

    var admin = server.server().iam().firstAdministrator().orElseThrow();
    var account =
        server.api().get("/v2/resource_groups").body().path("resources").path(0).path("account_id");
    assertThat(page.locator("#user")).hasText(admin);
    assertThat(page.locator("#account")).hasText(account.asText());
    // the header's switcher: a form of the console may have a resource group field too
    assertThat(page.locator("#session").getByLabel("Resource group")).containsText("Default");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
        .isVisible();
  }

  @Test
  void the_sign_in_page_and_the_images_page_follow_the_wcag_a_and_aa_rules() {
    open(page, server);
    assertThat(page.getByLabel("API key")).isVisible();
    Accessibility.assertAccessible(page);

    signIn(page, server, TestServer.ADMIN_APIKEY);
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Stock images")).click();
    assertThat(page.locator("#image-rows tr").first()).isVisible();
    Accessibility.assertAccessible(page);
  }

  @Test
  void a_wrong_api_key_shows_the_api_s_message_and_its_trace() {
    open(page, server);
    page.getByLabel("API key").fill("not-a-key-of-this-account");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

    assertThat(page.getByRole(AriaRole.ALERT)).containsText("Provided API key could not be found.");
    assertThat(page.locator("#error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(page.getByLabel("API key")).isVisible();
    assertThat(page.locator("#session")).isHidden();
  }

  @Test
  void the_images_page_lists_the_stock_images_and_filters_them_by_status_and_by_name() {
    var stock = stockImages();
    var deprecated = stock.stream().filter(i -> i.path("status").asText().equals("deprecated"));
    var deprecatedCount = deprecated.count();
    assertThat(deprecatedCount).as("the stock catalog keeps deprecated versions").isPositive();
    signIn(page, server, TestServer.ADMIN_APIKEY);

    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Stock images")).click();
    page.getByLabel("Items per page").selectOption("50");
    var rows = page.locator("#image-rows tr");
    assertThat(rows).hasCount(stock.size());
    assertThat(page.locator("#image-count")).hasText("1–" + stock.size() + " of " + stock.size());

    var chip = chip("Deprecated");
    assertThat(chip).hasText("Deprecated (" + deprecatedCount + ")");
    chip.click();
    assertThat(chip).hasAttribute("aria-pressed", "true");
    assertThat(rows).hasCount((int) deprecatedCount);
    for (var status : rows.locator("td:nth-child(2)").allTextContents()) {
      assertThat(status).isEqualTo("Deprecated");
    }

    chip("All").click();
    var name = stock.getFirst().path("name").asText();
    var named = stock.stream().filter(i -> i.path("name").asText().contains(name)).count();
    page.getByLabel("Search by name").fill(name);
    assertThat(rows).hasCount((int) named);
    assertThat(rows.first().locator("td").first()).hasText(name);
    page.getByLabel("Search by name").fill("no image is called this");
    assertThat(page.getByText("No images match.")).isVisible();
  }

  @Test
  void the_console_and_the_api_explorer_run_under_a_strict_content_security_policy() {
    var response = page.navigate(server.baseUrl() + "/console/");
    var policy = response.headers().get("content-security-policy");
    assertThat(policy).contains("script-src 'self'", "default-src 'none'");
    assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
    signIn(page, server, TestServer.ADMIN_APIKEY);
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Stock images")).click();
    assertThat(page.locator("#image-rows tr").first()).isAttached();

    var explorer = page.navigate(server.baseUrl() + "/console/api/");
    assertThat(explorer.headers().get("content-security-policy")).isEqualTo(policy);
    assertThat(page.locator("#operations-Images-listImages")).isVisible();
    assertThat(consoleErrors).isEmpty();
  }

  @Test
  void signing_out_forgets_the_token_and_a_reload_asks_to_sign_in_again() {
    signIn(page, server, TestServer.ADMIN_APIKEY);
    assertThat(kept()).as("nothing stored beside the page's memory").isEqualTo("||");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    assertThat(page.getByLabel("API key")).isVisible();
    assertThat(page.locator("#session")).isHidden();
    assertThat(page.locator("#image-rows tr")).hasCount(0);

    page.reload();
    assertThat(page.getByLabel("API key")).isVisible();
    assertThat(page.locator("#images")).isHidden();
    assertThat(kept()).isEqualTo("||");
  }

  @Test
  void a_signed_in_page_renews_its_token_before_it_expires() {
    try (var shortTokens = TestServer.start(Map.of("token-ttl", "PT1M"))) {
      var renewal =
          page.waitForRequest(
              request ->
                  request.url().endsWith("/identity/token")
                      && request.postData().contains("grant_type=refresh_token"),
              () -> signIn(page, shortTokens, TestServer.ADMIN_APIKEY));
      var renewed = renewal.response();
      assertThat(renewed.status()).isEqualTo(200);

      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Stock images")).click();
      assertThat(page.locator("#image-rows tr").first()).isAttached();
      assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
    }
  }

  /** Local storage, session storage and cookies, joined by {@code |}. */
  private String kept() {
    return (String)
        page.evaluate(
            "() => JSON.stringify(localStorage).replace('{}', '') + '|'"
                + " + JSON.stringify(sessionStorage).replace('{}', '') + '|' + document.cookie");
  }

  private Locator chip(String status) {
    return page.locator("#status-chips")
        .getByRole(
            AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^" + status + " \\(")));
  }

  private static List<JsonNode> stockImages() {
    var images = new ArrayList<JsonNode>();
    server
        .api()
        .get("/v1/images?visibility=public&limit=100")
        .body()
        .path("images")
        .forEach(images::add);
    return images;
  }

  /**
   * Types {@code text} into the search box and waits for the list to answer it: the rows of the
   * previous query stay until then, and a click on one of them could land on a row being replaced.
   */
  static void search(Page page, String text) {
    page.getByLabel("Search by name").fill(text);
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "true");
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "false");
  }

  static void open(Page page, TestServer server) {
    page.navigate(server.baseUrl() + "/console/");
  }

  static void signIn(Page page, TestServer server, String apikey) {
    open(page, server);
    page.getByLabel("API key").fill(apikey);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    assertThat(page.locator("#session")).isVisible();
  }
}
