package dev.custcode.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and its driver for the browser tests and the page benchmark
 * ({@code -Dchromium=…}, {@code -Dchromedriver=…} point elsewhere); tests skip with what to install.
 */
final class Chromium {
    static final Path BROWSER = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Skips the calling test (class) where the browser or its driver is missing. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "browser tests skipped: no " + BROWSER + " or " + DRIVER + " (install Debian's chromium and chromium-driver: "
                        + "apt-get install chromium chromium-driver; or -Dchromium=… -Dchromedriver=…)");
    }

    /** A fresh headless browser with its own profile, 1400 × 900. */
    static WebDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                "--user-data-dir=" + Files.createTempDirectory("custcode-chromium"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
    }
}
