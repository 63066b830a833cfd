package io.logpulse.stack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser half of the dashboard's integration test: Debian's Chromium, driven through Debian's chromedriver by
 * Selenium, loads the dashboard the way a user does and checks what it shows. Its own JVM and classpath, because
 * Selenium's Guava and OpenTelemetry would replace the ones Spark and HBase need in the test's.
 *
 * <p>Usage: {@code DashboardBrowserCheck URL EXPECTED SCREENSHOT}. {@code EXPECTED} holds lines
 * {@code product TAB ROW TAB COUNT} and {@code host TAB ROW TAB REQUESTS}: what {@code report --format json} says. The check
 * <ol>
 *   <li>waits until the page's product clicks ({@code #product-clicks [data-row]}, its top
 *       {@code data-top} of them) and hosts ({@code #host-stats [data-row]}) equal them, then prints
 *       {@code figures: ok};</li>
 *   <li>prints {@code ready for an alert}, reads {@code alert RULE KEY RAISED_AT_MS} on stdin and waits until
 *       {@code #alerts li[data-rule][data-key]} shows it, at most 10 s after it was raised;</li>
 *   <li>checks that the health chart ({@code #health-chart}, attribute {@code data-points}) has points;</li>
 *   <li>saves a screenshot of the page.</li>
 * </ol>
 * Exit 0 when all held; 1 with a line {@code FAIL: ...} saying what the page showed instead.
 */
public final class DashboardBrowserCheck {

    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);
    private static final long ALERT_WITHIN_MS = 10_000;

    private DashboardBrowserCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DashboardBrowserCheck URL EXPECTED SCREENSHOT");
            System.exit(2);
        }
        Map<String, Long> products = new HashMap<>();
        Map<String, Long> hosts = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t");
            if (parts.length == 3) {
                (parts[0].equals("product") ? products : hosts).put(parts[1], Long.parseLong(parts[2]));
            }
        }
        WebDriver browser = start();
        try {
            browser.get(args[0]);
            check(browser, products, hosts);
            System.out.println("ready for an alert");
            System.out.flush();
            String[] alert = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
                    .split(" ");
            long raisedAt = Long.parseLong(alert[3]);
            String selector = "#alerts li[data-rule='" + alert[1] + "'][data-key='" + alert[2] + "']";
            await(raisedAt + ALERT_WITHIN_MS - System.currentTimeMillis(),
                    () -> browser.findElements(By.cssSelector(selector)).isEmpty() ? null : "",
                    () -> "no " + selector + " on the page " + ALERT_WITHIN_MS + " ms after the alert was raised; "
                            + "the page's alerts: " + texts(browser, "#alerts li"));
            System.out.println("alert: seen " + (System.currentTimeMillis() - raisedAt) + " ms after it was raised");
            String points = await(10_000, () -> {
                String value = browser.findElement(By.id("health-chart")).getAttribute("data-points");
                return value != null && !value.isEmpty() && Long.parseLong(value) > 0 ? value : null;
            }, () -> "the health chart has no points: data-points="
                    + browser.findElement(By.id("health-chart")).getAttribute("data-points"));
            System.out.println("health: " + points + " status points charted");
            Path shot = Path.of(args[2]);
            Files.createDirectories(shot.toAbsolutePath().getParent());
            Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                    StandardCopyOption.REPLACE_EXISTING);
            System.out.println("screenshot: " + shot);
        } catch (AssertionError failed) {
            System.out.println("FAIL: " + failed.getMessage());
            System.out.flush();
            browser.quit();
            System.exit(1);
        }
        browser.quit();
    }

    /** Debian's Chromium headless, with the flags that keep it off the (closed) network and out of a sandbox. */
    private static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("webdriver.chrome.driver",
                        "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
        return browser;
    }

    private static void check(WebDriver browser, Map<String, Long> products, Map<String, Long> hosts) {
        await(PAGE_LOAD.toMillis(), () -> {
            Map<String, Long> shownProducts = shown(browser, "#product-clicks [data-row]", "data-row",
                    "data-count");
            Map<String, Long> shownHosts = shown(browser, "#host-stats [data-row]", "data-row", "data-requests");
            String top = browser.findElement(By.id("product-clicks")).getAttribute("data-top");
            int expectedShown = Math.min(products.size(), top == null ? products.size() : Integer.parseInt(top));
            boolean productsMatch = shownProducts.size() == expectedShown && shownProducts.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(products.get(e.getKey())))
                    && shownProducts.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE)
                    >= products.values().stream().sorted((a, b) -> Long.compare(b, a)).skip(expectedShown)
                    .findFirst().orElse(0L);
            return productsMatch && shownHosts.equals(hosts) ? "" : null;
        }, () -> "the page's figures differ from the report: products shown "
                + shown(browser, "#product-clicks [data-row]", "data-row", "data-count") + ", expected "
                + products + "; hosts shown " + shown(browser, "#host-stats [data-row]", "data-row",
                "data-requests") + ", expected " + hosts + "; message: " + texts(browser, "#status-message"));
        System.out.println("figures: ok (" + products.size() + " products, " + hosts.size() + " hosts)");
    }

    private static Map<String, Long> shown(WebDriver browser, String selector, String keyAttribute,
                                           String valueAttribute) {
        Map<String, Long> shown = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector(selector))) {
            try {
                shown.put(row.getAttribute(keyAttribute), Long.parseLong(row.getAttribute(valueAttribute)));
            } catch (StaleElementReferenceException | NumberFormatException redrawn) {
                return Map.of(); // the page redrew the table while it was read: read it again
            }
        }
        return shown;
    }

    private static List<String> texts(WebDriver browser, String selector) {
        return browser.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
    }

    /** Polls until {@code condition} gives a value (not null), or fails with {@code failure} after the time. */
    private static String await(long millis, Supplier<String> condition, Supplier<String> failure) {
        long deadline = System.currentTimeMillis() + Math.max(0, millis);
        while (true) {
            String value;
            try {
                value = condition.get();
            } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException redrawn) {
                value = null;
            }
            if (value != null) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
