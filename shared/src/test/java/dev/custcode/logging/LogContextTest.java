package dev.custcode.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    @Test
    void aPoolThreadSeesTheCallersContextAndKeepsNoneOfItAfterwards() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> MDC.put("leftover", "x")).get();
            MDC.put("importId", "abc");
            MDC.put("function_request_id", "req-1");
            Map<String, String> seen = CompletableFuture.supplyAsync(LogContext.carried(MDC::getCopyOfContextMap), pool).get();
            assertThat(seen).containsEntry("importId", "abc").containsEntry("function_request_id", "req-1").doesNotContainKey("leftover");
            Map<String, String> after = CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool).get();
            assertThat(after).as("the pool thread's own context is restored").containsEntry("leftover", "x").doesNotContainKey("importId");
            // Without the carrier a pool thread sees nothing of the caller's.
            assertThat(CompletableFuture.supplyAsync(() -> MDC.get("importId"), pool).get()).isNull();
        } finally {
            MDC.clear();
            pool.shutdownNow();
        }
    }
}
