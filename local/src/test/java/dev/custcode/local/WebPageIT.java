package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * skipped with a message saying so where they are missing): after an import the tree shows the
 * counts of {@code _index.json}, a folder shows its statistics and its members page by page in
 * code order, a phone finds its customer, the imports list shows the import with its links, and a
 * file dropped on the page is uploaded (presigned PUT) and imported.
 * Screenshots of the views go to {@code target/screenshots/}.
 */
class WebPageIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        Chromium.assumeInstalled();
        browser = Chromium.start();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The codes of the members table's rows, read in one script call (the page may replace the rows any moment). */
    @SuppressWarnings("unchecked")
    private static List<String> codesOnPage() {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#members tbody tr')].map(r => r.dataset.code).filter(c => c)");
    }

    @Test
    void aManagerSeesTheGroupsAFolderItsMembersAndFindsACustomer() throws Exception {
        TestStack stack = STACK.get();
        // The sample (12 customers, phones among them) and 45 more in Beijing, so north has pages to turn.
        StringBuilder more = new StringBuilder("客户编号,客户名称,省份,城市,客户类型,销售渠道,累计金额,订单数,最近下单日期\n");
        for (int i = 1; i <= 45; i++) {
            more.append("W").append(i).append(",北京网页客户").append(i).append("有限公司,北京,北京,企业,直销,").append(i * 1000).append(",3,2026-10-01\n");
        }
        stack.put("incoming/sample.csv", TestStack.ROOT.resolve("events/customers-sample.csv"));
        stack.awaitExport(stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(3)), Duration.ofMinutes(3));
        stack.put("incoming/beijing.csv", more.toString().getBytes(StandardCharsets.UTF_8));
        String beijing = stack.importIdOf("incoming/beijing.csv");
        stack.awaitExport(stack.awaitReport(beijing, Duration.ofMinutes(3)), Duration.ofMinutes(3));
        JsonNode index = stack.json("groups/_index.json");

        browser.get(stack.runtime.apiEndpoint().resolve("/").toString());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tree-total")));
        assertThat(browser.findElement(By.id("tree-total")).getAttribute("data-total")).isEqualTo(index.get("total").asText());
        for (JsonNode top : index.get("children")) {
            WebElement node = browser.findElement(By.cssSelector(".node[data-path='" + top.get("path").asText() + "']"));
            assertThat(node.getAttribute("data-count")).as(top.get("path").asText()).isEqualTo(top.get("count").asText());
            assertThat(node.findElement(By.cssSelector(".row .count")).getText()).isEqualTo(String.format("%,d", top.get("count").asLong()));
        }

        // Open north: it expands, its statistics are its summary's, its members come 20 at a time in code order.
        JsonNode north = stack.json("groups/north/_summary.json");
        browser.findElement(By.cssSelector(".node[data-path='north'] > .row")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("stat-count"), String.format("%,d", north.at("/statistics/count").asLong())));
        for (JsonNode top : index.get("children")) {
            JsonNode child = top.path("children").path(0);
            boolean shown = browser.findElement(By.cssSelector(".node[data-path='" + child.get("path").asText() + "']")).isDisplayed();
            assertThat(shown).as(child.get("path").asText() + " shown: only north is expanded").isEqualTo(top.get("path").asText().equals("north"));
        }
        waiting().until(d -> codesOnPage().size() == 20);
        screenshot("groups");
        List<String> all = new ArrayList<>(codesOnPage());
        while (browser.findElement(By.id("next-page")).isEnabled()) {
            String first = codesOnPage().get(0);
            browser.findElement(By.id("next-page")).click();
            waiting().until(d -> !codesOnPage().isEmpty() && !codesOnPage().get(0).equals(first));
            all.addAll(codesOnPage());
        }
        assertThat(all).hasSize((int) north.at("/statistics/count").asLong()).doesNotHaveDuplicates().isSorted();

        // A phone as the sample writes it finds its customer; the detail shows its history.
        browser.findElement(By.id("search-input")).sendKeys("010-6543 2100");
        browser.findElement(By.cssSelector("#search button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("detail-code")));
        assertThat(browser.findElement(By.id("detail-code")).getText()).startsWith("NED000001").contains("北京星河科技有限公司");
        assertThat(browser.findElement(By.cssSelector("#detail-fields dd[data-field='folder 分组']")).getText()).isEqualTo("north/enterprise/tier-a");
        assertThat(browser.findElement(By.cssSelector("#detail-fields")).getText()).doesNotContain("[object");
        waiting().until(d -> !d.findElements(By.cssSelector("#history tr")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#history")).getText()).contains("created");
        // Why it is there: each dimension's deciding rule (GET /customers/{code}/explain).
        assertThat(browser.findElement(By.cssSelector("#why li[data-dimension='region']")).getText())
                .contains("rule 1: table provinces on province → north");
        assertThat(browser.findElements(By.cssSelector("#why li[data-dimension]"))).hasSize(6);
        screenshot("customer");
        browser.findElement(By.id("detail-close")).click();

        // A source id shaped like a code (the sample's C0002) is no code: it is then searched as a source id.
        browser.findElement(By.id("search-input")).clear();
        browser.findElement(By.id("search-input")).sendKeys("C0002");
        browser.findElement(By.cssSelector("#search button")).click();
        waiting().until(d -> !d.findElements(By.id("detail-code")).isEmpty() && d.findElement(By.id("detail-code")).getText().contains("上海浦江贸易有限公司"));
        browser.findElement(By.id("detail-close")).click();
        // Digits that are no phone number (000777, which the API refuses as one) are looked up as ids: no error.
        browser.findElement(By.id("search-input")).clear();
        browser.findElement(By.id("search-input")).sendKeys("000777");
        browser.findElement(By.cssSelector("#search button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-body"), "nobody has phone, customer id, tax id 000777"));
        assertThat(browser.findElements(By.cssSelector("#detail-body .error"))).isEmpty();
        browser.findElement(By.id("detail-close")).click();
        // And a code is still a code.
        browser.findElement(By.id("search-input")).clear();
        browser.findElement(By.id("search-input")).sendKeys("ned000001");
        browser.findElement(By.cssSelector("#search button")).click();
        waiting().until(d -> !d.findElements(By.id("detail-code")).isEmpty() && d.findElement(By.id("detail-code")).getText().startsWith("NED000001"));
        browser.findElement(By.id("detail-close")).click();

        // The imports, newest first, each with its status and its report.
        browser.findElement(By.cssSelector(".tab[data-view='imports']")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#imports tr[data-import='" + beijing + "'] a")));
        WebElement row = browser.findElement(By.cssSelector("#imports tr[data-import='" + beijing + "']"));
        assertThat(row.getAttribute("data-status")).isEqualTo("COMPLETED");
        assertThat(browser.findElements(By.cssSelector("#imports tbody tr")).get(0).getAttribute("data-import")).isEqualTo(beijing);
        assertThat(row.findElement(By.linkText("report")).getAttribute("href")).contains("X-Amz-Signature=");

        // Next month's file, dropped on the page: uploaded straight to incoming/ and imported.
        Path file = Files.createTempDirectory("custcode-drop").resolve("next-month.csv");
        Files.writeString(file, "客户编号,客户名称,省份,城市,累计金额,订单数,最近下单日期\nD1,杭州拖放客户有限公司,浙江,杭州,8000,2,2026-11-20\n"
                + "W1,北京网页客户1有限公司,北京,北京,99000,9,2026-11-25\n", StandardCharsets.UTF_8);
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        By state = By.cssSelector("#uploads li[data-file='next-month.csv'] .state");
        waiting().withTimeout(Duration.ofMinutes(2)).until(d -> d.findElement(state).getText().startsWith("COMPLETED"));
        assertThat(browser.findElement(state).getText()).contains("2 accepted", "0 rejected");
        String dropped = browser.findElement(By.cssSelector("#uploads li[data-file='next-month.csv']")).getAttribute("data-import");
        JsonNode report = stack.json("imports/" + dropped + "/report.json");
        assertThat(report.at("/source/key").asText()).isEqualTo("incoming/next-month.csv");
        assertThat(report.at("/counts/new").asLong()).isEqualTo(1);
        assertThat(report.at("/counts/updated").asLong()).isEqualTo(1);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#imports tr[data-import='" + dropped + "']")));
        screenshot("imports");
    }
}
