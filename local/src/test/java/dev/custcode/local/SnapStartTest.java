package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart is on for every function, as a parameter that can turn it off, and everything that
 * invokes a function invokes the alias SAM publishes (an unqualified ARN would run {@code $LATEST},
 * which has no snapshot). Nothing a function declares rules SnapStart out.
 */
class SnapStartTest {
    private static final SamTemplate TEMPLATE = TestStack.template();

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionPublishesAnAliasWithSnapStartOnByDefault() {
        Map<String, Object> parameter = (Map<String, Object>) TEMPLATE.parameters().get("SnapStart");
        assertThat(parameter.get("Default")).isEqualTo("PublishedVersions");
        assertThat((List<String>) parameter.get("AllowedValues")).containsExactlyInAnyOrder("PublishedVersions", "None");
        List<String> functions = TEMPLATE.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).hasSize(12);
        for (String function : functions) {
            Map<String, Object> p = TEMPLATE.functionProperties(function);
            assertThat(p.get("AutoPublishAlias")).as(function).isEqualTo("live");
            assertThat(p.get("SnapStart")).as(function).isEqualTo(Map.of("ApplyOn", Map.of("Ref", "SnapStart")));
            // SnapStart's own limits: a Java 11+ managed runtime, no provisioned concurrency, no EFS,
            // ephemeral storage of at most 512 MB.
            assertThat((String) p.get("Runtime")).as(function).matches("java(11|17|21|25)");
            assertThat(p).as(function).doesNotContainKeys("ProvisionedConcurrencyConfig", "FileSystemConfigs");
            if (p.get("EphemeralStorage") instanceof Map<?, ?> storage) {
                assertThat(((Number) storage.get("Size")).intValue()).as(function).isLessThanOrEqualTo(512);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void permissionsTheTemplateWritesItselfAreTheAliass() {
        List<String> permissions = TEMPLATE.resourcesOfType("AWS::Lambda::Permission");
        assertThat(permissions).isNotEmpty();
        for (String permission : permissions) {
            Object function = TEMPLATE.properties(permission).get("FunctionName");
            assertThat(function).as(permission).isInstanceOf(Map.class);
            assertThat((String) ((Map<String, Object>) function).get("Ref")).as(permission).endsWith(".Alias");
        }
    }
}
