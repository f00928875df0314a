package dev.custcode.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A deployed stack's outputs, by CloudFormation's {@code DescribeStacks} (its query API, signed
 * with SigV4). Why not the SDK's CloudFormation client: the registry these builds use serves it
 * only at SDK versions other than the one the whole project is pinned to, and one call does not
 * justify mixing SDK versions.
 */
final class StackOutputs {
    private StackOutputs() {
    }

    static Map<String, String> of(String stackName, Region region, AwsCredentialsProvider credentials) {
        String body = "Action=DescribeStacks&Version=2010-05-15&StackName=" + URLEncoder.encode(stackName, StandardCharsets.UTF_8);
        URI uri = URI.create("https://cloudformation." + region.id() + ".amazonaws.com/");
        HttpRequest request = SigV4.request(credentials, region, "cloudformation", uri,
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), body, Duration.ofSeconds(30));
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("CloudFormation refused DescribeStacks for " + stackName + ": " + response.statusCode() + " "
                        + text.replaceAll("(?s).*<Message>(.*?)</Message>.*", "$1"));
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach CloudFormation in " + region.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The {@code OutputKey → OutputValue} pairs of a {@code DescribeStacksResponse}. */
    static Map<String, String> parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors are thrown, not printed
            NodeList outputs = builder.parse(new ByteArrayInputStream(xml)).getElementsByTagName("Outputs");
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < outputs.getLength(); i++) {
                NodeList members = ((Element) outputs.item(i)).getElementsByTagName("member");
                for (int j = 0; j < members.getLength(); j++) {
                    Element m = (Element) members.item(j);
                    NodeList key = m.getElementsByTagName("OutputKey");
                    NodeList value = m.getElementsByTagName("OutputValue");
                    if (key.getLength() > 0 && value.getLength() > 0) {
                        out.put(key.item(0).getTextContent(), value.item(0).getTextContent());
                    }
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("CloudFormation answered DescribeStacks with XML this tool cannot read", e);
        }
    }
}
