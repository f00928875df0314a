package dev.custcode.local;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Injects the faults DynamoDB and S3 produce, into the SDK's own request path:
 * <ul>
 *   <li><b>throttle</b>: the request fails before it reaches the service (as a throttled or
 *       refused request does); the SDK retries it;</li>
 *   <li><b>lost response</b>: the service applies the request, then the client sees HTTP 500
 *       (a response lost on the way back); the SDK retries a request that already took effect;</li>
 *   <li><b>crash</b>: after a number of calls of one operation, every later call fails and is not
 *       retried, as if the process had died (nothing after it runs, not even cleanup).</li>
 * </ul>
 * Seeded, so a failing run can be replayed.
 */
final class FaultInjector implements ExecutionInterceptor {
    private static final Set<String> WRITES = Set.of("UpdateItem", "BatchWriteItem", "PutItem", "TransactWriteItems", "PutObject");
    private static final String INJECTED = "custcode.injected";

    private final Random random;
    private final double throttle;
    private final double lostResponse;
    private final String crashOperation;
    private final int crashAfter;
    private final AtomicInteger crashCount = new AtomicInteger();
    final AtomicBoolean crashed = new AtomicBoolean();
    final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();

    private FaultInjector(long seed, double throttle, double lostResponse, String crashOperation, int crashAfter) {
        this.random = new Random(seed);
        this.throttle = throttle;
        this.lostResponse = lostResponse;
        this.crashOperation = crashOperation;
        this.crashAfter = crashAfter;
    }

    static FaultInjector faults(long seed, double throttle, double lostResponse) {
        return new FaultInjector(seed, throttle, lostResponse, null, 0);
    }

    /** Dies at the {@code n+1}-th call of {@code operation}. */
    static FaultInjector crashAfter(String operation, int n) {
        return new FaultInjector(0, 0, 0, operation, n);
    }

    /** What a dead process's calls do: fail, unretried. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private synchronized double next() {
        return random.nextDouble();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (crashOperation != null && (crashed.get() || (operation.equals(crashOperation) && crashCount.incrementAndGet() > crashAfter))) {
            crashed.set(true);
            throw new SimulatedCrash("simulated crash at " + operation);
        }
        if (WRITES.contains(operation) && throttle > 0 && next() < throttle) {
            throttled.incrementAndGet();
            throw RetryableException.create("injected throttling of " + operation);
        }
        if (WRITES.contains(operation) && lostResponse > 0 && next() < lostResponse) {
            attributes.putAttribute(KEY, Boolean.TRUE);
        }
    }

    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> KEY =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>(INJECTED);

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(KEY))) {
            attributes.putAttribute(KEY, Boolean.FALSE);
            lost.incrementAndGet();
            return context.httpResponse().toBuilder().statusCode(500).build();
        }
        return context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (context.httpResponse().statusCode() == 500 && context.responseBody().isPresent()) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String body = "S3".equals(service)
                    ? "<Error><Code>InternalError</Code><Message>injected lost response</Message></Error>"
                    : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected lost response\"}";
            return Optional.of(new ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return context.responseBody();
    }
}
