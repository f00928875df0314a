package dev.custcode.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import software.amazon.awssdk.regions.Region;

/**
 * {@code custcode}: drop files and watch them imported, look customers and groups up, undo an
 * import, start a re-evaluation — against the local stack by default, or a deployed one by name.
 *
 * <pre>
 * ./custcode import customers.csv            # uploads, shows progress, prints the summary
 * ./custcode --stack custcode tree north     # a deployed stack, from its outputs
 * </pre>
 */
@Command(name = "custcode", mixinStandardHelpOptions = true, version = "custcode 0.1.0",
        description = "Customer code groups: import files, follow them, look customers and folders up.",
        subcommands = {ImportCommand.class, StatusCommand.class, FindCommand.class, TreeCommand.class, UndoCommand.class, MergeCommand.class,
                ReevaluateCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (an import COMPLETED, PARTIAL or SUPERSEDED)",
                "1:an import or run FAILED or was REJECTED, or the stack said no (not found, retired, merged into another, refused)",
                "2:wrong usage (the stack's too: an id or value it cannot read)", "3:the stack could not be reached, failed, or did not answer in time"})
public final class Main {
    static final int FAILED = 1;
    static final int UNREACHABLE = 3;

    @Option(names = "--stack", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "A deployed stack's name: its ApiUrl and DataBucketName outputs are used, requests signed with the default credentials.")
    String stack;

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "The deployed stack's region (default: the SDK's default region).")
    String region;

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The HTTP API (default ${DEFAULT-VALUE}; or set CUSTCODE_API).",
            defaultValue = "${CUSTCODE_API:-http://127.0.0.1:3000}")
    URI api;

    @Option(names = "--s3-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The local S3 endpoint (default ${DEFAULT-VALUE}; or set CUSTCODE_S3_ENDPOINT).",
            defaultValue = "${CUSTCODE_S3_ENDPOINT:-http://127.0.0.1:4566}")
    URI s3Endpoint;

    @Option(names = "--sqs-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The local SQS endpoint (default ${DEFAULT-VALUE}; or set CUSTCODE_SQS_ENDPOINT).",
            defaultValue = "${CUSTCODE_SQS_ENDPOINT:-http://127.0.0.1:9324}")
    URI sqsEndpoint;

    @Option(names = "--bucket", scope = ScopeType.INHERIT, description = "The data bucket (local default ${DEFAULT-VALUE}; or set CUSTCODE_BUCKET).",
            defaultValue = "${CUSTCODE_BUCKET:-custcode-local}")
    String bucket;

    @Option(names = "--poll", scope = ScopeType.INHERIT, paramLabel = "MILLIS", defaultValue = "500",
            description = "How often to ask how an import or run stands (default ${DEFAULT-VALUE} ms).")
    long pollMillis;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long to wait for an import or run to end (default ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    private Target target;

    Target target() {
        if (target == null) {
            target = stack == null ? Target.local(api, s3Endpoint, bucket, sqsEndpoint)
                    : Target.deployed(stack, region == null ? Region.of(new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain()
                    .getRegion().id()) : Region.of(region), null, null);
        }
        return target;
    }

    Duration poll() {
        return Duration.ofMillis(Math.max(50, pollMillis));
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** One look at something remote: its answer, or empty while it is not there yet. */
    @FunctionalInterface
    interface Look<T> {
        java.util.Optional<T> look();
    }

    /**
     * Asks {@code look} every {@code --poll} until it answers or {@code --timeout} passes (empty
     * then): how the commands wait for an import, an undo or a run that a function carries out.
     */
    <T> java.util.Optional<T> await(Look<T> look) throws InterruptedException {
        java.time.Instant giveUp = java.time.Instant.now().plus(timeout());
        while (java.time.Instant.now().isBefore(giveUp)) {
            java.util.Optional<T> answer = look.look();
            if (answer.isPresent()) {
                return answer;
            }
            Thread.sleep(poll().toMillis()); // a client waiting for remote work, at the rate the user chose
        }
        return java.util.Optional.empty();
    }

    /** The command line as the launcher and the tests run it: errors from the stack end in exit code 3 with one line. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // localhost:3000 parses as a URI of scheme "localhost": refused here, as wrong usage, rather than failing later.
        cl.registerConverter(URI.class, Main::url);
        cl.registerConverter(java.time.LocalDate.class, Main::date);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ApiClient.ApiException api && api.status / 100 != 5) {
                // An answer, not an outage: 400 is wrong input; 301, 404, 409, 410 say no.
                err.println("custcode: " + e.getMessage());
                return api.status == 400 ? commandLine.getCommandSpec().exitCodeOnInvalidInput() : FAILED;
            }
            if (e instanceof software.amazon.awssdk.services.s3.model.NoSuchBucketException) {
                // The stack answered: the bucket named is not its (a typo in --bucket, or another stack's name).
                Target target = ((Main) commandLine.getCommandSpec().root().userObject()).target();
                err.println("custcode: there is no bucket " + target.bucket()
                        + (target.s3Endpoint() == null ? "" : " at " + target.s3Endpoint())
                        + "; give the stack's data bucket with --bucket (custcode-local for the local stack), or --stack for a deployed stack");
                return commandLine.getCommandSpec().exitCodeOnInvalidInput();
            }
            if (e instanceof ApiClient.ApiException || e instanceof java.io.UncheckedIOException
                    || e instanceof software.amazon.awssdk.core.exception.SdkException) {
                err.println("custcode: " + (e instanceof software.amazon.awssdk.core.exception.SdkClientException
                        ? unreachableStorage(e) : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
                return UNREACHABLE;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("custcode: " + e.getMessage());
                return commandLine.getCommandSpec().exitCodeOnInvalidInput();
            }
            throw e;
        });
        return cl;
    }

    /**
     * The SDK's "Unable to execute HTTP request … SDK Attempt Count: 4" as a user can act on it: the
     * storage it could not reach, and the options that name another.
     */
    static String unreachableStorage(Exception e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\(SDK Attempt Count")[0].strip();
        return "cannot reach the stack's storage (" + cause + "); is the stack running? a stack on other ports needs --s3-endpoint"
                + " (and --sqs-endpoint, --api); a deployed stack needs --stack";
    }

    /** An endpoint option's value: an http or https URL with a host. */
    static URI url(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: give it as http://host:port (e.g. http://127.0.0.1:3000)");
        }
        return uri;
    }

    /** A date as an option gives it: YYYY-MM-DD, a day of the calendar. */
    static java.time.LocalDate date(String value) {
        try {
            return java.time.LocalDate.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date: give it as YYYY-MM-DD (e.g. 2027-03-31)");
        }
    }

    /** Whether a person watches: progress is then redrawn in place, else printed a line per update. */
    static boolean terminal;

    public static void main(String[] args) {
        terminal = System.console() != null;
        System.exit(commandLine().execute(args));
    }
}
