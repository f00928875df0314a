package dev.custcode.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log, as its CloudWatch log group keeps it in AWS: what the function prints and the
 * runtime's lines about it ({@code REPORT … Status: timeout}), on the console and, for a running
 * stack, appended to {@code <data>/logs/<Function>.log} with a timestamp per line.
 */
final class FunctionLog implements AutoCloseable {
    private final Logger logger;
    private final Writer file;
    private boolean closed;

    private FunctionLog(String function, Writer file) {
        this.logger = LoggerFactory.getLogger("function." + function);
        this.file = file;
    }

    static FunctionLog consoleOnly(String function) {
        return new FunctionLog(function, Writer.nullWriter());
    }

    static FunctionLog toFile(String function, Path dir) throws IOException {
        Files.createDirectories(dir);
        return new FunctionLog(function, Files.newBufferedWriter(dir.resolve(function + ".log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** A line as the function printed it: kept as is in the file; a JSON log line shown readably on the console. */
    void info(String line) {
        String readable = readable(line);
        if (readable.startsWith("ERROR ")) {
            logger.error(readable.substring(6));
        } else if (readable.startsWith("WARN ")) {
            logger.warn(readable.substring(5));
        } else {
            logger.info(readable);
        }
        append(line);
    }

    /**
     * A JSON log line (Powertools' layout) as {@code LEVEL logger message [importId=…]}, with the
     * error's stack; any other line unchanged.
     */
    static String readable(String line) {
        if (line.startsWith("{\"_aws\"")) {
            return metricsLine(line);
        }
        if (!line.startsWith("{\"level\"")) {
            return line;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode j = Json.MAPPER.readTree(line);
            StringBuilder out = new StringBuilder(j.path("level").asText()).append(' ').append(j.path("message").asText());
            for (String key : new String[]{"importId", "chunk", "runId"}) {
                if (j.hasNonNull(key)) {
                    out.append(' ').append(key).append('=').append(j.get(key).asText());
                }
            }
            if (j.path("error").isObject()) {
                out.append('\n').append(j.path("error").path("stack").asText(j.path("error").path("message").asText()));
            }
            return out.toString();
        } catch (java.io.IOException e) {
            return line;
        }
    }

    /**
     * An embedded-metric-format line as {@code METRICS operation=import Rows=12 … importId=…}: its
     * dimensions, then each metric the line declares with its value, then the other properties.
     */
    static String metricsLine(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode j = Json.MAPPER.readTree(line);
            com.fasterxml.jackson.databind.JsonNode directive = j.path("_aws").path("CloudWatchMetrics").path(0);
            StringBuilder out = new StringBuilder("METRICS");
            java.util.Set<String> shown = new java.util.HashSet<>(java.util.List.of("_aws"));
            for (com.fasterxml.jackson.databind.JsonNode set : directive.path("Dimensions")) {
                for (com.fasterxml.jackson.databind.JsonNode name : set) {
                    if (shown.add(name.asText())) {
                        out.append(' ').append(name.asText()).append('=').append(j.path(name.asText()).asText());
                    }
                }
            }
            for (com.fasterxml.jackson.databind.JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                shown.add(name);
                out.append(' ').append(name).append('=').append(j.path(name).isNumber() && j.path(name).asDouble() == Math.rint(j.path(name).asDouble())
                        ? Long.toString(j.path(name).asLong()) : j.path(name).toString());
            }
            j.fieldNames().forEachRemaining(name -> {
                if (shown.add(name)) {
                    out.append(' ').append(name).append('=').append(j.path(name).asText());
                }
            });
            return out.toString();
        } catch (java.io.IOException e) {
            return line;
        }
    }

    void warn(String line) {
        logger.warn(line);
        append(line);
    }

    private synchronized void append(String line) {
        if (closed) {
            return;
        }
        try {
            file.write(Instant.now() + " " + line + "\n");
            file.flush();
        } catch (IOException e) {
            logger.warn("could not write the function's log file: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            file.close();
        } catch (IOException e) {
            logger.warn("could not close the function's log file: {}", e.toString());
        }
    }
}
