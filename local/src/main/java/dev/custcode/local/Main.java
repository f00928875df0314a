package dev.custcode.local;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code custcode-local}: starts the local stack in the foreground until Ctrl-C.
 *
 * <pre>
 * options: --data DIR (default .custcode-local)  --template FILE (default template.yaml)
 *          --s3-port 4566  --dynamodb-port 8000  --api-port 3000  --sqs-port 9324  --bucket custcode-local
 *          --timeout NAME=SECONDS (repeatable: overrides a function's Timeout)
 *          --parameter-overrides NAME=VALUE (repeatable: a template parameter's value)
 *          --stop-timeout 30 (seconds running invocations get to finish on Ctrl-C or SIGTERM)
 *          --oidc-issuer URL --oidc-client ID (an OpenID Connect provider the web page signs in with:
 *          its tokens are verified as the template's JWT authorizer verifies them)
 * </pre>
 *
 * <p>Ctrl-C or SIGTERM stops cleanly: nothing new starts, running invocations get the stop
 * timeout to finish, what is left stays journaled under the data directory for the next start,
 * and the process exits 0.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // ./custcode-local runs this from a copy of its classes and jars (a rebuild beside the running stack leaves it alone): removed at exit.
        String copy = System.getProperty("custcode.classpathCopy");
        if (copy != null && Path.of(copy).getFileName().toString().startsWith("custcode-run-")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(Path.of(copy)), "custcode-run-cleanup"));
        }
        Path template = Path.of("template.yaml");
        Path data = Path.of(".custcode-local");
        LocalRuntime.Config defaults = LocalRuntime.Config.defaults(template, data);
        int s3Port = defaults.s3Port();
        int dynamoPort = defaults.dynamoPort();
        int apiPort = defaults.apiPort();
        int sqsPort = defaults.sqsPort();
        String bucket = defaults.bucket();
        int stopSeconds = 30;
        java.util.Map<String, Integer> timeouts = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        boolean printSamEnv = false;
        String oidcIssuer = null;
        String oidcClient = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--template" -> template = Path.of(value);
                case "--s3-port" -> s3Port = Integer.parseInt(value);
                case "--dynamodb-port" -> dynamoPort = Integer.parseInt(value);
                case "--api-port" -> apiPort = Integer.parseInt(value);
                case "--sqs-port" -> sqsPort = Integer.parseInt(value);
                case "--timeout" -> {
                    int eq = value == null ? -1 : value.indexOf('=');
                    if (eq < 1) {
                        System.err.println("--timeout takes NAME=SECONDS, e.g. --timeout IngestFunction=20");
                        System.exit(2);
                    }
                    timeouts.put(value.substring(0, eq), Integer.parseInt(value.substring(eq + 1)));
                }
                case "--parameter-overrides" -> {
                    int eq = value == null ? -1 : value.indexOf('=');
                    if (eq < 1) {
                        System.err.println("--parameter-overrides takes NAME=VALUE, e.g. --parameter-overrides ChunkRows=5000");
                        System.exit(2);
                    }
                    parameters.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--bucket" -> bucket = value;
                case "--oidc-issuer" -> oidcIssuer = value;
                case "--oidc-client" -> oidcClient = value;
                case "--stop-timeout" -> stopSeconds = Integer.parseInt(value);
                case "--print-sam-env" -> {
                    printSamEnv = true;
                    i--;
                }
                case "--print-default-scheme" -> {
                    System.out.write(dev.custcode.scheme.SchemeLoader.defaultSchemeJson());
                    System.out.flush();
                    System.exit(0);
                }
                case "--validate-scheme" -> {
                    try {
                        var scheme = dev.custcode.scheme.SchemeLoader.parse(java.nio.file.Files.readAllBytes(Path.of(value)));
                        System.out.println(value + ": valid scheme \"" + scheme.name() + "\"");
                        System.exit(0);
                    } catch (dev.custcode.scheme.InvalidSchemeException e) {
                        e.errors().forEach(err -> System.out.println(value + ": " + err));
                        System.exit(1);
                    }
                }
                case "-h", "--help" -> {
                    System.out.println(String.join("\n",
                            "usage: custcode-local [--data DIR] [--template FILE] [--s3-port N] [--dynamodb-port N] [--api-port N] [--sqs-port N]",
                            "                      [--bucket NAME] [--timeout FUNCTION=SECONDS]...   (--timeout overrides the template's Timeout)",
                            "                      [--parameter-overrides NAME=VALUE]...          (a template parameter's value, as sam deploy takes it)",
                            "                      [--stop-timeout SECONDS]   (on Ctrl-C/SIGTERM, how long running invocations get; default 30)",
                            "                      [--oidc-issuer URL --oidc-client ID]  (the web page signs in there; Bearer tokens are verified)",
                            "       custcode-local [ports…] --print-sam-env   print sam local's --env-vars file for this stack (events/env.json)",
                            "       custcode-local --print-default-scheme      print the built-in scheme (JSON)",
                            "       custcode-local --validate-scheme FILE      check a scheme file; errors name JSON paths"));
                    System.exit(0);
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
            i++;
        }
        if ((oidcIssuer == null) != (oidcClient == null)) {
            System.err.println("--oidc-issuer and --oidc-client go together (try --help)");
            System.exit(2);
        }
        LocalRuntime.Config config = new LocalRuntime.Config(template, data, s3Port, dynamoPort, apiPort, bucket,
                defaults.retryDelays(), defaults.concurrency(), sqsPort, timeouts, parameters,
                oidcIssuer == null ? null : new LocalRuntime.Config.Oidc(oidcIssuer, oidcClient), defaults.idleEnvironments());
        if (printSamEnv) {
            System.out.print(SamLocalEnv.json(config));
            System.exit(0);
        }
        LocalRuntime stack;
        try {
            stack = LocalRuntime.start(config);
        } catch (Exception | LinkageError e) {
            System.err.println("custcode-local could not start: " + e);
            // DynamoDB Local leaves a non-daemon thread behind: exit explicitly.
            System.exit(1);
            return;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
        }
        System.out.println(String.join("\n", List.of(
                "",
                "custcode local stack is running (Ctrl-C stops it). Data in " + data.toAbsolutePath(),
                "  S3        " + stack.s3Endpoint() + "   bucket " + stack.bucket(),
                "  DynamoDB  " + stack.dynamoEndpoint(),
                "  SQS       " + stack.sqsEndpoint(),
                "  HTTP API  " + stack.apiEndpoint() + "   e.g. curl " + stack.apiEndpoint() + "/groups",
                "  Web page  " + stack.apiEndpoint() + "/" + (config.oidc() == null ? "" : "   (sign-in at " + config.oidc().issuer() + ")"),
                "",
                "Drop a file:   aws --endpoint-url " + stack.s3Endpoint() + " s3 cp customers.csv s3://" + stack.bucket() + "/incoming/",
                "See results:   aws --endpoint-url " + stack.s3Endpoint() + " s3 ls --recursive s3://" + stack.bucket() + "/imports/",
                "Command line:  " + cliLine(stack.apiEndpoint(), stack.s3Endpoint(), stack.sqsEndpoint(), stack.bucket()),
                "")));
        stopRequested.await();
        System.out.println("custcode-local: stopping. Nothing new starts; running invocations get up to " + stopSeconds
                + " s to finish; the rest is delivered at the next start.");
        LocalRuntime.Stopped left = stack.stop(java.time.Duration.ofSeconds(stopSeconds));
        stack.close();
        System.out.println("custcode-local: stopped" + (left.asyncLeft() + left.queueBatchesLeft() == 0
                ? "; no invocation was cut (work still queued, such as an import's chunks, is delivered at the next start)."
                : "; " + left.asyncLeft() + " event(s) and " + left.queueBatchesLeft() + " queue batch(es) were cut and are delivered at the next start."));
        System.out.flush();
        // DynamoDB Local leaves a non-daemon thread behind: exit explicitly.
        System.exit(0);
    }

    /** How to point the command line at this stack: nothing to set on the default ports and bucket (the command line's defaults too). */
    static String cliLine(java.net.URI api, java.net.URI s3, java.net.URI sqs, String bucket) {
        LocalRuntime.Config d = LocalRuntime.Config.defaults(null, null);
        boolean defaults = api.getPort() == d.apiPort() && s3.getPort() == d.s3Port() && sqs.getPort() == d.sqsPort() && d.bucket().equals(bucket);
        return defaults ? "./custcode status"
                : "export CUSTCODE_API=" + api + " CUSTCODE_S3_ENDPOINT=" + s3 + " CUSTCODE_SQS_ENDPOINT=" + sqs + " CUSTCODE_BUCKET=" + bucket
                        + "; ./custcode status";
    }

    private static void deleteTree(Path root) {
        try (var all = java.nio.file.Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
