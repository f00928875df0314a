package dev.custcode.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * A {@link HttpRequest} signed with SigV4 by the SDK's signer: the HTTP API ({@code execute-api}),
 * CloudFormation's and Lambda's calls this tool makes without their SDK clients.
 */
final class SigV4 {
    /** Headers java.net.http sets itself and refuses from callers; the signature covers Host, which it sets to the same value. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SigV4() {
    }

    /** @param body null for a request without one (a GET) */
    static HttpRequest request(AwsCredentialsProvider credentials, Region region, String service, URI uri, Map<String, String> headers,
                               String body, Duration timeout) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(body == null ? SdkHttpMethod.GET : SdkHttpMethod.POST);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = SIGNER.sign(r -> {
            r.identity(credentials.resolveCredentials()).request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id());
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }
}
