package dev.custcode.local;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --env-vars} file of {@code sam local invoke} and {@code sam local start-api}
 * ({@code events/env.json}) that points the functions, running in sam's containers, at this
 * local stack: per function, every variable its template environment declares (Globals and its
 * own; sam sets no other) with the value the local stack gives it, and the stack's addresses as
 * a container reaches the host ({@code host.docker.internal}). {@code custcode-local
 * --print-sam-env} prints it for the stack's ports; {@code SamLocalTest} checks the shipped file
 * is what it prints for the default ones.
 */
final class SamLocalEnv {
    static final String HOST = "host.docker.internal";

    private SamLocalEnv() {
    }

    static Map<String, Map<String, String>> render(LocalRuntime.Config config) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (FunctionDefinition f : LocalRuntime.resolve(config).functions()) {
            Map<String, String> local = LocalRuntime.environment(f, config);
            Map<String, String> vars = new TreeMap<>();
            for (String name : f.environment().keySet()) {
                vars.put(name, fromContainer(local.get(name)));
            }
            vars.put("ENDPOINT_URL_S3", "http://" + HOST + ":" + config.s3Port());
            vars.put("ENDPOINT_URL_DYNAMODB", "http://" + HOST + ":" + config.dynamoPort());
            vars.put("ENDPOINT_URL_SQS", "http://" + HOST + ":" + config.sqsPort());
            vars.put("S3_FORCE_PATH_STYLE", "true");
            out.put(f.logicalId(), vars);
        }
        return out;
    }

    static String json(LocalRuntime.Config config) throws IOException {
        return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(render(config)) + "\n";
    }

    private static String fromContainer(String value) {
        return value == null ? "" : value.replace("127.0.0.1", HOST).replace("localhost", HOST);
    }
}
