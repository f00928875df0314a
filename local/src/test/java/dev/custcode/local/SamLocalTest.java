package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code events/env.json} (sam local's {@code --env-vars}) is what {@code custcode-local
 * --print-sam-env} prints for the default ports, and sets every variable each function's template
 * environment declares; the event fixtures read through the Lambda serializer into their
 * handlers' event types (their run through the handlers is {@code SamLocalEventsIT}'s).
 */
class SamLocalTest {
    private static final Path EVENTS = TestStack.ROOT.resolve("events");

    @Test
    void theEnvFileIsWhatTheStackPrintsAndCoversEveryDeclaredVariable() throws Exception {
        LocalRuntime.Config defaults = LocalRuntime.Config.defaults(TestStack.ROOT.resolve("template.yaml"), Path.of("unused"));
        String shipped = Files.readString(EVENTS.resolve("env.json"));
        assertThat(shipped).as("events/env.json is stale: regenerate it with ./custcode-local --print-sam-env > events/env.json")
                .isEqualTo(SamLocalEnv.json(defaults));

        SamTemplate template = SamTemplate.read(TestStack.ROOT.resolve("template.yaml"));
        JsonNode env = TestStack.JSON.readTree(shipped);
        assertThat(iterable(env.fieldNames())).containsExactlyInAnyOrderElementsOf(template.resourcesOfType("AWS::Serverless::Function"));
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) template.functionProperties(function)
                    .get("Environment")).get("Variables");
            assertThat(iterable(env.get(function).fieldNames())).as(function).containsAll(declared.keySet());
            env.get(function).fields().forEachRemaining(v -> {
                assertThat(v.getValue().asText()).as(function + " " + v.getKey()).doesNotContain("127.0.0.1");
                if (!(declared.get(v.getKey()) instanceof Map<?, ?> fn && fn.containsKey("Fn::If"))) {
                    // Only an optional variable (one the template sets with a condition) may be empty.
                    assertThat(v.getValue().asText()).as(function + " " + v.getKey()).isNotBlank();
                }
                assertThat(declared).as(function + ": sam only sets declared variables").containsKey(v.getKey());
            });
            assertThat(env.get(function).get("ENDPOINT_URL_S3").asText()).isEqualTo("http://host.docker.internal:4566");
            assertThat(env.get(function).get("DATA_BUCKET").asText()).isEqualTo("custcode-local");
        }
    }

    @Test
    void everyFixtureReadsAsItsEventTypeThroughTheLambdaSerializer() throws Exception {
        Map<String, Class<?>> types = Map.of("s3", S3Event.class, "sqs", SQSEvent.class, "schedule", ScheduledEvent.class,
                "api", APIGatewayV2HTTPEvent.class);
        Set<String> read = new TreeSet<>();
        try (var files = Files.list(EVENTS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("env.json")).toList()) {
                String name = file.getFileName().toString();
                String kind = name.startsWith("api-") ? "api" : name.contains("schedule") ? "schedule"
                        : name.contains("queued") ? "sqs" : "s3";
                Object event;
                try (InputStream in = Files.newInputStream(file)) {
                    event = LambdaEventSerializers.serializerFor(types.get(kind), getClass().getClassLoader()).fromJson(in);
                }
                if (event instanceof S3Event s3) {
                    assertThat(s3.getRecords()).singleElement().satisfies(r -> {
                        assertThat(r.getS3().getBucket().getName()).isEqualTo("custcode-local");
                        assertThat(r.getS3().getObject().getUrlDecodedKey()).doesNotContain("%").isNotBlank();
                        assertThat(r.getEventTime()).isNotNull();
                    });
                } else if (event instanceof SQSEvent sqs) {
                    assertThat(sqs.getRecords()).singleElement().satisfies(m -> {
                        assertThat(m.getMessageId()).isNotBlank();
                        assertThat(TestStack.JSON.readTree(m.getBody()).isObject()).isTrue();
                    });
                } else if (event instanceof ScheduledEvent s) {
                    assertThat(s.getTime()).isNotNull();
                } else if (event instanceof APIGatewayV2HTTPEvent a) {
                    assertThat(a.getRouteKey()).matches("(GET|POST) /.*");
                    assertThat(a.getRequestContext().getHttp().getMethod()).isEqualTo(a.getRouteKey().split(" ")[0]);
                } else {
                    throw new AssertionError(name + " read as " + event.getClass());
                }
                read.add(name);
            }
        }
        assertThat(read).hasSizeGreaterThanOrEqualTo(17);
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }
}
