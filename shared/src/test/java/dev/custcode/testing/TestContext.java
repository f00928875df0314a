package dev.custcode.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * An invocation's context as Lambda hands it to a handler: a request id, the function's name and
 * memory, and the time left, counted down on the given clock from a fixed deadline (so that a test
 * can give an invocation minutes or none).
 */
public final class TestContext implements Context {
    private final String function;
    private final String requestId;
    private final Clock clock;
    private final Instant deadline;

    public TestContext(String function, String requestId, Clock clock, Instant deadline) {
        this.function = function;
        this.requestId = requestId;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** An invocation of {@code function} with {@code seconds} left on the system clock. */
    public static TestContext of(String function, int seconds) {
        Clock clock = Clock.systemUTC();
        return new TestContext(function, "req-" + Long.toHexString(System.nanoTime()), clock, clock.instant().plusSeconds(seconds));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function;
    }

    @Override
    public String getLogStreamName() {
        return "2026/12/01/[$LATEST]test";
    }

    @Override
    public String getFunctionName() {
        return function;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
