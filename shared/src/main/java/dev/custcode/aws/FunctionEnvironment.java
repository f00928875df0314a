package dev.custcode.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment variables the template gives every function, validated once at init so a
 * misconfigured deployment fails at its first cold start with every missing name listed.
 *
 * @param bucket          {@code DATA_BUCKET}
 * @param customersTable  {@code CUSTOMERS_TABLE}
 * @param countersTable   {@code COUNTERS_TABLE}
 * @param importsTable    {@code IMPORTS_TABLE}
 * @param historyTable    {@code HISTORY_TABLE}
 * @param foldersTable    {@code FOLDERS_TABLE}
 * @param forcePathStyle  {@code S3_FORCE_PATH_STYLE}: true only against local S3-compatible servers
 */
public record FunctionEnvironment(String bucket, String customersTable, String countersTable, String importsTable,
                                  String historyTable, String foldersTable, boolean forcePathStyle) {

    public static FunctionEnvironment fromSystem() {
        return from(System.getenv());
    }

    public static FunctionEnvironment from(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        String bucket = required(env, "DATA_BUCKET", missing);
        String customers = required(env, "CUSTOMERS_TABLE", missing);
        String counters = required(env, "COUNTERS_TABLE", missing);
        String imports = required(env, "IMPORTS_TABLE", missing);
        String history = required(env, "HISTORY_TABLE", missing);
        String folders = required(env, "FOLDERS_TABLE", missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing environment variables: " + String.join(", ", missing)
                    + " (the template sets them; locally the runtime does)");
        }
        return new FunctionEnvironment(bucket, customers, counters, imports, history, folders,
                Boolean.parseBoolean(env.getOrDefault("S3_FORCE_PATH_STYLE", "false")));
    }

    private static String required(Map<String, String> env, String name, List<String> missing) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            missing.add(name);
        }
        return v;
    }
}
