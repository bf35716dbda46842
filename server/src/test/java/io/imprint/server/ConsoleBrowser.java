package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test server and Debian's Chromium for one console test class ({@link ConsoleTest}'s launch),
 * and a fresh page for each test that fails it when a script in the page failed or logged an error.
 * Register it as {@code @RegisterExtension static final ConsoleBrowser console = new
 * ConsoleBrowser();}.
 */
final class ConsoleBrowser
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /**
   * Chromium logs every HTTP error answer; a 4xx is an API refusal, which the page shows and the
   * test looks at. Anything else logged as an error is a fault.
   */
  private static final Pattern REFUSAL =
      Pattern.compile("Failed to load resource: the server responded with a status of 4\\d\\d.*");

  private TestServer server;
  private Playwright playwright;
  private Browser browser;
  private BrowserContext context;
  private Page page;
  private final List<String> errors = new ArrayList<>();

  TestServer server() {
    return server;
  }

  Api api() {
    return server.api();
  }

  Page page() {
    return page;
  }

  /** Opens the console and signs in with {@code apikey}. */
  void signIn(String apikey) {
    ConsoleTest.signIn(page, server, apikey);
  }

  /** Signs in as the administrator and opens {@code hash} ({@code #/instances}, …). */
  void open(String hash) {
    signIn(TestServer.ADMIN_APIKEY);
    // a new hash, not a new page: a reload would forget the token
    page.evaluate("hash => { location.hash = hash; }", hash);
  }

  /**
   * The console's default Key Protect instance (keys.js's DEFAULT_INSTANCE), read from the page
   * itself; signs in first when the page is still blank.
   */
  String kmsInstance() {
    if (page.url().equals("about:blank")) {
      open("#/images");
    }
    return (String) page.evaluate("async () => (await import('./keys.js')).DEFAULT_INSTANCE");
  }

  @Override
  public void beforeAll(ExtensionContext extension) {
    server = TestServer.start();
    playwright = ConsoleTest.playwright();
    browser = ConsoleTest.launch(playwright);
  }

  @Override
  public void afterAll(ExtensionContext extension) {
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

  @Override
  public void beforeEach(ExtensionContext extension) {
    errors.clear();
    context = browser.newContext();
    page = context.newPage();
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error") && !REFUSAL.matcher(message.text()).matches()) {
            errors.add(message.text());
          }
        });
    page.onPageError(errors::add);
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    context.close();
    assertThat(errors).as("no script failed or logged an error in the page").isEmpty();
  }
}
