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

    void info(String line) {
        logger.info(line);
        append(line);
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
