package dev.custcode.local.host;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The "container" of one function in the local runtime: a separate JVM whose classpath is the
 * function's shaded jar and whose environment is the template's, like a Lambda execution
 * environment. It creates the handler once (init), then serves invocations on a loopback port,
 * decoding events with aws-lambda-java-serialization exactly as the Lambda Java runtime does.
 *
 * <p>Protocol (local only): prints {@code READY <port>} once listening; {@code POST /invoke}
 * with the event JSON answers 200 with the result JSON, or 500 with Lambda's error shape
 * ({@code errorType}, {@code errorMessage}, {@code stackTrace}).
 *
 * <p>This class may only use the JDK, aws-lambda-java-core and aws-lambda-java-serialization:
 * nothing else of the local runtime is on the function's classpath.
 */
public final class FunctionHost {
    private final String functionName;
    private final int memoryMb;
    private final Object handler;
    private final Method method;
    private final PojoSerializer<Object> input;
    private final Throwable initError;

    private FunctionHost(String functionName, int memoryMb, Object handler, Method method, PojoSerializer<Object> input, Throwable initError) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.handler = handler;
        this.method = method;
        this.input = input;
        this.initError = initError;
    }

    /** Args: {@code class::method}, concurrency. */
    public static void main(String[] args) throws IOException {
        String spec = args[0];
        int concurrency = Integer.parseInt(args[1]);
        String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", spec);
        int memory = Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
        FunctionHost host;
        try {
            host = init(spec, functionName, memory);
        } catch (Throwable t) {
            // Like Lambda: the init error is reported on every invocation (and retried), not swallowed.
            System.err.println("INIT_ERROR " + functionName + ": " + t);
            t.printStackTrace();
            host = new FunctionHost(functionName, memory, null, null, null, t);
        }
        // The JDK server writes a response's headers and body as two segments; with Nagle's
        // algorithm the second waits for the ACK of the first, which the caller delays by ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        FunctionHost h = host;
        server.createContext("/invoke", exchange -> h.invoke(exchange));
        server.setExecutor(Executors.newFixedThreadPool(concurrency));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
        // The runtime holds this process's stdin open: end of input means it is gone (even killed
        // with SIGKILL), and an environment nobody can invoke must not go on writing.
        Thread orphan = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent on stdin; wait for its end
                }
            } catch (IOException e) {
                // the same: the runtime is gone
            }
            Runtime.getRuntime().halt(0);
        }, "runtime-watch");
        orphan.setDaemon(true);
        orphan.start();
    }

    @SuppressWarnings("unchecked")
    private static FunctionHost init(String spec, String functionName, int memory) throws ReflectiveOperationException {
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        String methodName = sep < 0 ? "handleRequest" : spec.substring(sep + 2);
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Class<?> type = Class.forName(className, true, cl);
        Method method = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && !m.isBridge() && m.getParameterCount() >= 1 && m.getParameterCount() <= 2) {
                method = m;
                break;
            }
        }
        if (method == null) {
            throw new NoSuchMethodException(className + "::" + methodName);
        }
        Object handler = type.getDeclaredConstructor().newInstance();
        Class<Object> inputType = (Class<Object>) method.getParameterTypes()[0];
        return new FunctionHost(functionName, memory, handler, method, serializer(inputType, cl), null);
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader cl) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, cl);
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String requestId = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Aws-Request-Id");
        long deadline = Long.parseLong(exchange.getRequestHeaders().getFirst("Lambda-Runtime-Deadline-Ms"));
        byte[] body = exchange.getRequestBody().readAllBytes();
        long start = System.nanoTime();
        int status;
        byte[] response;
        try {
            if (initError != null) {
                throw initError;
            }
            Object event = input.fromJson(new ByteArrayInputStream(body));
            Context context = new LocalContext(requestId, deadline);
            Object result = method.getParameterCount() == 2 ? method.invoke(handler, event, context) : method.invoke(handler, event);
            response = toJson(result);
            status = 200;
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
            System.err.println("ERROR " + functionName + " " + requestId + ": " + cause);
            cause.printStackTrace();
            response = error(cause);
            status = 500;
        }
        // Like Lambda's REPORT line; the heap peak (reset per invocation) stands in for "Max Memory Used".
        long peak = peakHeapBytes() / (1024 * 1024);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("REPORT RequestId: " + requestId + " Duration: " + millis + " ms Memory Size: " + memoryMb
                + " MB Max Heap Used: " + peak + " MB");
        exchange.getResponseHeaders().add("X-Max-Heap-Used-MB", Long.toString(peak));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    /** The sum of the heap pools' peaks since the last call, which resets them. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
                pool.resetPeakUsage();
            }
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static byte[] toJson(Object result) {
        if (result == null) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((PojoSerializer<Object>) serializer(result.getClass(), result.getClass().getClassLoader())).toJson(result, out);
        return out.toByteArray();
    }

    private static byte[] error(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        StringBuilder sb = new StringBuilder("{\"errorType\":").append(quote(t.getClass().getName()))
                .append(",\"errorMessage\":").append(quote(String.valueOf(t.getMessage())))
                .append(",\"stackTrace\":[");
        String[] lines = trace.toString().split("\n");
        for (int i = 0; i < Math.min(lines.length, 40); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(lines[i].strip()));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The Lambda context of one local invocation. The host runs in each function's own JVM, whose
     * class path is the function's code and the host's classes only (a test function has no
     * project classes at all): it uses none of the project's shared classes, so this context is its
     * own rather than the tests' {@code TestContext} (tried: {@code SqsEventSourceIT}'s echo function
     * then failed with NoClassDefFoundError).
     */
    private final class LocalContext implements Context {
        private final String requestId;
        private final long deadline;

        LocalContext(String requestId, long deadline) {
            this.requestId = requestId;
            this.deadline = deadline;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
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
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
