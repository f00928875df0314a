package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in to the web page, as with the template's Cognito user pool, against an OpenID Connect
 * provider on a loopback port ({@code --oidc-issuer}/{@code --oidc-client}): the HTTP API verifies
 * Bearer tokens as the JWT authorizer does (refusing forged, expired, foreign and other clients'
 * tokens with 401, before the function runs), a signed-in person is {@code sub:<subject>} and
 * {@code group:<Cognito group>} in {@code config/access.json}, and in a real headless Chromium the
 * page's sign-in button goes through the provider (authorization code with PKCE) and back to a
 * tree that shows the person's folders only.
 */
class WebSignInIT {
    private static final String CLIENT = "custcode-web-page";
    private static final TestIdentityProvider PROVIDER = startProvider();
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass(() -> TestStack.ROOT.resolve("template.yaml"), c -> {
        PROVIDER.registers("http://127.0.0.1:" + c.apiPort() + "/");
        return c.withOidc(PROVIDER.issuer(), CLIENT);
    });
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String northTotal;

    private static TestIdentityProvider startProvider() {
        try {
            return TestIdentityProvider.start(CLIENT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void importAndGrant() throws Exception {
        TestStack stack = STACK.get();
        stack.put("incoming/sample.csv", TestStack.ROOT.resolve("events/customers-sample.csv"));
        stack.awaitExport(stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(3)), Duration.ofMinutes(3));
        northTotal = stack.json("groups/north/_summary.json").at("/statistics/count").asText();
        stack.put("config/access.json", ("{\"grants\": [{\"principal\": \"group:north-sales\", \"folders\": [\"north\"]},"
                + "{\"principal\": \"sub:steward-1\", \"folders\": [\"*\"], \"personal\": true}],"
                + "\"default\": {\"folders\": []}}").getBytes(StandardCharsets.UTF_8));
        // The API reads its rules again within 10 s.
        TestStack.await(() -> {
            try {
                return groups(PROVIDER.idToken("bob", List.of("north-sales"))).body().contains("\"total\":" + northTotal);
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60), "the north team's view of the tree");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    private static HttpResponse<String> groups(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(STACK.get().runtime.apiEndpoint().resolve("/groups")).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiTakesTheProvidersTokensAsTheJwtAuthorizerDoesAndKnowsThePersonByTheirGroupsAndSubject() throws Exception {
        JsonNode north = TestStack.JSON.readTree(groups(PROVIDER.idToken("bob", List.of("north-sales"))).body());
        assertThat(north.get("children")).singleElement().satisfies(n -> assertThat(n.get("folder").asText()).isEqualTo("north"));
        JsonNode everything = TestStack.JSON.readTree(groups(PROVIDER.idToken("steward-1", List.of())).body());
        assertThat(everything.get("total").asLong()).isEqualTo(STACK.get().json("groups/_index.json").get("total").asLong()).isPositive();
        assertThat(TestStack.JSON.readTree(groups(PROVIDER.idToken("carol", List.of("east-sales"))).body()).get("total").asLong()).isZero();

        Instant later = Instant.now().plusSeconds(600);
        List<String> refused = List.of(
                PROVIDER.idToken("bob", List.of("north-sales"), PROVIDER.issuer(), CLIENT, later, false),
                PROVIDER.idToken("bob", List.of("north-sales"), PROVIDER.issuer(), CLIENT, Instant.now().minusSeconds(600), true),
                PROVIDER.idToken("bob", List.of("north-sales"), "http://127.0.0.1:1/another-pool", CLIENT, later, true),
                PROVIDER.idToken("bob", List.of("north-sales"), PROVIDER.issuer(), "another-client", later, true),
                "not-a-token");
        for (String token : refused) {
            HttpResponse<String> response = groups(token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertThat(STACK.get().functionLog("ApiFunction")).noneMatch(line -> line.contains("not-a-token"));
    }

    @Test
    void thePageSignsInThroughTheProviderAndShowsWhatThePersonMayRead() throws Exception {
        Chromium.assumeInstalled();
        WebDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            PROVIDER.signsIn("bob", List.of("north-sales"));
            URI page = STACK.get().runtime.apiEndpoint().resolve("/");

            // A link carrying someone's token in its fragment plants nothing: the page signs in only through its provider.
            browser.get(page + "#id_token=" + PROVIDER.idToken("steward-1", List.of()));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tree-total")));
            assertThat(browser.findElement(By.id("tree-total")).getAttribute("data-total")).isEqualTo("0");
            assertThat(browser.getCurrentUrl()).doesNotContain("id_token");

            // Not signed in: a sign-in button, and the default grant (nothing) in the tree.
            browser.get(page.toString());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tree-total")));
            assertThat(browser.findElement(By.id("tree-total")).getAttribute("data-total")).isEqualTo("0");

            // Through the provider and back: the code is exchanged, the query is gone, north is shown.
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out")));
            wait.until(ExpectedConditions.attributeToBe(By.id("tree-total"), "data-total", northTotal));
            assertThat(browser.getCurrentUrl()).isEqualTo(page.toString());
            assertThat(browser.findElements(By.cssSelector("#tree .node[data-path]")).stream().map(e -> e.getAttribute("data-path"))
                    .filter(p -> !p.contains("/")).toList()).containsExactly("north");
            Path shots = Files.createDirectories(Path.of("target", "screenshots"));
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), shots.resolve("signed-in.png"), StandardCopyOption.REPLACE_EXISTING);

            // A reload keeps the session; signing out ends it.
            browser.navigate().refresh();
            wait.until(ExpectedConditions.attributeToBe(By.id("tree-total"), "data-total", northTotal));
            browser.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
            wait.until(ExpectedConditions.attributeToBe(By.id("tree-total"), "data-total", "0"));
        } finally {
            browser.quit();
        }
    }
}
